import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';

/**
 * `/oai`: GET with a query, or POST with a form (OAI-PMH §3.1.1). Past `maxConcurrent` harvests at
 * once, a harvester is asked to come back (503 with Retry-After), as the protocol expects.
 */
export function oaiRoutes(maxConcurrent: number) {
  const r = new Hono<AppEnv>();
  let running = 0;
  r.on(['GET', 'POST'], '/oai', async (c) => {
    if (running >= maxConcurrent) {
      c.header('Retry-After', '10');
      return c.text('Too many harvests at once; try again in a few seconds.', 503);
    }
    running++;
    try {
      const query = new URL(c.req.url).searchParams;
      const form = c.req.method === 'POST' && (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(await c.req.text()) : new URLSearchParams();
      const pairs = [...query, ...form] as [string, string][];
      const xml = await c.get('services').oai.handle(pairs);
      c.header('Cache-Control', 'no-cache');
      return c.body(xml, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
    } finally {
      running--;
    }
  });
  return r;
}
