import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { bodyLimit } from 'hono/body-limit';
import { tooLarge } from '../errors.js';
import { authPages, limitSignIn, SIGN_IN_MAX_BYTES } from '../modules/auth/auth.pages.js';
import { passwordPages } from '../modules/auth/password.pages.js';
import { tokenPages } from '../modules/auth/token.pages.js';
import { authorityPages } from '../modules/authorities/authority.pages.js';
import { authorityApi } from '../modules/authorities/authority.routes.js';
import { acquisitionPages } from '../modules/acquisitions/acquisition.pages.js';
import { acquisitionApi } from '../modules/acquisitions/acquisition.routes.js';
import { conservationPages } from '../modules/conservation/conservation.pages.js';
import { conservationApi } from '../modules/conservation/conservation.routes.js';
import { valuationPages } from '../modules/valuations/valuation.pages.js';
import { valuationApi } from '../modules/valuations/valuation.routes.js';
import { dashboardPages } from '../modules/dashboard/dashboard.pages.js';
import { disposalPages } from '../modules/disposal/disposal.pages.js';
import { disposalApi } from '../modules/disposal/disposal.routes.js';
import { loanPages } from '../modules/loans/loan.pages.js';
import { loanApi } from '../modules/loans/loan.routes.js';
import { inventoryPages } from '../modules/inventory/inventory.pages.js';
import { inventoryApi } from '../modules/inventory/inventory.routes.js';
import { documentPages } from '../modules/documents/documents.pages.js';
import { exitPages } from '../modules/exits/exit.pages.js';
import { exitApi } from '../modules/exits/exit.routes.js';
import { rightsPages } from '../modules/rights/rights.pages.js';
import { rightsApi } from '../modules/rights/rights.routes.js';
import { mediaApi, UPLOAD_PATH } from '../modules/media/media.routes.js';
import { iiifRoutes } from '../modules/iiif/iiif.routes.js';
import { browsePages } from '../modules/portal/browse.pages.js';
import { oaiRoutes } from '../modules/oai/oai.routes.js';
import { mapPages } from '../modules/portal/map.pages.js';
import { portalPages } from '../modules/portal/portal.pages.js';
import { recordRoutes } from '../modules/exports/record.routes.js';
import { exportApi, exportPublicRoutes } from '../modules/exports/export.routes.js';
import { IMPORT_UPLOAD_PATH, importApi } from '../modules/imports/import.routes.js';
import { importPages } from '../modules/imports/import.pages.js';
import { harvestApi } from '../modules/harvest/harvest.routes.js';
import { harvestPages } from '../modules/harvest/harvest.pages.js';
import { directoryPages } from '../modules/directory/directory.pages.js';
import { directoryRoutes } from '../modules/directory/directory.routes.js';
import { proposalPages } from '../modules/directory/proposal.pages.js';
import { networkPages, networkStaffPages } from '../modules/network/network.pages.js';
import { partnerPages } from '../modules/partners/partner.pages.js';
import { sitemapRoutes } from '../modules/portal/sitemap.routes.js';
import { storyPages } from '../modules/stories/story.pages.js';
import { storyPublicPages } from '../modules/stories/story.public.js';
import { searchPages } from '../modules/search/search.pages.js';
import { searchApi } from '../modules/search/search.routes.js';
import { digitizationPages } from '../modules/media/digitization.pages.js';
import { mediaPages } from '../modules/media/media.pages.js';
import { locationPages } from '../modules/locations/location.pages.js';
import { locationApi } from '../modules/locations/location.routes.js';
import { invitationPages } from '../modules/museums/invitation.pages.js';
import { museumPages } from '../modules/museums/museum.pages.js';
import { profilePages } from '../modules/museums/profile.pages.js';
import { museumApi } from '../modules/museums/museum.routes.js';
import { objectPages } from '../modules/objects/object.pages.js';
import { objectApi } from '../modules/objects/object.routes.js';
import type { Services } from '../services.js';
import type { AppEnv } from './env.js';
import { LANGS } from './i18n/locale.js';
import { CSP } from './csp.js';
import { staticRoutes } from './static.js';
import { admission } from './middleware/admission.js';
import { requestContext } from './middleware/context.js';
import { bodyGuard } from './middleware/body.js';
import { compression } from './middleware/compress.js';
import { csrfProtection, csrfToken } from './middleware/csrf.js';
import { publicPageEtag } from './middleware/etag.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { openApiDocument } from './openapi.js';
import { pdfDownloads } from './pdf.js';

const publicPages = () => [
  recordRoutes(),
  exportPublicRoutes(),
  directoryPages(),
  networkPages(),
  portalPages(),
  browsePages(),
  mapPages(),
  searchPages(),
  storyPublicPages(),
];

