import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.js';
import type { Job, JobRepository, KindFilter } from './job.repository.js';

export type JobHandler = (payload: unknown) => Promise<void>;

/** A class of job kinds with slots of its own: its jobs run beside those of every other class, never behind them. */
export interface JobLane {
  name: string;
  /** Its kinds, or `others`: every kind no other lane names (and any kind without a handler, which fails at once). */
  kinds: readonly string[] | 'others';
  /** Jobs of the class run at once in this process. */
  slots: number;
}

export interface WorkerOptions {
  /** How long a claim holds unless renewed: a dead worker's job is taken up again this long after its last renewal. */
  lockMs?: number;
  maxAttempts?: number;
  lanes?: readonly JobLane[];
  /** Ends the runs (harvests, imports) that no live worker holds any more; called at start and whenever a job is given up. */
  recover?: () => Promise<void>;
}

/** A claim lasts 45 s, renewed every 5 s: a live worker keeps it through a 40 s pause of its event loop, and a dead one's job waits at most 45 s. */
export const JOB_LOCK_MS = 45_000;
const BEAT_MS = 5_000;
/** How often a worker looks for jobs held by a process of this machine that is gone. */
const GONE_CHECK_MS = 5_000;

/**
 * Runs queued jobs. `runOnce` claims and runs one job; `start` runs each lane's jobs in its own
 * slots until stopped, so images never wait behind a long harvest or import. Handlers must be
 * idempotent: a job whose worker died is run again after its claim lapses.
 */
export class Worker {
  private stopped = true;
  private watch: NodeJS.Timeout | null = null;
  private logger?: Logger;
  private readonly sleepers = new Set<() => void>();
  private readonly loops = new Set<Promise<void>>();
  readonly lockMs: number;
  private readonly beatMs: number;
  private readonly maxAttempts: number;
  private readonly lanes: { name: string; slots: number; kinds: KindFilter }[];
  private readonly recover?: () => Promise<void>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly jobs: JobRepository,
    private readonly handlers: Record<string, JobHandler>,
    options: WorkerOptions = {},
  ) {
    this.lockMs = options.lockMs ?? JOB_LOCK_MS;
    // Several renewals within one lock: one lost write, or a busy moment, does not lose the claim.
    this.beatMs = Math.max(20, Math.min(BEAT_MS, this.lockMs / 4));
    this.maxAttempts = options.maxAttempts ?? 5;
    this.recover = options.recover;
    const lanes = options.lanes ?? [];
    const named = lanes.flatMap((l) => (l.kinds === 'others' ? [] : l.kinds));
    const withOthers = lanes.some((l) => l.kinds === 'others')
      ? lanes
      : [...lanes, { name: 'others', kinds: 'others' as const, slots: 1 }];
    this.lanes = withOthers.map((l) => ({
      name: l.name,
      slots: l.slots,
      kinds: l.kinds === 'others' ? { except: named } : { only: l.kinds },
    }));
  }

  /** Runs one due job (of the kinds given, or of any); false when there was none. */
  async runOnce(now = new Date(), kinds?: KindFilter): Promise<boolean> {
    let gaveUp = false;
    const job = await this.jobs.claim(this.db, now, this.lockMs, {
      kinds,
      maxAttempts: this.maxAttempts,
      onGiveUp: (j) => {
        gaveUp = true;
        this.logger?.error(
          { job: j.id, kind: j.kind, attempts: j.attempts },
          'job given up: its worker stopped each time it ran',
        );
      },
    });
    if (gaveUp) await this.recoverRuns();
    if (!job) return false;
    const handler = this.handlers[job.kind];
    const heartbeat = setInterval(() => this.renew(job), this.beatMs);
    try {
      if (!handler) throw new Error(`no handler for ${job.kind}`);
      await handler(JSON.parse(job.payload));
      clearInterval(heartbeat);
      await this.jobs.done(this.db, job);
    } catch (e) {
      clearInterval(heartbeat);
      this.logger?.warn({ job: job.id, kind: job.kind, err: e }, 'job failed');
      if (await this.jobs.failed(this.db, job, e instanceof Error ? e.message : String(e), this.maxAttempts))
        await this.recoverRuns();
    }
    return true;
  }

  private renew(job: Job): void {
    this.jobs.extend(this.db, job.id, job.attempts, new Date(Date.now() + this.lockMs)).then(
      (held) => {
        if (!held)
          this.logger?.warn(
            { job: job.id, kind: job.kind },
            'job claim lost: it lapsed and another worker took the job',
          );
      },
      (err) => this.logger?.warn({ job: job.id, err }, 'job claim not renewed'),
    );
  }

  /** Lets go of the claims of this machine's processes that are gone, for the next claim to take their jobs. */
  async releaseGone(): Promise<void> {
    try {
      const n = await this.jobs.releaseGone(this.db);
      if (n) this.logger?.info({ jobs: n }, 'jobs of a stopped process of this machine taken up again');
    } catch (err) {
      this.logger?.warn({ err }, 'claims of stopped processes not checked');
    }
  }

  /** Ends the runs no live worker holds (see `WorkerOptions.recover`). */
  async recoverRuns(): Promise<void> {
    try {
      await this.recover?.();
    } catch (err) {
      this.logger?.error({ err }, 'runs left by a stopped worker not recovered');
    }
  }

  /** Runs every due job, one after another, then returns (tests, and the CLI). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n++;
    return n;
  }

  /** Recovers the runs a stopped worker left, then runs each lane's jobs in its slots, each slot looking for work every `intervalMs` when idle. */
  start({ intervalMs = 2000, logger }: { intervalMs?: number; logger?: Logger } = {}): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.logger = logger ?? this.logger;
    const begin = async () => {
      await this.releaseGone();
      await this.recoverRuns();
      // A process of this machine that dies while this one runs has its jobs taken up within seconds, not when their claims run out.
      const watch = setInterval(() => void this.releaseGone(), GONE_CHECK_MS);
      watch.unref();
      this.watch = watch;
      for (const lane of this.lanes)
        for (let i = 0; i < lane.slots; i++) this.track(this.loop(lane.kinds, intervalMs));
    };
    this.track(begin());
  }

  private track(p: Promise<void>): void {
    this.loops.add(p);
    void p.finally(() => this.loops.delete(p));
  }

  private async loop(kinds: KindFilter, intervalMs: number): Promise<void> {
    while (!this.stopped) {
      let ran = false;
      try {
        ran = await this.runOnce(new Date(), kinds);
      } catch (err) {
        this.logger?.error({ err }, 'worker error');
      }
      if (!ran && !this.stopped) await this.pause(intervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Claims no more jobs; resolves once the jobs running now have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    for (const wake of [...this.sleepers]) wake();
    while (this.loops.size) await Promise.allSettled([...this.loops]);
  }
}
