import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.js';
import type { JobRepository } from './job.repository.js';

export type JobHandler = (payload: unknown) => Promise<void>;

/**
 * Runs queued jobs. `runOnce` claims and runs one job; `start` polls until stopped. Handlers
 * must be idempotent: a job whose worker died is run again after its claim expires.
 */
export class Worker {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly jobs: JobRepository,
    private readonly handlers: Record<string, JobHandler>,
    private readonly logger?: Logger,
    private readonly lockMs = 5 * 60_000,
    private readonly maxAttempts = 5,
  ) {}

  /** Runs one due job; false when there was none. */
  async runOnce(now = new Date()): Promise<boolean> {
    const job = await this.jobs.claim(this.db, now, this.lockMs);
    if (!job) return false;
    const handler = this.handlers[job.kind];
    // A job longer than its lock (a large import or harvest) renews the lock while it runs, so no other worker takes it up.
    const heartbeat = setInterval(() => void this.jobs.extend(this.db, job.id, job.attempts, new Date(Date.now() + this.lockMs)).catch(() => undefined), Math.max(50, this.lockMs / 3));
    try {
      if (!handler) throw new Error(`no handler for ${job.kind}`);
      await handler(JSON.parse(job.payload));
      clearInterval(heartbeat);
      await this.jobs.done(this.db, job.id);
    } catch (e) {
      clearInterval(heartbeat);
      this.logger?.warn({ job: job.id, kind: job.kind, err: e }, 'job failed');
      await this.jobs.failed(this.db, job, e instanceof Error ? e.message : String(e), this.maxAttempts);
    }
    return true;
  }

  /** Runs every due job, then returns (tests, and the CLI). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n++;
    return n;
  }

  start(intervalMs = 2000): void {
    const tick = async () => {
      try {
        while (await this.runOnce()) {
          // keep going while there is work
        }
      } catch (e) {
        this.logger?.error({ err: e }, 'worker error');
      }
      if (this.timer) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
