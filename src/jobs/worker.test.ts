import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../test/database.js';
import { tokenOf } from '../modules/common/process-owner.js';
import { Worker } from './worker.js';

describe.each(ENGINES)('the job queue on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('takes up at once the job of a process of this machine that is gone, and leaves a live one’s job to it', async () => {
    const { db } = env.services.database;
    const jobs = env.services.repos.jobs;
    const gone = Number(
      spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim(),
    );
    const dead = await jobs.enqueue(db, 'held', { n: 1 });
    const live = await jobs.enqueue(db, 'held', { n: 2 });
    for (const [id, pid] of [
      [dead, gone],
      [live, process.ppid],
    ] as const) {
      expect((await jobs.claim(db, new Date(), 60_000, { kinds: { only: ['held'] } }))?.id).toBe(id);
      await db
        .updateTable('job')
        .set({ locked_by: tokenOf(pid) })
        .where('id', '=', id)
        .execute();
    }
    const ran: number[] = [];
    const worker = new Worker(db, jobs, {
      held: async (p) => {
        ran.push((p as { n: number }).n);
      },
    });
    expect(await worker.runOnce(new Date(), { only: ['held'] })).toBe(false);
    expect(await jobs.releaseGone(db)).toBe(1);
    expect(await worker.runOnce(new Date(), { only: ['held'] })).toBe(true);
    expect(await worker.runOnce(new Date(), { only: ['held'] })).toBe(false);
    expect(ran).toEqual([1]);
    expect(await jobs.get(db, dead)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await jobs.get(db, live)).toMatchObject({ status: 'running', attempts: 1 });
    await jobs.done(db, { id: live, attempts: 1 });
  });

  it('runs each job once, runs again a job whose worker died, and retries failures with a delay until it gives up', async () => {
    const { db } = env.services.database;
    const jobs = env.services.repos.jobs;
    const seen: string[] = [];
    let failures = 0;
    const worker = new Worker(
      db,
      jobs,
      {
        note: async (p) => {
          seen.push((p as { n: string }).n);
        },
        flaky: async () => {
          failures++;
          throw new Error('disk full');
        },
      },
      { lockMs: 60_000, maxAttempts: 2 },
    );
    await jobs.enqueue(db, 'note', { n: 'a' });
    await jobs.enqueue(db, 'note', { n: 'b' });
    expect(await worker.drain()).toBe(2);
    expect(seen).toEqual(['a', 'b']);
    expect(await worker.drain()).toBe(0);

    // A claim that is never finished (the process died) expires, and the job runs again.
    const id = await jobs.enqueue(db, 'note', { n: 'c' });
    const claimed = await jobs.claim(db, new Date(), 60_000);
    expect(claimed?.id).toBe(id);
    expect(await new Worker(db, jobs, { note: async () => {} }).runOnce(new Date())).toBe(false);
    const later = new Date(Date.now() + 61_000);
    expect(await worker.runOnce(later)).toBe(true);
    expect(seen).toEqual(['a', 'b', 'c']);

    const flaky = await jobs.enqueue(db, 'flaky', {});
    await worker.runOnce();
    expect(await jobs.get(db, flaky)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'disk full',
    });
    await worker.runOnce(new Date(Date.now() + 3_600_000));
    expect(await jobs.get(db, flaky)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failures).toBe(2);
  });

  it('gives up a job whose worker died each time it ran, and has the runs it left recovered', async () => {
    const { db } = env.services.database;
    const jobs = env.services.repos.jobs;
    let ran = 0;
    let recovered = 0;
    const worker = new Worker(
      db,
      jobs,
      {
        heavy: async () => {
          ran++;
        },
      },
      {
        lockMs: 1_000,
        maxAttempts: 2,
        recover: async () => {
          recovered++;
        },
      },
    );
    const id = await jobs.enqueue(db, 'heavy', {});
    const t = Date.now();
    // Two workers took it in turn and died (an image that exhausts memory, say): neither renewed its claim.
    expect((await jobs.claim(db, new Date(t), 1_000))?.id).toBe(id);
    expect((await jobs.claim(db, new Date(t + 2_000), 1_000))?.id).toBe(id);
    expect(await worker.runOnce(new Date(t + 4_000))).toBe(false);
    expect(ran).toBe(0);
    expect(recovered).toBe(1);
    expect(await jobs.get(db, id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      last_error: 'Its worker stopped while running it, 2 times; given up',
    });
  });

  it('keeps the lock of a job that runs longer than it, so that no other worker runs it too', async () => {
    const { db } = env.services.database;
    const jobs = env.services.repos.jobs;
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 900));
    };
    const first = new Worker(db, jobs, { slow }, { lockMs: 200 });
    const second = new Worker(db, jobs, { slow }, { lockMs: 200 });
    const id = await jobs.enqueue(db, 'slow', {});
    const running = first.runOnce();
    // Well past the first lock's 200 ms: the other worker finds nothing to take.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 200));
      expect(await second.runOnce()).toBe(false);
    }
    expect(await running).toBe(true);
    expect(runs).toBe(1);
    expect(await jobs.get(db, id)).toMatchObject({ status: 'done' });
  });
});
