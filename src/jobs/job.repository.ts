import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import { ownerGone, ownerToken } from '../modules/common/process-owner.js';

export type Job = Selectable<DB['job']>;

/** Which kinds a claim may take: only these, or any but these (the class of every other kind). */
export type KindFilter = { only: readonly string[] } | { except: readonly string[] };

export interface ClaimOptions {
  kinds?: KindFilter;
  /** Claims a job may have lapsed before it is given up. */
  maxAttempts?: number;
  /** Told of each job given up instead of claimed. */
  onGiveUp?: (job: Job) => Promise<void> | void;
}

/**
 * The job queue. A job is claimed by a compare-and-set on its status, so any number of workers on
 * any number of servers can poll the same table; a claim expires unless its worker renews it, so a
 * job whose worker died is run again.
 */
export class JobRepository {
  /** Adds a job; pass the transaction of the change that needs it (a transactional outbox). */
  async enqueue(db: Kysely<DB>, kind: string, payload: unknown, runAfter?: Date): Promise<string> {
    const now = nowIso();
    const id = newId();
    await db
      .insertInto('job')
      .values({
        id,
        kind,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempts: 0,
        run_after: runAfter?.toISOString() ?? now,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  /**
   * Claims the oldest job that is due (or whose claim has expired) among the kinds asked for, or
   * returns undefined. A job whose claim expired `maxAttempts` times (its worker died each time, as
   * an image that exhausts memory would make it) is given up instead of being run again.
   */
  async claim(
    db: Kysely<DB>,
    now: Date,
    lockMs: number,
    { kinds, maxAttempts = Number.POSITIVE_INFINITY, onGiveUp }: ClaimOptions = {},
  ): Promise<Job | undefined> {
    if (kinds && 'only' in kinds && !kinds.only.length) return undefined;
    const at = now.toISOString();
    for (let tries = 0; tries < 5; tries++) {
      let query = db
        .selectFrom('job')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_after', '<=', at)]),
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<', at)]),
          ]),
        );
      if (kinds && 'only' in kinds) query = query.where('kind', 'in', [...kinds.only]);
      else if (kinds?.except.length) query = query.where('kind', 'not in', [...kinds.except]);
      const candidate = await query.orderBy('run_after').orderBy('id').limit(1).executeTakeFirst();
      if (!candidate) return undefined;
      if (candidate.status === 'running' && candidate.attempts >= maxAttempts) {
        await db
          .updateTable('job')
          .set({
            status: 'failed',
            locked_until: null,
            last_error: `Its worker stopped while running it, ${candidate.attempts} times; given up`,
            updated_at: at,
          })
          .where('id', '=', candidate.id)
          .where('status', '=', 'running')
          .where('attempts', '=', candidate.attempts)
          .execute();
        await onGiveUp?.(candidate);
        continue;
      }
      const lockedUntil = new Date(now.getTime() + lockMs).toISOString();
      const owner = ownerToken();
      const r = await db
        .updateTable('job')
        .set({
          status: 'running',
          locked_until: lockedUntil,
          locked_by: owner,
          attempts: candidate.attempts + 1,
          updated_at: at,
        })
        .where('id', '=', candidate.id)
        .where('status', '=', candidate.status)
        .where('attempts', '=', candidate.attempts)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1)
        return {
          ...candidate,
          status: 'running',
          locked_until: lockedUntil,
          locked_by: owner,
          attempts: candidate.attempts + 1,
        };
    }
    return undefined;
  }

  /**
   * Lets go at once of the claims held by processes of this machine that are gone (a server killed
   * and started again), rather than when they run out; how many. Another machine's are left to run out.
   */
  async releaseGone(db: Kysely<DB>, now = new Date()): Promise<number> {
    const at = now.toISOString();
    const held = await db
      .selectFrom('job')
      .select(['id', 'attempts', 'locked_by'])
      .where('status', '=', 'running')
      .where('locked_until', '>=', at)
      .execute();
    let n = 0;
    for (const j of held) {
      if (!j.locked_by || !ownerGone(j.locked_by)) continue;
      const r = await db
        .updateTable('job')
        .set({ locked_until: new Date(now.getTime() - 1).toISOString() })
        .where('id', '=', j.id)
        .where('status', '=', 'running')
        .where('attempts', '=', j.attempts)
        .where('locked_by', '=', j.locked_by)
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  /** Extends a claim still held (same attempt): a long job keeps its lock while it runs. False when the claim was lost. */
  async extend(db: Kysely<DB>, id: string, attempts: number, until: Date): Promise<boolean> {
    const r = await db
      .updateTable('job')
      .set({ locked_until: until.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('attempts', '=', attempts)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Marks a job done, if this attempt still holds it (another worker may have taken over a claim that expired). */
  async done(db: Kysely<DB>, job: Pick<Job, 'id' | 'attempts'>): Promise<void> {
    await db
      .updateTable('job')
      .set({ status: 'done', locked_until: null, updated_at: nowIso() })
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('attempts', '=', job.attempts)
      .execute();
  }

  /** Records a failure: tried again later with a growing delay, given up after `maxAttempts`. True when it was given up. */
  async failed(db: Kysely<DB>, job: Job, error: string, maxAttempts: number): Promise<boolean> {
    const giveUp = job.attempts >= maxAttempts;
    const delay = 2 ** job.attempts * 30_000;
    await db
      .updateTable('job')
      .set({
        status: giveUp ? 'failed' : 'pending',
        locked_until: null,
        last_error: error.slice(0, 2000),
        run_after: new Date(Date.now() + delay).toISOString(),
        updated_at: nowIso(),
      })
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('attempts', '=', job.attempts)
      .execute();
    return giveUp;
  }

  /** Adds a job of `kind` unless one is already waiting or running (a recurring job's first link). */
  async ensure(db: Kysely<DB>, kind: string, payload: unknown, runAfter: Date): Promise<void> {
    const waiting = await db
      .selectFrom('job')
      .select('id')
      .where('kind', '=', kind)
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirst();
    if (!waiting) await this.enqueue(db, kind, payload, runAfter);
  }

  async pending(db: Kysely<DB>, kind: string): Promise<Job[]> {
    return db
      .selectFrom('job')
      .selectAll()
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .orderBy('run_after')
      .execute();
  }

  /**
   * The jobs of a kind still to be run or running, each with whether a live worker holds it now
   * (its claim renewed in time). One that is running but not held has lost its worker: it is
   * taken up again by the next claim.
   */
  async unfinished(db: Kysely<DB>, kind: string, now = new Date()): Promise<{ job: Job; held: boolean }[]> {
    const at = now.toISOString();
    const rows = await db
      .selectFrom('job')
      .selectAll()
      .where('kind', '=', kind)
      .where('status', 'in', ['pending', 'running'])
      .execute();
    return rows.map((job) => ({
      job,
      held: job.status === 'running' && job.locked_until !== null && job.locked_until >= at,
    }));
  }

  async get(db: Kysely<DB>, id: string): Promise<Job | undefined> {
    return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
