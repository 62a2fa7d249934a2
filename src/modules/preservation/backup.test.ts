import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ENGINES } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import { migrateToLatest } from '../../db/migrate.js';
import { restoreDatabase } from '../../db/snapshot.js';
import { createServices } from '../../services.js';
import { LocalStorage } from '../media/storage.adapter.js';
import { backup, compareCounts, readManifest, restoreFiles, tableCounts } from './backup.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

/** `mathaf backup` and `mathaf restore`: a copy taken while running, brought back elsewhere, row for row and byte for byte. */
describe.each(ENGINES)('backup and restore (%s)', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), `mathaf-backup-${engine}-`));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A database of the engine: a SQLite file, or a schema of its own on the test server. */
  async function open(name: string) {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MEDIA_DIR: join(dir, `${name}-media`),
    });
    if (engine === 'sqlite') {
      const url = `sqlite:${join(dir, `${name}.sqlite`)}`;
      const database = openDatabase(url);
      cleanups.push(() => database.close());
      return { url, database, config, schema: undefined };
    }
    const schema = `b_${newId().replace(/-/g, '').slice(-12)}`;
    const admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const database = openDatabase(inject('pgUrl')!, { searchPath: schema, poolMax: 2 });
    cleanups.push(async () => {
      await database.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    });
    return { url: inject('pgUrl')!, database, config, schema };
  }

  it('backs up a running platform and restores it on a fresh machine: the same rows, the same files', async () => {
    const source = await open('source');
    const s = createServices(source.config, source.database);
    await migrateToLatest(source.database, s.auth.options);
    const museum = await makeMuseum(s, 'kept');
    const director = await makeUser(s, { museum, role: 'director' });
    const o = await s.objects.create(
      director,
      museum.id,
      objectInput({ accessionNumber: 'KEEP.1', titles: [{ lang: 'ar', value: 'مخطوط محفوظ' }] }),
    );
    const image = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#aa5500' } })
      .jpeg()
      .toBuffer();
    await s.media.ingest(director, museum.id, o.id, streamOf(image), {});
    await s.worker.drain();

    const out = join(dir, 'backup');
    const manifest = await backup(source.database, s.storage, out);
    expect(manifest.engine).toBe(engine);
    expect(manifest.tables.object).toBe(1);
    expect(manifest.tables.audit_event).toBeGreaterThan(0);
    expect(manifest.files.length).toBeGreaterThan(1);
    // Written after the backup: not in it.
    await s.objects.create(director, museum.id, objectInput({ accessionNumber: 'LATER.1' }));
    await expect(backup(source.database, s.storage, out)).rejects.toThrow(/not empty/);

    // A fresh machine: an empty database and empty storage.
    let targetUrl: string;
    let restored: ReturnType<typeof openDatabase>;
    if (engine === 'sqlite') {
      targetUrl = `sqlite:${join(dir, 'restored.sqlite')}`;
      await restoreDatabase(targetUrl, join(out, manifest.database));
      await expect(restoreDatabase(targetUrl, join(out, manifest.database))).rejects.toThrow(
        /already holds a database/,
      );
      restored = openDatabase(targetUrl);
      cleanups.push(() => restored.close());
    } else {
      const name = `r_${newId().replace(/-/g, '').slice(-12)}`;
      const admin = new pg.Client({ connectionString: source.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const u = new URL(source.url);
      u.pathname = `/${name}`;
      targetUrl = u.toString();
      await restoreDatabase(targetUrl, join(out, manifest.database), { schema: source.schema });
      await expect(
        restoreDatabase(targetUrl, join(out, manifest.database), { schema: source.schema }),
      ).rejects.toThrow(/already has tables/);
      restored = openDatabase(targetUrl, { searchPath: source.schema, poolMax: 2 });
      cleanups.push(async () => {
        await restored.close();
        await admin.query(`DROP DATABASE ${name}`);
        await admin.end();
      });
    }
    const storage = new LocalStorage(join(dir, 'restored-media'));
    expect(await restoreFiles(storage, out, await readManifest(out))).toEqual([]);
    expect(compareCounts(manifest.tables, await tableCounts(restored))).toEqual([]);
    for (const f of manifest.files) expect((await storage.digest(f.key))?.sha256, f.key).toBe(f.sha256);

    // And the platform runs on it: the record, its image, its history.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MEDIA_DIR: join(dir, 'restored-media'),
    });
    const again = createServices(config, restored);
    const actor = (await again.actors.forUser(director.userId))!;
    const list = await again.objects.list(actor, museum.id, {});
    expect(list.items.map((i) => i.accessionNumber)).toEqual(['KEEP.1']);
    const [m] = await again.media.ofObject(actor, museum.id, o.id);
    expect((await storage.digest(m!.storageKey))?.size).toBe(image.length);
    expect((await again.objects.history(actor, museum.id, o.id)).length).toBe(1);
    expect((await again.searches.searchMuseum(actor, museum.id, { q: 'مخطوط' })).total).toBe(1);
  });

  it('reports a backup file changed since it was written', async () => {
    const out = join(dir, 'backup');
    const manifest = await readManifest(out);
    const f = manifest.files[0]!;
    writeFileSync(join(out, 'media', f.key), 'changed');
    expect(await restoreFiles(new LocalStorage(join(dir, 'other-media')), out, manifest)).toEqual([
      `${f.key}: changed in the backup`,
    ]);
  });
});
