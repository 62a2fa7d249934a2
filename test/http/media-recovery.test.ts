import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { tokenOf } from '../../src/modules/common/process-owner.js';
import { BatchRepository } from '../../src/modules/media/batch.repository.js';
import { ENGINES } from '../database.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';
import { makeZip } from '../zip.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

describe.each(ENGINES)('after a process stopped while it received files or saved a batch (%s)', (engine) => {
  let t: TestApp;
  let dir: string;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let curator: Awaited<ReturnType<typeof makeUser>>;
  let museumId: string;
  let objectId: string;
  const repo = new BatchRepository();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-recovery-'));
    t = await createTestApp(engine, { MEDIA_DIR: dir });
    const museum = await makeMuseum(t.services, 'recovery-museum');
    museumId = museum.id;
    curator = await makeUser(t.services, { museum, role: 'curator' });
    objectId = (await t.services.objects.create(curator, museum.id, objectInput({ accessionNumber: 'R.1' })))
      .id;
    api = await apiClient(t, curator.userId);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const image = (colour: string) =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
      .jpeg()
      .toBuffer();
  const stage = async (files: { name: string; data: Buffer }[]) => {
    const res = await t.app.request('/api/v1/museums/recovery-museum/media/batches', {
      method: 'POST',
      body: new Uint8Array(makeZip(files)),
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(res.status).toBe(201);
    return (await res.json()).id as string;
  };
  const batchCall = (method: string, id: string, action = '') =>
    api.call(method, `/api/v1/museums/recovery-museum/media/batches/${id}${action}`);
  const objectMedia = async () =>
    (await (await api.call('GET', `/api/v1/museums/recovery-museum/objects/${objectId}/media`)).json())
      .items as { id: string; originalName: string }[];

  it('removes the half-written files no live process holds, and only those', async () => {
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    const left = join(dir, 'tmp', 'left-by-a-dead-process.part');
    const recent = join(dir, 'tmp', 'another-process-is-writing.part');
    writeFileSync(left, 'half an upload');
    writeFileSync(recent, 'an upload on its way');
    utimesSync(left, hoursAgo(2), hoursAgo(2));
    // A file this process holds (an image library writing it), untouched for a while.
    const held = await t.services.storage.tempPath();
    writeFileSync(held, 'a pyramid being written');
    utimesSync(held, hoursAgo(2), hoursAgo(2));
    expect(await t.services.cleanUpMedia()).toEqual({ tempFiles: 1, batches: 0 });
    expect(readdirSync(join(dir, 'tmp')).sort()).toEqual([basename(recent), basename(held)].sort());
    await t.services.storage.discardPath(held);
    rmSync(recent);
    // Written a moment ago by a process of this host that is gone (a server killed and started again): removed at once.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    }).stdout.trim();
    const orphaned = join(dir, 'tmp', `${tokenOf(Number(gone)).replaceAll('/', '~')}.part`);
    const alive = join(dir, 'tmp', `${tokenOf(process.ppid).replaceAll('/', '~')}.part`);
    writeFileSync(orphaned, 'half an upload');
    writeFileSync(alive, 'an upload on its way');
    expect(await t.services.cleanUpMedia()).toEqual({ tempFiles: 1, batches: 0 });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([basename(alive)]);
    rmSync(alive);
  });

  it('leaves a batch a live process is saving to it, and saves once a batch whose process died', async () => {
    const first = await image('#a44');
    const id = await stage([
      { name: 'R.1_01.jpg', data: first },
      { name: 'R.1_02.jpg', data: await image('#4a4') },
    ]);
    const db = t.services.database.db;
    // Another server is saving it right now: neither a save, a drop nor a clean-up takes it from it.
    expect(
      await repo.claim(
        db,
        id,
        'another-server',
        new Date().toISOString(),
        new Date(Date.now() + 60_000).toISOString(),
      ),
    ).toBe(true);
    expect((await batchCall('POST', id, '/save')).status).toBe(409);
    expect((await batchCall('DELETE', id)).status).toBe(409);
    expect((await t.services.cleanUpMedia()).batches).toBe(0);
    // It stored and recorded the first file, then died before it wrote the batch's outcome.
    const { media: saved } = await t.services.media.ingest(
      curator,
      museumId,
      objectId,
      new Blob([first]).stream(),
      { originalName: 'R.1_01.jpg' },
    );
    expect(await repo.renew(db, id, 'another-server', hoursAgo(1).toISOString())).toBe(true);
    expect((await (await batchCall('GET', id)).json()).status).toBe('saving');
    // Its claim ran out: the clean-up frees the batch, and a save finishes it without a second copy.
    expect((await t.services.cleanUpMedia()).batches).toBe(1);
    expect((await (await batchCall('GET', id)).json()).status).toBe('staged');
    const res = await batchCall('POST', id, '/save');
    expect(res.status).toBe(200);
    const batch = await res.json();
    expect(batch.status).toBe('saved');
    expect(
      batch.entries.map((e: { file: string; mediaId: string; duplicate?: boolean }) => [
        e.file,
        Boolean(e.mediaId),
        e.duplicate ?? false,
      ]),
    ).toEqual([
      ['R.1_01.jpg', true, true],
      ['R.1_02.jpg', true, false],
    ]);
    expect(batch.entries[0].mediaId).toBe(saved.id);
    expect((await objectMedia()).map((m) => m.originalName)).toEqual(['R.1_01.jpg', 'R.1_02.jpg']);
    expect((await batchCall('POST', id, '/save')).status).toBe(409);
  });

  it('saves or drops at once a batch whose claim ran out, without waiting for the clean-up', async () => {
    const db = t.services.database.db;
    const a = await stage([{ name: 'R.1_03.jpg', data: await image('#44a') }]);
    const b = await stage([{ name: 'R.1_04.jpg', data: await image('#aa4') }]);
    for (const id of [a, b])
      expect(
        await repo.claim(db, id, 'a-dead-server', hoursAgo(2).toISOString(), hoursAgo(1).toISOString()),
      ).toBe(true);
    expect((await (await batchCall('POST', a, '/save')).json()).status).toBe('saved');
    expect((await batchCall('DELETE', b)).status).toBe(204);
    expect((await (await batchCall('GET', b)).json()).status).toBe('dropped');
  });

  it('frees at once a batch whose saving process on this host is gone, and leaves one whose process lives', async () => {
    const db = t.services.database.db;
    const a = await stage([{ name: 'R.1_05.jpg', data: await image('#a4a') }]);
    const b = await stage([{ name: 'R.1_06.jpg', data: await image('#4aa') }]);
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    }).stdout.trim();
    const until = new Date(Date.now() + 60_000).toISOString();
    // Claimed by a process of this host that has ended (a server killed and started again), and by this live one.
    expect(await repo.claim(db, a, tokenOf(Number(gone)), new Date().toISOString(), until)).toBe(true);
    expect(await repo.claim(db, b, tokenOf(process.pid), new Date().toISOString(), until)).toBe(true);
    expect((await t.services.cleanUpMedia()).batches).toBe(1);
    expect((await (await batchCall('GET', a)).json()).status).toBe('staged');
    expect((await (await batchCall('GET', b)).json()).status).toBe('saving');
  });
});
