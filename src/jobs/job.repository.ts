import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { DB } from '../db/schema.js';

export type Job = Selectable<DB['job']>;

/**
 * The job queue. A job is claimed by a compare-and-set on its status, so any number of workers on
 * any number of servers can poll the same table; a claim expires, so a job whose worker died is
 * run again.
 */
export class JobRepository {
  /** Adds a job; pass the transaction of the change that needs it (a transactional outbox). */
  async enqueue(db: Kysely<DB>, kind: string, payload: unknown, runAfter?: Date): Promise<string> {
    const now = nowIso();
    const id = newId();
    await db.insertInto('job').values({
      id, kind, payload: JSON.stringify(payload), status: 'pending', attempts: 0, run_after: runAfter?.toISOString() ?? now, locked_until: null, last_error: null,
      created_at: now, updated_at: now,
    }).execute();
    return id;
  }

  /** Claims the oldest job that is due (or whose claim has expired), or returns undefined. */
  async claim(db: Kysely<DB>, now: Date, lockMs: number): Promise<Job | undefined> {
    const at = now.toISOString();
    for (let tries = 0; tries < 5; tries++) {
      const candidate = await db
        .selectFrom('job')
        .selectAll()
        .where((eb) => eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_after', '<=', at)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', at)]),
        ]))
        .orderBy('run_after')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return undefined;
      const lockedUntil = new Date(now.getTime() + lockMs).toISOString();
      const r = await db
        .updateTable('job')
        .set({ status: 'running', locked_until: lockedUntil, attempts: candidate.attempts + 1, updated_at: at })
        .where('id', '=', candidate.id)
        .where('status', '=', candidate.status)
        .where('attempts', '=', candidate.attempts)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return { ...candidate, status: 'running', locked_until: lockedUntil, attempts: candidate.attempts + 1 };
    }
    return undefined;
  }

  /** Extends a claim still held (same attempt): a long job keeps its lock while it runs. */
  async extend(db: Kysely<DB>, id: string, attempts: number, until: Date): Promise<void> {
    await db.updateTable('job').set({ locked_until: until.toISOString() }).where('id', '=', id).where('status', '=', 'running').where('attempts', '=', attempts).execute();
  }

  async done(db: Kysely<DB>, id: string): Promise<void> {
    await db.updateTable('job').set({ status: 'done', locked_until: null, updated_at: nowIso() }).where('id', '=', id).execute();
  }

  /** Records a failure: tried again later with a growing delay, given up after `maxAttempts`. */
  async failed(db: Kysely<DB>, job: Job, error: string, maxAttempts: number): Promise<void> {
    const giveUp = job.attempts >= maxAttempts;
    const delay = 2 ** job.attempts * 30_000;
    await db
      .updateTable('job')
      .set({
        status: giveUp ? 'failed' : 'pending', locked_until: null, last_error: error.slice(0, 2000),
        run_after: new Date(Date.now() + delay).toISOString(), updated_at: nowIso(),
      })
      .where('id', '=', job.id)
      .execute();
  }

  /** Adds a job of `kind` unless one is already waiting or running (a recurring job's first link). */
  async ensure(db: Kysely<DB>, kind: string, payload: unknown, runAfter: Date): Promise<void> {
    const waiting = await db.selectFrom('job').select('id').where('kind', '=', kind).where('status', 'in', ['pending', 'running']).executeTakeFirst();
    if (!waiting) await this.enqueue(db, kind, payload, runAfter);
  }

  async pending(db: Kysely<DB>, kind: string): Promise<Job[]> {
    return db.selectFrom('job').selectAll().where('kind', '=', kind).where('status', '=', 'pending').orderBy('run_after').execute();
  }

  async get(db: Kysely<DB>, id: string): Promise<Job | undefined> {
    return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
