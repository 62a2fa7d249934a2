import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import type { AppEnv } from './env.js';

const require = createRequire(import.meta.url);
const LEAFLET_DIR = join(dirname(require.resolve('leaflet/package.json')), 'dist');
const OSD_DIR = join(dirname(require.resolve('openseadragon/package.json')), 'build/openseadragon');

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
}

const script = (body: Buffer): Asset => ({
  type: 'text/javascript; charset=utf-8',
  body,
  gzip: gzipSync(body, { level: 9 }),
});

/**
 * The client islands' scripts (the uploader, the search box's type-ahead, the deep-zoom viewer with OpenSeadragon and its
 * button images, the map with Leaflet and its stylesheet), read and compressed once at start. Every page works without them.
 */
const ASSETS: Record<string, Asset> = {
  'uploader.js': script(readFileSync(new URL('./static/uploader.js', import.meta.url))),
  'batch.js': script(readFileSync(new URL('./static/batch.js', import.meta.url))),
  'typeahead.js': script(readFileSync(new URL('./static/typeahead.js', import.meta.url))),
  'favicon.svg': {
    type: 'image/svg+xml',
    body: readFileSync(new URL('./static/favicon.svg', import.meta.url)),
    gzip: null,
  },
  'map.js': script(readFileSync(new URL('./static/map.js', import.meta.url))),
  'leaflet.js': script(readFileSync(join(LEAFLET_DIR, 'leaflet.js'))),
  'leaflet.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(join(LEAFLET_DIR, 'leaflet.css')),
    gzip: gzipSync(readFileSync(join(LEAFLET_DIR, 'leaflet.css')), { level: 9 }),
  },
  'viewer.js': script(readFileSync(new URL('./static/viewer.js', import.meta.url))),
  'openseadragon.min.js': script(readFileSync(join(OSD_DIR, 'openseadragon.min.js'))),
  ...Object.fromEntries(
    readdirSync(join(OSD_DIR, 'images'))
      .filter((f) => f.endsWith('.png'))
      .map((f) => [
        `osd/${f}`,
        { type: 'image/png', body: readFileSync(join(OSD_DIR, 'images', f)), gzip: null },
      ]),
  ),
};

export function staticRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/static/:file{(osd/)?[A-Za-z0-9_.-]+}', (c) => {
    const asset = ASSETS[c.req.param('file')];
    if (!asset) return c.notFound();
    const gzip = asset.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    c.header('Vary', 'Accept-Encoding');
    if (gzip) c.header('Content-Encoding', 'gzip');
    const body = gzip ? asset.gzip! : asset.body;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=86400',
    });
  });
  return r;
}
