import { notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import type { JobRepository } from '../../jobs/job.repository.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { MuseumService } from '../museums/museum.service.js';
import { emptyReport, type HarvestRepository } from './harvest.repository.js';
import {
  type HarvestReport,
  type HarvestRun,
  type HarvestSource,
  runInput,
  sourceInput,
} from './harvest.schemas.js';
import type { HarvestWriter } from './harvest.writer.js';
import { BadResponse, type OaiPage, parseOai } from './harvest.xml.js';
import { FetchRefused, type FetchLimits, safeGet } from './safe-fetch.js';

export interface HarvestLimits extends Omit<FetchLimits, 'privateHost'> {
  /** Pages in one run before it is stopped as an endless loop. */
  maxPages: number;
  /** Attempts at a page that fails for a passing reason (a timeout, a 5xx, a 503 with Retry-After). */
  retries: number;
  /** The first wait between attempts; each next one doubles. */
  backoffMs: number;
}

/** A failure worth trying again later (the source is down or busy), as opposed to one that will fail the same way. */
class Passing extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The request for the page a resumption token names (OAI-PMH sends the token alone, no other argument). */
const resumeAt = (source: HarvestSource, token: string) =>
  `${source.baseUrl}?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;

/**
 * The hub's harvester. A platform administrator registers OAI-PMH sources; each fills a museum
 * of its own whose records are read-only here, keep their identifier at the source and link
 * back to it. A run asks for everything (the first time, or when asked) or what changed since
 * the last complete run, follows resumption tokens, writes page by page, retries a page that
 * fails for a passing reason with growing waits, and resumes an interrupted run where it stopped.
 */
export class HarvestService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: HarvestRepository,
    private readonly writer: HarvestWriter,
    private readonly museumService: MuseumService,
    private readonly museums: MuseumRepository,
    private readonly jobs: JobRepository,
    private readonly limits: HarvestLimits,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async register(actor: Actor, input: unknown): Promise<HarvestSource> {
    authorize(actor, 'create', 'harvest', null);
    const v = parseInput(sourceInput, input);
    const museum = await this.museumService.create(actor, {
      slug: v.slug,
      names: [{ lang: v.defaultLanguage, value: v.name }],
      defaultLanguage: v.defaultLanguage,
    });
    const now = nowIso();
    const source: HarvestSource = {
      id: newId(),
      museumId: museum.id,
      name: v.name,
      baseUrl: v.baseUrl,
      metadataPrefix: v.metadataPrefix,
      set: v.set ?? null,
      intervalHours: v.intervalHours,
      allowPrivate: v.allowPrivate,
      harvestedUntil: null,
      resume: null,
      nextRunAt: v.intervalHours > 0 ? now : null,
      createdAt: now,
      updatedAt: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertSource(trx, source);
      await this.museums.setHarvestedFrom(trx, museum.id, source.id);
      if (v.intervalHours > 0) await this.jobs.enqueue(trx, 'harvest', { sourceId: source.id });
    });
    return source;
  }

  async list(actor: Actor): Promise<HarvestSource[]> {
    authorize(actor, 'read', 'harvest', null);
    return this.repo.sources(this.ctx.db);
  }

  async get(actor: Actor, id: string): Promise<HarvestSource> {
    authorize(actor, 'read', 'harvest', null);
    const s = await this.repo.source(this.ctx.db, id);
    if (!s) throw notFound('harvest source');
    return s;
  }

  async runs(actor: Actor, id: string): Promise<HarvestRun[]> {
    await this.get(actor, id);
    return this.repo.runs(this.ctx.db, id);
  }

  /** Queues a run now (a full one when asked); the worker runs it. */
  async request(actor: Actor, id: string, input: unknown): Promise<void> {
    await this.get(actor, id);
    authorize(actor, 'update', 'harvest', null);
    const { full } = parseInput(runInput, input);
    await this.jobs.enqueue(this.ctx.db, 'harvest', { sourceId: id, full, once: true });
  }

  /** One run of a source (the worker's job): returns the run's record. */
  async execute(sourceId: string, { full = false, once = false } = {}): Promise<HarvestRun | undefined> {
    const source = await this.repo.source(this.ctx.db, sourceId);
    const museum = source && (await this.museums.findById(this.ctx.db, source.museumId));
    if (!source || !museum) return undefined;
    const resuming = source.resume && !full ? source.resume : null;
    const mode = resuming?.mode ?? (full || !source.harvestedUntil ? 'full' : 'incremental');
    const runId = resuming?.runId ?? newId();
    const existing = resuming ? await this.repo.run(this.ctx.db, runId) : undefined;
    const report: HarvestReport = existing?.report ?? emptyReport();
    report.error = null;
    if (existing) await this.repo.updateRun(this.ctx.db, runId, 'running', report, null);
    else
      await this.repo.insertRun(this.ctx.db, {
        id: runId,
        sourceId,
        mode,
        status: 'running',
        startedAt: nowIso(),
        finishedAt: null,
        report,
      });
    let status: HarvestRun['status'] = 'done';
    try {
      const context = await this.writer.start(museum.id);
      const identify = await this.fetchPage(source, `${source.baseUrl}?verb=Identify`, report);
      let responseDate = resuming?.responseDate ?? '';
      const url = resuming
        ? resumeAt(source, resuming.token)
        : `${source.baseUrl}?verb=ListRecords&metadataPrefix=${source.metadataPrefix}${source.set ? `&set=${encodeURIComponent(source.set)}` : ''}${mode === 'incremental' ? `&from=${encodeURIComponent(fromDate(source.harvestedUntil!, identify.granularity))}` : ''}`;
      const tokens = new Set<string>(resuming ? [resuming.token] : []);
      let asked = this.fetchPage(source, url, report);
      for (let page = 0; ; page++) {
        if (page >= this.limits.maxPages)
          throw new BadResponse(`More than ${this.limits.maxPages} pages in one harvest; stopped`);
        const p = await asked;
        responseDate ||= p.responseDate;
        if (p.error) {
          if (p.error.code === 'noRecordsMatch') break;
          throw new BadResponse(`The source answered ${p.error.code}: ${p.error.message}`);
        }
        if (p.token && tokens.has(p.token))
          throw new BadResponse(
            'The source sent a resumption token it had sent before: an endless loop, stopped',
          );
        if (p.token) tokens.add(p.token);
        // The next page is asked for while this one is written: over a slow link the wait for the
        // source and the hub's own writing overlap. Its failure is met once this page is written
        // (the run resumes after it), and never goes unheard should this page's writing fail first.
        let next: Promise<OaiPage> | null = null;
        if (p.token) {
          let out = () => {};
          const sent = new Promise<void>((r) => {
            out = r;
          });
          next = this.fetchPage(source, resumeAt(source, p.token), report, out);
          const settled = next.then(
            () => {},
            () => {},
          );
          // Gone out before the writing begins: on SQLite the writing holds the thread until it ends.
          await Promise.race([sent, settled]);
        }
        await this.writer.page(
          source,
          museum,
          runId,
          p.records,
          context,
          report,
          p.token ? { token: p.token, runId, mode, responseDate } : null,
        );
        report.pages++;
        await this.repo.updateRun(this.ctx.db, runId, 'running', report, null);
        if (!next) break;
        asked = next;
      }
      if (mode === 'full') await this.writer.removeUnseen(source, museum, runId, report);
      await this.repo.setState(this.ctx.db, sourceId, {
        resume: null,
        harvestedUntil: responseDate || nowIso(),
      });
    } catch (e) {
      // Whatever stopped it (an answer refused, or an error of any kind in reading or writing one), the run ends with its reason, never left running.
      report.error = e instanceof Error ? e.message : String(e);
      // A passing failure leaves the run to resume; anything else is reported as failed (and resumes all the same, should the source be mended).
      status = e instanceof Passing ? 'interrupted' : 'failed';
    }
    await this.repo.updateRun(this.ctx.db, runId, status, report, nowIso());
    if (!once && source.intervalHours > 0) {
      const next = new Date(Date.now() + source.intervalHours * 3_600_000);
      await this.repo.setState(this.ctx.db, sourceId, { nextRunAt: next.toISOString() });
      await this.jobs.enqueue(this.ctx.db, 'harvest', { sourceId }, next);
    }
    return this.repo.run(this.ctx.db, runId);
  }

  /**
   * Ends the runs marked running that no live worker holds (their worker died: its job's claim
   * lapsed, or the job is gone) as interrupted, with the reason; the job, when there is one, takes
   * the run up again after its last page written. A scheduled source left without a run in the
   * queue (its chain broken by a job given up) gets its next one. Returns the runs ended.
   */
  async recover(now = new Date()): Promise<number> {
    // The runs first, then the jobs: a run started meanwhile is then seen held, never ended by mistake.
    const running = await this.repo.running(this.ctx.db);
    const jobs = (await this.jobs.unfinished(this.ctx.db, 'harvest', now)).map(({ job, held }) => ({
      held,
      ...(JSON.parse(job.payload) as { sourceId: string; once?: boolean }),
    }));
    const held = new Set(jobs.filter((j) => j.held).map((j) => j.sourceId));
    let ended = 0;
    for (const run of running) {
      if (held.has(run.sourceId)) continue;
      const report = {
        ...run.report,
        error:
          'The worker running this harvest stopped before it ended; it goes on from its last page written',
      };
      if (await this.repo.endRunning(this.ctx.db, run.id, 'interrupted', report, now.toISOString())) ended++;
    }
    const scheduled = new Set(jobs.filter((j) => !j.once).map((j) => j.sourceId));
    for (const source of await this.repo.sources(this.ctx.db)) {
      if (source.intervalHours <= 0 || scheduled.has(source.id)) continue;
      const due =
        source.nextRunAt && Date.parse(source.nextRunAt) > now.getTime() ? new Date(source.nextRunAt) : now;
      await this.jobs.enqueue(this.ctx.db, 'harvest', { sourceId: source.id }, due);
    }
    return ended;
  }

  /** One request, tried again with growing waits while it fails for a passing reason. */
  private async fetchPage(
    source: HarvestSource,
    url: string,
    report: HarvestReport,
    onSent?: () => void,
  ): Promise<OaiPage> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await safeGet(
          url,
          { ...this.limits, privateHost: source.allowPrivate ? new URL(source.baseUrl).hostname : null },
          {},
          onSent,
        );
        report.bytes += res.body.length;
        if (res.status === 503)
          throw new Passing(
            'The source is busy (503)',
            Number(res.headers['retry-after']) * 1000 || undefined,
          );
        if (res.status >= 500) throw new Passing(`The source failed (${res.status})`);
        if (res.status !== 200) throw new BadResponse(`The source answered HTTP ${res.status}`);
        return parseOai(res.body.toString('utf8'));
      } catch (e) {
        const passing = e instanceof Passing || (e instanceof FetchRefused && e.passing);
        if (!passing || attempt >= this.limits.retries)
          throw passing && !(e instanceof Passing) ? new Passing((e as Error).message) : e;
        report.retries++;
        const wait = Math.min(
          e instanceof Passing && e.retryAfterMs ? e.retryAfterMs : this.limits.backoffMs * 2 ** attempt,
          10 * 60_000,
        );
        await this.sleep(wait);
      }
    }
  }
}

/** `from` in the granularity the source declares: a day-granular source is asked from the day (so nothing of that day is missed). */
function fromDate(iso: string, granularity: string | null): string {
  return granularity === 'YYYY-MM-DDThh:mm:ssZ' ? iso.replace(/\.\d+Z$/, 'Z') : iso.slice(0, 10);
}
