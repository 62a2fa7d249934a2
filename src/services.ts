import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { LANGS, loadCatalogues } from './http/i18n/locale.js';
import { PageCache } from './http/page-cache.js';
import { OaiRepository } from './modules/oai/oai.repository.js';
import { OaiService } from './modules/oai/oai.service.js';
import { AcquisitionRepository } from './modules/acquisitions/acquisition.repository.js';
import { AcquisitionService } from './modules/acquisitions/acquisition.service.js';
import { SequenceRepository } from './modules/acquisitions/numbering.js';
import { AuditRepository } from './modules/audit/audit.repository.js';
import { createAuth } from './modules/auth/auth.js';
import { ApiTokenRepository } from './modules/auth/api-token.repository.js';
import { ApiTokenService } from './modules/auth/api-token.service.js';
import { AccountService } from './modules/auth/account.service.js';
import { SessionRepository } from './modules/auth/session.repository.js';
import { ActorService } from './modules/auth/actor.service.js';
import { RateLimiter, SWEEP_INTERVAL_MS } from './modules/auth/rate-limit.repository.js';
import { SignInLimiter } from './modules/auth/sign-in.limiter.js';
import { ConservationRepository } from './modules/conservation/conservation.repository.js';
import { ConservationService } from './modules/conservation/conservation.service.js';
import { ValuationRepository } from './modules/valuations/valuation.repository.js';
import { ValuationService } from './modules/valuations/valuation.service.js';
import { DisposalRepository } from './modules/disposal/disposal.repository.js';
import { DisposalService } from './modules/disposal/disposal.service.js';
import { LoanRepository } from './modules/loans/loan.repository.js';
import { LoanService } from './modules/loans/loan.service.js';
import { InventoryRepository } from './modules/inventory/inventory.repository.js';
import { InventoryService } from './modules/inventory/inventory.service.js';
import { ExitRepository } from './modules/exits/exit.repository.js';
import { ExitService } from './modules/exits/exit.service.js';
import { RightsRepository } from './modules/rights/rights.repository.js';
import { RightsService } from './modules/rights/rights.service.js';
import { ImageAdapter } from './modules/media/image.adapter.js';
import { MediaRepository } from './modules/media/media.repository.js';
import { BatchRepository } from './modules/media/batch.repository.js';
import { BatchService } from './modules/media/batch.service.js';
import { MediaService } from './modules/media/media.service.js';
import { emptyReport, FixityService } from './modules/media/fixity.service.js';
import { S3Storage } from './modules/media/s3.storage.js';
import { LocalStorage, type Storage } from './modules/media/storage.adapter.js';
import { PdfRenderer } from './modules/documents/pdf.renderer.js';
import { IiifService, publicLimits } from './modules/iiif/iiif.service.js';
import { ManifestService } from './modules/iiif/manifest.service.js';
import { PortalRepository } from './modules/portal/portal.repository.js';
import { PortalService } from './modules/portal/portal.service.js';
import { SitemapService } from './modules/portal/sitemap.service.js';
import { RecordService } from './modules/exports/record.service.js';
import { ExportService } from './modules/exports/export.service.js';
import { BagService } from './modules/preservation/bag.service.js';
import { DirectoryRepository } from './modules/directory/directory.repository.js';
import { DirectoryService } from './modules/directory/directory.service.js';
import { ProposalRepository } from './modules/directory/proposal.repository.js';
import { ProposalService } from './modules/directory/proposal.service.js';
import { NetworkRepository } from './modules/network/network.repository.js';
import { PartnerRepository } from './modules/partners/partner.repository.js';
import { PartnerService } from './modules/partners/partner.service.js';
import { NetworkService, UsageCounter } from './modules/network/network.service.js';
import { HarvestRepository } from './modules/harvest/harvest.repository.js';
import { HarvestService } from './modules/harvest/harvest.service.js';
import { HarvestWriter } from './modules/harvest/harvest.writer.js';
import { ImportRepository } from './modules/imports/import.repository.js';
import { ImportService } from './modules/imports/import.service.js';
import { ImportWriter } from './modules/imports/import.writer.js';
import { StoryRepository } from './modules/stories/story.repository.js';
import { StoryService } from './modules/stories/story.service.js';
import { JobRepository } from './jobs/job.repository.js';
import { Worker } from './jobs/worker.js';
import { AuthorityRepository } from './modules/authorities/authority.repository.js';
import { AuthorityService } from './modules/authorities/authority.service.js';
import { LocationRepository } from './modules/locations/location.repository.js';
import { LocationService } from './modules/locations/location.service.js';
import { MuseumRepository } from './modules/museums/museum.repository.js';
import { MuseumService } from './modules/museums/museum.service.js';
import { ObjectRepository } from './modules/objects/object.repository.js';
import { SearchRepository } from './modules/search/search.repository.js';
import { SearchService } from './modules/search/search.service.js';
import { RebuildRepository } from './modules/search/rebuild.repository.js';
import { RebuildService } from './modules/search/rebuild.service.js';
import { ObjectService } from './modules/objects/object.service.js';

