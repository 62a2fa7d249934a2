import { forbidden } from '../../errors.js';
import { nowIso } from '../../db/ids.js';
import type { JobRepository } from '../../jobs/job.repository.js';
import { canReviewDirectory } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import type { NetworkRepository } from './network.repository.js';
import type { Figures } from './network.schemas.js';

const month = (d = new Date()) => d.toISOString().slice(0, 7);
/** The first moment of the next month (UTC): when the next snapshot is taken. */
const nextMonth = (d = new Date()) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 0, 5));

/**
 * Counters kept in memory and written to the database now and then: an image served costs an
 * addition, not a write. Each process adds what it counted, so several app servers add up.
 */
export class UsageCounter {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: NetworkRepository,
    private readonly everyMs = 60_000,
  ) {}

  count(name: string, by = 1): void {
    const key = `${name}\u0000${month()}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + by);
    if (!this.timer && this.everyMs > 0) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.everyMs);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const counts = [...this.pending].map(([k, count]) => ({
      name: k.split('\u0000')[0]!,
      month: k.split('\u0000')[1]!,
      count,
    }));
    this.pending = new Map();
    if (counts.length) await this.repo.add(this.ctx.db, counts);
  }
}

/**
 * The network's figures: the public aggregate (museums per member state and kind, collections
 * online, records catalogued, public and with images, records harvested, images served) and
 * their change month by month from the snapshots a scheduled job keeps. A focal point's view
 * adds the museums of their member states one by one.
 */
export class NetworkService {
  private cached: { at: number; figures: Figures } | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: NetworkRepository,
    private readonly usage: UsageCounter,
    private readonly jobs: JobRepository,
    private readonly cacheMs = 5 * 60_000,
  ) {}

  /**
   * The figures as last computed. Counting every record of a network takes a second at a million,
   * so no request counts: a job recomputes them every few minutes (`refresh`) and every app server
   * reads the same stored result. Only when none is recent (a fresh install) does a request count.
   */
  async figures(): Promise<Figures> {
    if (this.cached && Date.now() - this.cached.at < 60_000) return this.cached.figures;
    const stored = await this.repo.live(this.ctx.db);
    if (stored && Date.now() - Date.parse(stored.at) < this.cacheMs * 3) {
      this.cached = { at: Date.now(), figures: stored.figures };
      return stored.figures;
    }
    return this.refresh();
  }

  /** Counts everything now and keeps the result for every app server (the job, every few minutes). */
  async refresh(): Promise<Figures> {
    await this.usage.flush();
    const figures: Figures = {
      ...(await this.repo.figures(this.ctx.db)),
      imagesServed: await this.repo.counter(this.ctx.db, 'images_served'),
      imagesServedThisMonth: await this.repo.counter(this.ctx.db, 'images_served', month()),
    };
    await this.repo.saveLive(this.ctx.db, figures, nowIso());
    this.cached = { at: Date.now(), figures };
    return figures;
  }

  /** The job: the figures counted again, and the next count in the queue. */
  async refreshJob(): Promise<void> {
    await this.refresh();
    await this.jobs.enqueue(this.ctx.db, 'network-figures', {}, new Date(Date.now() + this.cacheMs));
  }

  /** Month by month: the snapshots, then this month as it stands. */
  async overTime(): Promise<{ month: string; figures: Figures }[]> {
    const past = (await this.repo.snapshots(this.ctx.db)).filter((s) => s.month !== month());
    return [...past, { month: month(), figures: await this.figures() }];
  }

  /** The museums of the network one by one, for the focal points of their states (all for an administrator). */
  async museums(actor: Actor) {
    if (actor.platformRole !== 'admin' && !actor.focalPoints?.size) throw forbidden();
    return (await this.repo.perMuseum(this.ctx.db)).filter(
      (m) => m.country && canReviewDirectory(actor, m.country),
    );
  }

  /** Takes this month's snapshot (the scheduled job), and puts the next one in the queue. */
  async snapshot(): Promise<void> {
    await this.repo.saveSnapshot(this.ctx.db, month(), await this.refresh(), nowIso());
    await this.jobs.enqueue(this.ctx.db, 'network-snapshot', {}, nextMonth());
  }

  /** The first snapshot in the queue, unless one is there already. */
  async schedule(): Promise<void> {
    await this.jobs.ensure(this.ctx.db, 'network-snapshot', {}, nextMonth());
    await this.jobs.ensure(this.ctx.db, 'network-figures', {}, new Date());
  }

  /** Forgets what this process read, so that the next request reads the stored figures again. */
  invalidate(): void {
    this.cached = null;
  }
}