/** The better-auth endpoints reachable from outside; sign-up happens only through invitations. */
const AUTH_ENDPOINTS = new Set([
  'POST /api/auth/sign-in/email',
  'POST /api/auth/sign-out',
  'GET /api/auth/get-session',
]);

/**
 * The HTTP application: middleware (security headers, context, body limits, CSRF), then every
 * feature's pages and API. Built from services, so tests run it in-process with `app.request()`.
 */
export function createApp(services: Services, logger: Logger) {
  const { config } = services;
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(logger));
  app.notFound(notFoundHandler);
  // First: a request past the process's capacity (or past the harvests allowed at once) is answered before anything is done for it.
  app.use(
    admission(config.MAX_REQUESTS_IN_FLIGHT, [
      { path: '/oai', limit: config.OAI_MAX_CONCURRENT, retryAfter: 10 },
    ]),
  );
  app.use(
    secureHeaders({
      contentSecurityPolicy: CSP,
      strictTransportSecurity: config.NODE_ENV === 'production' ? 'max-age=31536000' : false,
      // A route may set its own (the IIIF server lets other origins show its images).
      overwrite: false,
    }),
  );
  // Sign-in bodies are a few fields: bounded before anything is read, counted or parsed.
  const signInLimit = bodyLimit({
    maxSize: SIGN_IN_MAX_BYTES,
    onError: () => {
      throw tooLarge();
    },
  });
  app.use((c, next) =>
    c.req.method === 'POST' && (c.req.path === '/sign-in' || c.req.path.startsWith('/api/auth/'))
      ? signInLimit(c, next)
      : next(),
  );
  app.use(compression());
  app.use(requestContext(services));
  app.use(csrfToken(config.AUTH_SECRET, config.NODE_ENV === 'production'));
  // After the actor is known: an upload is refused to those who may not make it before its body is read.
  app.use(
    bodyGuard({
      maxBytes: config.MAX_BODY_BYTES,
      uploads: [
        // Originals and archives are streamed to storage under their own limit (MAX_UPLOAD_BYTES).
        { path: UPLOAD_PATH, subject: 'media', maxBytes: null },
        // A spreadsheet is read whole (it is parsed in memory), under its own limit.
        { path: IMPORT_UPLOAD_PATH, subject: 'import', maxBytes: config.IMPORT_MAX_BYTES },
      ],
    }),
  );
  app.use(publicPageEtag());
  app.use(csrfProtection(config.PUBLIC_URL));
  app.use(pdfDownloads(app));

  app.on(['GET', 'POST'], '/api/auth/*', async (c) => {
    // Each by its one method: better-auth answers any other with an empty 404.
    if (!AUTH_ENDPOINTS.has(`${c.req.method} ${c.req.path}`)) return notFoundHandler(c);
    if (c.req.path === '/api/auth/sign-in/email') {
      const body = (await c.req.raw
        .clone()
        .json()
        .catch(() => null)) as { email?: unknown } | null;
      await limitSignIn(c, typeof body?.email === 'string' ? body.email : '');
    }
    return services.auth.handler(c.req.raw);
  });
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(config.PUBLIC_URL)));
  app.get('/healthz', (c) => c.json({ ok: true }));

  for (const routes of [
    objectApi(),
    authorityApi(),
    museumApi(),
    locationApi(),
    acquisitionApi(),
    conservationApi(),
    valuationApi(),
    disposalApi(),
    loanApi(),
    inventoryApi(),
    exitApi(),
    rightsApi(),
    mediaApi(),
    iiifRoutes(),
    searchApi(),
    exportApi(),
    importApi(),
    importPages(),
    harvestApi(),
    harvestPages(),
    directoryRoutes(),
    proposalPages(),
    networkStaffPages(),
    partnerPages(),
    sitemapRoutes(),
    oaiRoutes(),
    authPages(),
    invitationPages(),
    museumPages(),
    profilePages(),
    storyPages(),
    tokenPages(),
    passwordPages(),
    objectPages(),
    authorityPages(),
    locationPages(),
    acquisitionPages(),
    conservationPages(),
    valuationPages(),
    disposalPages(),
    dashboardPages(),
    loanPages(),
    inventoryPages(),
    documentPages(),
    exitPages(),
    rightsPages(),
    mediaPages(),
    digitizationPages(),
    staticRoutes(),
  ]) {
    app.route('/', routes);
  }
  // Public pages at their address in each language (`/ar/search`) and, in the reader's, without one.
  for (const base of ['/', ...LANGS.map((l) => `/${l}`)])
    for (const routes of publicPages()) app.route(base, routes);
  return app;
}