/** How often the worker looks for a rebuild of the search index whose process died. */
const REBUILD_CHECK_MS = 60_000;

/**
 * The composition root's middle layer: repositories, then services, as plain objects.
 * HTTP, the CLI and tests all start from here.
 */
export function createServices(config: Config, database: Database) {
  loadCatalogues(config.LOCALES_DIR);
  const ctx = { db: database.db, dialect: database.dialect };
  const auth = createAuth(config, database.db, database.dialect);
  const search = new SearchRepository(database.dialect);
  const repos = {
    search,
    audit: new AuditRepository(),
    authorities: new AuthorityRepository(),
    objects: new ObjectRepository(database.dialect, search),
    museums: new MuseumRepository(),
    tokens: new ApiTokenRepository(),
    sessions: new SessionRepository(),
    locations: new LocationRepository(),
    acquisitions: new AcquisitionRepository(),
    sequences: new SequenceRepository(),
    conservation: new ConservationRepository(),
    valuations: new ValuationRepository(),
    disposal: new DisposalRepository(),
    loans: new LoanRepository(),
    inventory: new InventoryRepository(),
    exits: new ExitRepository(),
    rights: new RightsRepository(),
    media: new MediaRepository(),
    portal: new PortalRepository(),
    stories: new StoryRepository(),
    jobs: new JobRepository(),
  };
  const authorities = new AuthorityService(ctx, repos.authorities, repos.audit, repos.objects);
  const objects = new ObjectService(ctx, repos.objects, repos.authorities, repos.audit, repos.museums);
  const museums = new MuseumService(ctx, repos.museums, repos.audit, auth, {
    sessions: repos.sessions,
    tokens: repos.tokens,
  });
  const locations = new LocationService(ctx, repos.locations, repos.objects, repos.audit);
  const acquisitions = new AcquisitionService(
    ctx,
    repos.acquisitions,
    repos.sequences,
    objects,
    repos.objects,
    repos.authorities,
    repos.audit,
  );
  const conservation = new ConservationService(ctx, repos.conservation, objects, repos.audit, repos.media);
  const valuations = new ValuationService(
    ctx,
    repos.valuations,
    objects,
    repos.objects,
    repos.audit,
    repos.museums,
  );
  const disposal = new DisposalService(ctx, repos.disposal, objects, repos.objects, repos.audit);
  const loans = new LoanService(
    ctx,
    repos.loans,
    repos.museums,
    repos.objects,
    repos.sequences,
    repos.conservation,
    repos.audit,
  );
  const inventory = new InventoryService(
    ctx,
    repos.inventory,
    locations,
    repos.locations,
    objects,
    repos.audit,
  );
  const exits = new ExitService(ctx, repos.exits, repos.objects, repos.sequences, repos.audit);
  const rights = new RightsService(ctx, repos.rights, objects, repos.audit, repos.media);
  const storage: Storage = config.S3_BUCKET
    ? new S3Storage(
        {
          bucket: config.S3_BUCKET,
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
        },
        config.MEDIA_DIR,
      )
    : new LocalStorage(config.MEDIA_DIR);
  const media = new MediaService(
    ctx,
    repos.media,
    storage,
    new ImageAdapter(config.MAX_IMAGE_PIXELS),
    objects,
    repos.objects,
    repos.audit,
    repos.jobs,
    config.MAX_UPLOAD_BYTES,
  );
  const fixity = new FixityService(ctx, repos.media, storage, config.ORPHAN_GRACE_MINUTES * 60_000);
  const batches = new BatchService(
    ctx,
    new BatchRepository(),
    media,
    storage,
    repos.audit,
    config.MAX_UPLOAD_BYTES,
  );
  const pdf = new PdfRenderer(config.CHROMIUM_PATH);
  const iiif = new IiifService(ctx, repos.media, storage, publicLimits(config.IIIF_MAX_PIXELS_PUBLIC));
  const searches = new SearchService(
    ctx,
    repos.search,
    repos.objects,
    repos.museums,
    repos.authorities,
    repos.locations,
    repos.media,
    config.SEARCH_EXACT_UP_TO ?? (database.dialect.name === 'postgres' ? 2_000 : 10_000),
  );
  const rebuilds = new RebuildService(ctx, repos.search, repos.objects, new RebuildRepository());
  const harvestRepo = new HarvestRepository();
  const directoryRepo = new DirectoryRepository();
  const directory = new DirectoryService(ctx, directoryRepo, museums, repos.museums);
  // Counters of attempts (sign-in, the public proposal form), keyed by digests under the server's secret.
  const rateLimiter = new RateLimiter(ctx.db, config.AUTH_SECRET, config.SIGNIN_RATE_WINDOW);
  const proposals = new ProposalService(
    ctx,
    new ProposalRepository(),
    directoryRepo,
    repos.museums,
    museums,
    directory,
    repos.audit,
    { limiter: new RateLimiter(ctx.db, config.AUTH_SECRET, 3600), perHour: config.PROPOSAL_RATE_LIMIT },
  );
  const portal = new PortalService(
    ctx,
    repos.museums,
    repos.objects,
    repos.authorities,
    searches,
    repos.search,
    repos.portal,
    harvestRepo,
  );
  const stories = new StoryService(
    ctx,
    repos.stories,
    repos.objects,
    repos.media,
    repos.museums,
    repos.audit,
    repos.portal,
  );
  // What an object page shows of other records (related objects, its museum) may lag a minute.
  const pageCache = new PageCache(config.PAGE_CACHE_ENTRIES, 60_000);
  const oai = new OaiService(
    ctx,
    new OaiRepository(),
    repos.museums,
    repos.objects,
    repos.media,
    config.PUBLIC_URL,
    config.OAI_ADMIN_EMAIL ?? `oai@${new URL(config.PUBLIC_URL).hostname}`,
  );
  const records = new RecordService(portal, config.PUBLIC_URL);
  const exports = new ExportService(
    ctx,
    searches,
    repos.objects,
    repos.media,
    repos.museums,
    locations,
    valuations,
    config.PUBLIC_URL,
    LANGS,
  );
  const sitemaps = new SitemapService(ctx, repos.portal, repos.museums, repos.stories, config.PUBLIC_URL);
  const manifests = new ManifestService(
    ctx,
    repos.objects,
    repos.media,
    repos.museums,
    config.PUBLIC_URL,
    publicLimits(config.IIIF_MAX_PIXELS_PUBLIC),
  );
  const bags = new BagService(ctx, exports, repos.media, repos.authorities, repos.museums, storage, 'Mathaf');
  const importRepo = new ImportRepository();
  const imports = new ImportService(
    ctx,
    importRepo,
    repos.museums,
    repos.objects,
    repos.authorities,
    new ImportWriter(ctx, importRepo, objects, repos.objects, repos.authorities, repos.audit),
    storage,
    repos.jobs,
    repos.audit,
    { maxBytes: config.IMPORT_MAX_BYTES, maxRows: config.IMPORT_MAX_ROWS },
  );
  const partners = new PartnerService(ctx, new PartnerRepository(), repos.audit);
  const networkRepo = new NetworkRepository();
  const usage = new UsageCounter(ctx, networkRepo);
  const network = new NetworkService(ctx, networkRepo, usage, repos.jobs);
  const harvests = new HarvestService(
    ctx,
    harvestRepo,
    new HarvestWriter(ctx, harvestRepo, objects, repos.objects, repos.authorities, repos.audit),
    museums,
    repos.museums,
    repos.jobs,
    {
      maxBytes: config.HARVEST_MAX_BYTES,
      timeoutMs: config.HARVEST_TIMEOUT_SECONDS * 1000,
      maxRedirects: 5,
      maxPages: config.HARVEST_MAX_PAGES,
      retries: config.HARVEST_RETRIES,
      backoffMs: config.HARVEST_BACKOFF_SECONDS * 1000,
    },
  );
  const actors = new ActorService(ctx, repos.museums, repos.tokens);
  /** Ends the harvests and imports left running by a worker that stopped (see each service's `recover`). */
  const recoverRuns = async () => {
    await harvests.recover();
    await imports.recover();
  };
  const worker = new Worker(
    ctx.db,
    repos.jobs,
    {
      'network-snapshot': () => network.snapshot(),
      'network-figures': () => network.refreshJob(),
      // Counters whose window has ended are deleted, then the next sweep is put in the queue.
      'rate-limit-sweep': async () => {
        await rateLimiter.sweep();
        await repos.jobs.enqueue(ctx.db, 'rate-limit-sweep', {}, new Date(Date.now() + SWEEP_INTERVAL_MS));
      },
      // A rebuild of the search index whose process died is taken up again; the next check is queued first, so a failed rebuild does not end the checks.
      'search-rebuild': async () => {
        await repos.jobs.enqueue(ctx.db, 'search-rebuild', {}, new Date(Date.now() + REBUILD_CHECK_MS));
        await rebuilds.resumeStale();
      },
      harvest: async (p) => {
        const { sourceId, full, once } = p as { sourceId: string; full?: boolean; once?: boolean };
        await harvests.execute(sourceId, { full: full === true, once: once === true });
      },
      // An import runs as the person who started it, with their role as it is now.
      import: async (p) => {
        const { batchId, museumId, userId } = p as { batchId: string; museumId: string; userId: string };
        const actor = await actors.forUser(userId);
        if (actor) await imports.execute(actor, museumId, batchId);
      },
      derivatives: async (p) => {
        const pyramid = await media.makeDerivatives(p);
        if (pyramid) await iiif.prepare(pyramid);
      },
      // A fixity round is a chain of jobs of 200 originals each (each check is its own preservation
      // event); the last link schedules the next round.
      fixity: async (p) => {
        const { after = null } = p as { after?: string | null };
        const next = await fixity.batch(after, 200, emptyReport());
        if (next) await repos.jobs.enqueue(ctx.db, 'fixity', { after: next });
        else if (config.FIXITY_INTERVAL_HOURS > 0)
          await repos.jobs.enqueue(
            ctx.db,
            'fixity',
            {},
            new Date(Date.now() + config.FIXITY_INTERVAL_HOURS * 3_600_000),
          );
      },
    },
    {
      lockMs: config.JOB_LOCK_SECONDS * 1000,
      recover: recoverRuns,
      // Each class in slots of its own: images are made while a harvest waits on a slow source.
      lanes: [
        { name: 'images', kinds: ['derivatives'], slots: config.JOB_SLOTS.images },
        { name: 'harvests', kinds: ['harvest'], slots: config.JOB_SLOTS.harvests },
        { name: 'imports', kinds: ['import'], slots: config.JOB_SLOTS.imports },
        { name: 'fixity', kinds: ['fixity'], slots: config.JOB_SLOTS.fixity },
        { name: 'others', kinds: 'others', slots: config.JOB_SLOTS.others },
      ],
    },
  );
  const tokens = new ApiTokenService(ctx, repos.tokens, repos.audit);
  const accounts = new AccountService(ctx, auth, repos.audit);
  const signInLimiter = new SignInLimiter(rateLimiter, config.SIGNIN_RATE_LIMIT);
  /** Puts the periodic check for a stopped rebuild of the search index in the queue, unless it is there. */
  const scheduleRebuildCheck = () =>
    repos.jobs.ensure(ctx.db, 'search-rebuild', {}, new Date(Date.now() + REBUILD_CHECK_MS));
  /** Puts the first fixity round in the queue, one interval from now, unless one is there already. */
  const scheduleFixity = async () => {
    if (config.FIXITY_INTERVAL_HOURS > 0)
      await repos.jobs.ensure(
        ctx.db,
        'fixity',
        {},
        new Date(Date.now() + config.FIXITY_INTERVAL_HOURS * 3_600_000),
      );
  };
  /** What a stopped process left: temporary files no live process holds, and batches it was saving (freed to be saved again). */
  const cleanUpMedia = async () => ({
    tempFiles: await storage.sweepTemp(),
    batches: await batches.recover(),
  });
  /** Puts the first sweep of lapsed rate-limit counters in the queue, unless one is there already. */
  const scheduleSweep = () =>
    repos.jobs.ensure(ctx.db, 'rate-limit-sweep', {}, new Date(Date.now() + SWEEP_INTERVAL_MS));
  return {
    config,
    database,
    scheduleFixity,
    cleanUpMedia,
    scheduleSweep,
    scheduleRebuildCheck,
    rebuilds,
    auth,
    repos,
    authorities,
    objects,
    museums,
    locations,
    acquisitions,
    conservation,
    valuations,
    disposal,
    loans,
    inventory,
    exits,
    rights,
    media,
    fixity,
    batches,
    pdf,
    searches,
    iiif,
    manifests,
    portal,
    records,
    exports,
    imports,
    bags,
    harvests,
    directory,
    proposals,
    partners,
    network,
    usage,
    storage,
    oai,
    sitemaps,
    stories,
    pageCache,
    worker,
    tokens,
    accounts,
    actors,
    rateLimiter,
    signInLimiter,
  };
}

export type Services = ReturnType<typeof createServices>;
