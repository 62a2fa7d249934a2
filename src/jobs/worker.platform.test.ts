import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../test/factories.js';
import { newId, nowIso } from '../db/ids.js';
import { emptyReport } from '../modules/harvest/harvest.repository.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

async function until<T>(f: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The worker as the platform builds it: its lanes, its claim's length, and what it mends when it starts. */
describe.each(ENGINES)("the platform's worker on %s", (engine) => {
  let env: TestEnv;
  let dir: string;
  /** An OAI-PMH source that takes every request and never answers. */
  let hanging: Server;
  const held = new Set<Socket>();
  let port = 0;
  /** A port nothing listens on. */
  let closedPort = 0;
  beforeAll(async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    dir = mkdtempSync(join(tmpdir(), 'mathaf-worker-'));
    env = await createTestEnv(engine, {
      MEDIA_DIR: dir,
      HARVEST_TIMEOUT_SECONDS: '120',
      HARVEST_RETRIES: '0',
    });
    hanging = createServer(() => {});
    hanging.on('connection', (s) => held.add(s));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    port = (hanging.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await new Promise((r) => hanging.close(r));
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("makes an image's derivatives while a harvest queued before it hangs on its source", async () => {
    const s = env.services;
    const db = s.database.db;
    const admin = await makeUser(s, { admin: true });
    const source = await s.harvests.register(admin, {
      name: 'Silent',
      baseUrl: `http://127.0.0.1:${port}/oai`,
      intervalHours: 0,
      allowPrivate: true,
      slug: `silent-${engine}`,
    });
    await s.harvests.request(admin, source.id, {});
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0b5d4b' } })
      .png()
      .toBuffer();
    await s.media.ingest(curator, museum.id, o.id, streamOf(png), {});
    const jobOf = (kind: string) =>
      db.selectFrom('job').select(['id', 'status']).where('kind', '=', kind).executeTakeFirstOrThrow();
    const started = Date.now();
    s.worker.start({ intervalMs: 20 });
    try {
      // The harvest is claimed first (queued first) and waits on its source for up to two minutes.
      await until(async () => ((await jobOf('harvest')).status === 'running' ? true : undefined), 10_000);
      await until(async () => ((await jobOf('derivatives')).status === 'done' ? true : undefined), 10_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await jobOf('harvest')).status).toBe('running');
      expect((await s.harvests.runs(admin, source.id)).map((r) => r.status)).toEqual(['running']);
    } finally {
      // The source hangs up: the harvest ends (to resume later) and the worker stops.
      for (const sock of held) sock.destroy();
      await until(async () => ((await jobOf('harvest')).status === 'done' ? true : undefined), 10_000);
      await s.worker.stop();
    }
    expect((await s.harvests.runs(admin, source.id)).map((r) => r.status)).toEqual(['interrupted']);
  });

  it('takes over the job of a worker that died once its claim lapses, within 45 s', async () => {
    const s = env.services;
    const db = s.database.db;
    expect(s.worker.lockMs).toBe(45_000);
    const id = await s.repos.jobs.enqueue(db, 'network-figures', {});
    const now = new Date();
    // Another worker claims it, then dies: its claim is never renewed.
    expect((await s.repos.jobs.claim(db, now, s.worker.lockMs))?.id).toBe(id);
    expect(await s.worker.runOnce(new Date(now.getTime() + 44_000))).toBe(false);
    expect(await s.worker.runOnce(new Date(now.getTime() + 45_500))).toBe(true);
    expect(await s.repos.jobs.get(db, id)).toMatchObject({ status: 'done', attempts: 2 });
    await db.deleteFrom('job').where('kind', '=', 'network-figures').execute();
  });

  it('at start, ends the runs left running by a worker that died, and leaves those a live worker holds', async () => {
    const s = env.services;
    const db = s.database.db;
    const jobs = s.repos.jobs;
    const admin = await makeUser(s, { admin: true });
    const closed = `http://127.0.0.1:${closedPort}/oai`;
    const register = (slug: string, intervalHours = 0) =>
      s.harvests.register(admin, {
        name: slug,
        baseUrl: closed,
        intervalHours,
        allowPrivate: true,
        slug: `${slug}-${engine}`,
      });
    const running = async (sourceId: string) => {
      const id = newId();
      await db
        .insertInto('harvest_run')
        .values({
          id,
          source_id: sourceId,
          mode: 'full',
          status: 'running',
          started_at: nowIso(),
          finished_at: null,
          report: JSON.stringify({ ...emptyReport(), pages: 3 }),
        })
        .execute();
      return id;
    };
    // A harvest another server runs now: its claim is fresh.
    const live = await register('live');
    const liveRun = await running(live.id);
    const liveJob = await jobs.enqueue(db, 'harvest', { sourceId: live.id, once: true });
    await jobs.claim(db, new Date(), 600_000, { kinds: { only: ['harvest'] } });
    // A harvest whose worker died: its job's claim lapsed over a minute ago.
    const dead = await register('dead');
    const deadRun = await running(dead.id);
    const deadJob = await jobs.enqueue(
      db,
      'harvest',
      { sourceId: dead.id, once: true },
      new Date(Date.now() - 180_000),
    );
    await jobs.claim(db, new Date(Date.now() - 120_000), 45_000, { kinds: { only: ['harvest'] } });
    expect((await jobs.get(db, deadJob))?.status).toBe('running');
    expect((await jobs.get(db, liveJob))?.status).toBe('running');
    // A scheduled source whose chain of runs broke (its last job given up).
    const scheduled = await register('scheduled', 24);
    await db
      .updateTable('job')
      .set({ status: 'failed' })
      .where('payload', 'like', `%${scheduled.id}%`)
      .execute();
    const nextRunAt = new Date(Date.now() + 3_600_000).toISOString();
    await db
      .updateTable('harvest_source')
      .set({ next_run_at: nextRunAt })
      .where('id', '=', scheduled.id)
      .execute();

    // An import whose job was given up while it ran: its batch says running, its rows are written.
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const up = await s.imports.upload(
      registrar,
      museum.id,
      'objects.csv',
      Buffer.from('Accession,Title (en)\r\nREC.1,Lamp\r\nREC.2,Bowl\r\n'),
    );
    const mapping = {
      columns: [
        { column: 'Accession', field: 'accessionNumber' },
        { column: 'Title (en)', field: 'title', lang: 'en' },
      ],
    };
    await s.imports.runNow(registrar, museum.id, up.batch.id, { mapping });
    expect((await s.objects.list(registrar, museum.id, {})).total).toBe(2);
    await db
      .updateTable('import_batch')
      .set({ status: 'running', finished_at: null })
      .where('id', '=', up.batch.id)
      .execute();

    s.worker.start({ intervalMs: 20 });
    try {
      const ended = await until(async () => {
        const r = await s.harvests.runs(admin, dead.id);
        const old = r.find((x) => x.id === deadRun);
        return old?.status === 'running' ? undefined : old;
      }, 10_000);
      expect(ended).toMatchObject({
        status: 'interrupted',
        report: { pages: 3, error: expect.stringContaining('stopped before it ended') },
      });
      expect(ended.finishedAt).not.toBeNull();
      const batch = await until(async () => {
        const b = await s.imports.get(registrar, museum.id, up.batch.id);
        return b.status === 'running' ? undefined : b;
      }, 10_000);
      expect(batch).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('no job was left to finish it'),
      });
      expect((await s.objects.list(registrar, museum.id, {})).total).toBe(0);
      const queued = await db
        .selectFrom('job')
        .select(['status', 'run_after'])
        .where('kind', '=', 'harvest')
        .where('payload', 'like', `%${scheduled.id}%`)
        .where('status', '!=', 'failed')
        .execute();
      expect(queued).toEqual([{ status: 'pending', run_after: nextRunAt }]);
      // The dead worker's job is taken up again at once (its claim had lapsed), and resumes the source.
      await until(async () => ((await jobs.get(db, deadJob))?.status === 'done' ? true : undefined), 10_000);
    } finally {
      await s.worker.stop();
    }
    expect((await s.harvests.runs(admin, live.id)).find((r) => r.id === liveRun)?.status).toBe('running');
    expect(await jobs.get(db, liveJob)).toMatchObject({ status: 'running' });
  });
});
