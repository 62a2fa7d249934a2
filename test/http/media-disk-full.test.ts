import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { open, statfs, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { fromStorageError } from '../../src/errors.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createApp } from '../../src/http/app.js';
import { createServices, type Services } from '../../src/services.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';

/**
 * A small file system that fills: a tmpfs of 12 MB holding the media folder and the SQLite
 * database, as on a small server whose one disk runs out. Mounting needs root (as on CI); without
 * it, the disk-full cases are skipped and say so.
 */
function mountSmallDisk(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch (e) {
    console.warn(
      `Disk-full cases skipped: cannot mount a tmpfs at ${dir} (root is needed): ${String(e).split('\n')[0]}`,
    );
    return false;
  }
}

/** Writes a file until the disk refuses more; returns its path, to free the space again. */
async function fillDisk(dir: string): Promise<string> {
  const path = join(dir, 'filler');
  const f = await open(path, 'w');
  try {
    for (;;) await f.write(Buffer.alloc(64 * 1024));
  } catch (e) {
    expect((e as { code?: string }).code).toBe('ENOSPC');
  } finally {
    await f.close();
  }
  // tmpfs counts in pages: a write smaller than the room left can still fit, and is taken too.
  const g = await open(path, 'a');
  await g.write(Buffer.alloc((await statfs(dir)).bavail * 4096)).catch(() => undefined);
  await g.close();
  return path;
}

const dir = mkdtempSync(join(tmpdir(), 'mathaf-full-'));
const mounted = mountSmallDisk(dir);

describe('Disk full and I/O errors', () => {
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let close: () => Promise<void>;
  let token: string;
  let objectId: string;
  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MEDIA_DIR: join(dir, 'media'),
      DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
    });
    const database = openDatabase(config.DATABASE_URL);
    services = createServices(config, database);
    await migrateToLatest(database, services.auth.options);
    // The migrations' write-ahead log (3 MB) given back, so the disk holds what the test puts on it.
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
    app = createApp(services, pino({ level: 'silent' }));
    close = () => database.close();
    const museum = await makeMuseum(services, 'full-disk');
    const curator = await makeUser(services, { museum, role: 'curator' });
    objectId = (await services.objects.create(curator, museum.id, objectInput({ accessionNumber: 'F.1' })))
      .id;
    token = (await services.repos.tokens.create(services.database.db, curator.userId, 'test')).token;
  });
  afterAll(async () => {
    await close?.();
    // The image library keeps files it opened lately; a lazy unmount lets the disk go once they close.
    if (mounted) execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  const upload = async (body: Buffer) => {
    const res = await app.request(`/api/v1/museums/full-disk/objects/${objectId}/media`, {
      method: 'POST',
      body: new Uint8Array(body),
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
    });
    return { status: res.status, body: await res.json() };
  };
  // 360 KB of uncompressed PNG, each of its own colour, whose derivatives take a few kilobytes.
  const photo = (seed: number) =>
    sharp({
      create: {
        width: 400,
        height: 300,
        channels: 3,
        background: { r: seed % 256, g: (seed * 7) % 256, b: 90 },
      },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
  const listed = async () =>
    (
      await (
        await app.request(`/api/v1/museums/full-disk/objects/${objectId}/media`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()
    ).items as { id: string; sha256: string }[];
  const tmpFiles = () => readdirSync(join(dir, 'media', 'tmp'));

  it.skipIf(!mounted)(
    'answers 507 when the disk fills, loses nothing acknowledged, keeps nothing partial, and takes uploads again once there is room',
    async () => {
      // Others' data on the disk, to be freed later.
      await writeFile(join(dir, 'others'), Buffer.alloc(4 * 1024 * 1024));
      const acknowledged: { id: string; sha256: string }[] = [];
      let refused: { status: number; body: { error: { code: string; message: string } } } | undefined;
      for (let seed = 0; seed < 60 && !refused; seed++) {
        const r = await upload(await photo(seed));
        if (r.status === 201) acknowledged.push({ id: r.body.id, sha256: r.body.sha256 });
        else refused = r;
      }
      expect(acknowledged.length).toBeGreaterThan(2);
      expect(refused?.status, JSON.stringify(refused?.body)).toBe(507);
      expect(refused?.body.error.code).toBe('insufficient_storage');
      expect(refused?.body.error.message).toMatch(/no room left/);
      // A few more tries on the full disk: each refused the same way.
      for (let seed = 100; seed < 103; seed++) expect((await upload(await photo(seed))).status).toBe(507);
      expect(tmpFiles()).toEqual([]);
      // The derivatives of what was taken cannot be made either (their job is not even claimed when the
      // database cannot grow, or fails as it writes): nothing half made is left.
      const runDue = async () => {
        while (await services.worker.runOnce(new Date(Date.now() + 24 * 3_600_000))) {
          // every job, those put off after a failure too
        }
      };
      await runDue().catch((e: unknown) => expect(fromStorageError(e)?.status).toBe(507));
      expect(tmpFiles()).toEqual([]);
      // Everything acknowledged is listed and whole.
      expect((await listed()).map((m) => m.id).sort()).toEqual(acknowledged.map((m) => m.id).sort());
      for (const m of acknowledged)
        expect(
          (
            await services.storage.digest(
              (await services.repos.media.locate(services.database.db, m.id))!.media.storageKey,
            )
          )?.sha256,
        ).toBe(m.sha256);
      await unlink(join(dir, 'others'));
      expect((await upload(await photo(200))).status).toBe(201);
      // With room again, the derivatives are made at their next attempt.
      await runDue();
      for (const m of acknowledged)
        expect(
          (await services.repos.media.locate(services.database.db, m.id))?.media.derivatives?.pyramid,
        ).toBeTruthy();
    },
  );

  it.skipIf(!mounted)(
    'answers 507 when the database cannot grow on the full disk, changes nothing, and writes again once there is room',
    async () => {
      const before = (await listed()).length;
      // The write-ahead log emptied to nothing, so the next transaction needs room on the disk.
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(services.database.db);
      const filler = await fillDisk(dir);
      const create = () =>
        app.request('/api/v1/museums/full-disk/objects', {
          method: 'POST',
          body: JSON.stringify(objectInput({ accessionNumber: 'F.2' })),
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
      const res = await create();
      expect(res.status).toBe(507);
      expect((await res.json()).error.code).toBe('insufficient_storage');
      expect((await upload(await photo(300))).status).toBe(507);
      expect(tmpFiles()).toEqual([]);
      await unlink(filler);
      expect((await create()).status).toBe(201);
      expect((await listed()).length).toBe(before);
      expect((await upload(await photo(301))).status).toBe(201);
    },
  );

  it('answers an I/O error of the storage with a clear error, keeps nothing, and goes on', async () => {
    const before = (await listed()).length;
    const eio = Object.assign(new Error('EIO: i/o error, rename'), {
      code: 'EIO',
      errno: -5,
      syscall: 'rename',
    });
    // The disk fails as the received file is moved into place.
    vi.spyOn(services.storage, 'commit').mockRejectedValueOnce(eio);
    const r = await upload(await photo(400));
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('storage_failed');
    expect(r.body.error.message).toMatch(/could not read or write its storage/);
    expect(tmpFiles()).toEqual([]);
    expect((await listed()).length).toBe(before);
    expect((await upload(await photo(400))).status).toBe(201);
  });
});
