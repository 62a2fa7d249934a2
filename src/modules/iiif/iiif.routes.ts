import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { IiifRequestError } from './image-request.js';
import type { ServedImage } from './iiif.service.js';

const IMAGE_CONTEXT = 'http://iiif.io/api/image/3/context.json';
const PRESENTATION_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';
const PROFILE_LINK = '<http://iiif.io/api/image/3/level2.json>;rel="profile"';

/** CORS on every answer (§7.1), and leave to browsers of any origin to show the images. */
function openHeaders(c: Context<AppEnv>) {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Access-Control-Expose-Headers', 'Link');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
}

/**
 * How long a browser or a shared cache may keep a public image, its info.json or a manifest: an
 * image withdrawn from the public is refused by the server from the next request on, and the
 * copies others keep are gone within this many seconds.
 */
export const PUBLIC_MAX_AGE = 600;

function cacheHeaders(c: Context<AppEnv>, img: ServedImage) {
  // A staff-only image is never kept by a shared cache, nor what staff see of a public one (their limits are larger).
  c.header(
    'Cache-Control',
    img.isPublic && !img.staff ? `public, max-age=${PUBLIC_MAX_AGE}` : 'private, max-age=600',
  );
  c.header('Vary', 'Cookie, Authorization');
}

/** The answer the specification names for a refused request: its status and a plain-text reason. */
async function answer(c: Context<AppEnv>, run: () => Promise<Response>): Promise<Response> {
  openHeaders(c);
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof IiifRequestError)) throw e;
    c.header('Cache-Control', 'no-store');
    return c.text(e.message, e.status);
  }
}

/** IIIF Image API 3.0 (`/iiif/3/{id}`, its `info.json`, image requests) and Presentation 3.0 manifests and collections. */
export function iiifRoutes() {
  const r = new Hono<AppEnv>();
  const base = (c: Context<AppEnv>, id: string) => `${c.get('services').config.PUBLIC_URL}/iiif/3/${id}`;

  r.options('/iiif/3/*', (c) => {
    openHeaders(c);
    c.header('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    c.header('Access-Control-Allow-Headers', c.req.header('access-control-request-headers') ?? 'Accept');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  const presentation = (c: Context<AppEnv>, doc: unknown, isPublic: boolean) => {
    c.header('Cache-Control', isPublic ? `public, max-age=${PUBLIC_MAX_AGE}` : 'private, max-age=60');
    c.header('Content-Type', `application/ld+json;profile="${PRESENTATION_CONTEXT}"`);
    return c.body(JSON.stringify(doc));
  };
  r.get('/iiif/3/manifest/:object', (c) =>
    answer(c, async () => {
      const { doc, isPublic } = await c
        .get('services')
        .manifests.manifest(c.get('actor'), c.req.param('object'));
      return presentation(c, doc, isPublic);
    }),
  );
  r.get('/iiif/3/collection/:museum', (c) =>
    answer(c, async () =>
      presentation(c, await c.get('services').manifests.collection(c.req.param('museum')), true),
    ),
  );

  r.get('/iiif/3/:id', (c) =>
    answer(c, async () => {
      const id = c.req.param('id');
      await c.get('services').iiif.image(c.get('actor'), id);
      return c.redirect(`${base(c, id)}/info.json`, 303);
    }),
  );

  r.get('/iiif/3/:id/info.json', (c) =>
    answer(c, async () => {
      const id = c.req.param('id');
      const img = await c.get('services').iiif.image(c.get('actor'), id);
      const accept = c.req.header('accept') ?? '';
      // JSON-LD unless the client asks for plain JSON only (§5.1).
      const plainJson = accept.includes('application/json') && !accept.includes('application/ld+json');
      cacheHeaders(c, img);
      c.header('Link', PROFILE_LINK);
      c.header(
        'Content-Type',
        plainJson ? 'application/json' : `application/ld+json;profile="${IMAGE_CONTEXT}"`,
      );
      return c.body(
        JSON.stringify({ '@context': IMAGE_CONTEXT, id: base(c, id), ...c.get('services').iiif.info(img) }),
      );
    }),
  );

  r.get('/iiif/3/:id/:region/:size/:rotation/:qualityFormat', (c) =>
    answer(c, async () => {
      const { id, region, size, rotation, qualityFormat } = c.req.param();
      const iiif = c.get('services').iiif;
      const img = await iiif.image(c.get('actor'), id);
      const out = await iiif.render(img, {
        region: decodeURIComponent(region),
        size: decodeURIComponent(size),
        rotation: decodeURIComponent(rotation),
        qualityFormat,
      });
      cacheHeaders(c, img);
      c.get('services').usage.count('images_served');
      c.header('Content-Type', out.contentType);
      c.header('Link', `${PROFILE_LINK}, <${base(c, id)}/${out.canonical}>;rel="canonical"`);
      return c.body(out.body as Uint8Array<ArrayBuffer>);
    }),
  );
  return r;
}
