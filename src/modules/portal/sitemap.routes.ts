import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';

const XML = { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' };

/** robots.txt and the sitemaps: what search engines may read, and where to find it all. */
export function sitemapRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/robots.txt', (c) => {
    const base = c.get('services').config.PUBLIC_URL;
    const body = [
      'User-agent: *',
      'Disallow: /staff',
      'Disallow: /api/',
      'Disallow: /sign-in',
      'Disallow: /invite/',
      'Disallow: /lang/',
      '',
      `Sitemap: ${base}/sitemap.xml`,
      '',
    ].join('\n');
    return c.body(body, 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });
  r.get('/sitemap.xml', async (c) => c.body(await c.get('services').sitemaps.index(), 200, XML));
  r.get('/sitemaps/pages.xml', async (c) => c.body(await c.get('services').sitemaps.pages(), 200, XML));
  r.get('/sitemaps/:file{objects-[0-9]+\\.xml}', async (c) => {
    const body = await c.get('services').sitemaps.objects(Number(c.req.param('file').slice(8, -4)));
    return body ? c.body(body, 200, XML) : c.notFound();
  });
  return r;
}
