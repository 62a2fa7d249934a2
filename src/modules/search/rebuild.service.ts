import { AppError } from '../../errors.js';
import type { ServiceContext } from '../common/context.js';
import { ownerGone, ownerToken } from '../common/process-owner.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { RebuildRepository, RebuildState } from './rebuild.repository.js';
import type { SearchRepository } from './search.repository.js';

export interface RebuildOptions {
  /** Empty the index at once rather than write each document in place of its old one. */
  emptyFirst?: boolean;
  pageSize?: number;
  /** Called after each page's transaction, with the objects written so far. */
  onPage?: (written: number) => void | Promise<void>;
}

export interface RebuildResult {
  objects: number;
  /** Whether this run took up a rebuild that had stopped before its end. */
  resumed: boolean;
}

/** The rebuild was stopped because another run took it over (this one had shown no sign of life for too long). */
class TakenOver extends Error {}

/**
 * Rebuilds of the search index that survive their process. Each rebuild is recorded, with the last
 * object written, in the same transaction as each page, and shows it is alive every few seconds.
 * A rebuild whose run has shown no sign of life for `staleMs`, or whose process is gone from this
 * host, is taken up where it stopped, by the next `search:rebuild` or by the worker's periodic
 * check (`resumeStale`): a rebuild asked to empty
 * the index first, killed half-way, would otherwise leave public search finding only what it wrote.
 */
export class RebuildService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly index: SearchRepository,
    private readonly objects: ObjectRepository,
    private readonly repo: RebuildRepository,
    private readonly staleMs = 60_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Writes every object's document again, a page of objects per transaction, each in place of the
   * document it had: searches find every record while it runs. Documents of objects that are gone
   * are taken out at the end. `emptyFirst` empties the index at once instead, which saves taking
   * each old document's words out (with 100,000 objects, about 41 s → 29 s on SQLite and
   * 65 s → 56 s on PostgreSQL) but leaves searches finding only what has been written again until
   * the rebuild ends. A rebuild that stopped before its end is taken up where it was, in its own
   * mode; one that is running elsewhere is a 409.
   */
  async run(opts: RebuildOptions = {}): Promise<RebuildResult> {
    const owner = ownerToken();
    const at = this.now().toISOString();
    const fresh: RebuildState = {
      owner,
      emptyFirst: opts.emptyFirst === true,
      after: null,
      startedAt: at,
      beatAt: at,
    };
    if (await this.repo.begin(this.ctx.db, fresh)) {
      // Recorded before the index is emptied: a run killed in between is taken up, not lost.
      if (fresh.emptyFirst) await this.index.clear(this.ctx.db);
      return { objects: await this.pages(fresh, opts), resumed: false };
    }
    const seen = await this.repo.state(this.ctx.db);
    if (seen && !this.isStale(seen)) throw running(seen);
    const taken = seen ? await this.takeOver(seen, owner) : null;
    if (!taken) return this.run(opts);
    return { objects: await this.pages(taken, opts), resumed: true };
  }

  /** Takes up a rebuild whose run stopped showing signs of life; null when there is none. */
  async resumeStale(opts: Omit<RebuildOptions, 'emptyFirst'> = {}): Promise<RebuildResult | null> {
    const seen = await this.repo.state(this.ctx.db);
    if (!seen || !this.isStale(seen)) return null;
    const taken = await this.takeOver(seen, ownerToken());
    return taken ? { objects: await this.pages(taken, opts), resumed: true } : null;
  }

  /** The rebuild under way or stopped, if any (for the CLI and the staff). */
  state(): Promise<RebuildState | undefined> {
    return this.repo.state(this.ctx.db);
  }

  /** No sign of life for `staleMs`, or its process is gone from this host (a rebuild run again right after a kill). */
  private isStale(s: RebuildState): boolean {
    return this.now().getTime() - Date.parse(s.beatAt) >= this.staleMs || ownerGone(s.owner);
  }

  private async takeOver(seen: RebuildState, owner: string): Promise<RebuildState | null> {
    const beatAt = this.now().toISOString();
    return (await this.repo.takeOver(this.ctx.db, seen, owner, beatAt)) ? { ...seen, owner, beatAt } : null;
  }

  private async pages(s: RebuildState, opts: RebuildOptions): Promise<number> {
    const db = this.ctx.db;
    // Signs of life between pages too: the end (optimising the index) may take a while.
    const alive = setInterval(
      () => void this.repo.beat(db, s.owner, this.now().toISOString()).catch(() => undefined),
      Math.max(1000, this.staleMs / 4),
    );
    alive.unref();
    try {
      let after = s.after;
      let n = 0;
      for (;;) {
        const ids = await this.objects.idsAfter(db, after, opts.pageSize ?? 1000);
        if (!ids.length) break;
        const last = ids[ids.length - 1]!;
        // In this order: the objects held still (on PostgreSQL; on SQLite the first write takes the one
        // write lock), their documents out, and written again from the objects as they now are, so that
        // no edit in between leaves a record with an older document or with two. The page's progress is
        // noted in its transaction, so a run taken up again starts after the last page written.
        n += await db.transaction().execute(async (trx) => {
          await this.objects.holdStill(trx);
          if (!(await this.repo.progress(trx, s.owner, last, this.now().toISOString())))
            throw new TakenOver();
          await this.index.removeMany(trx, ids);
          const docs = await this.objects.documentsOf(trx, ids);
          await this.index.insertMany(trx, docs);
          return docs.length;
        });
        after = last;
        await opts.onPage?.(n);
      }
      await db.transaction().execute((trx) => this.index.removeOrphans(trx));
      await this.ctx.dialect.fullText.optimize(db);
      await this.repo.end(db, s.owner);
      return n;
    } catch (e) {
      if (e instanceof TakenOver)
        throw new AppError(
          'rebuild_taken_over',
          409,
          'Another process took this rebuild over while it was stalled; it goes on there',
        );
      throw e;
    } finally {
      clearInterval(alive);
    }
  }
}

function running(s: RebuildState): AppError {
  return new AppError(
    'rebuild_running',
    409,
    `The search index is being rebuilt already (since ${s.startedAt}, last seen at ${s.beatAt})`,
  );
}
