import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';

/**
 * `/oai`: GET with a query, or POST with a form (OAI-PMH §3.1.1). Past OAI_MAX_CONCURRENT harvests
 * at once, a harvester is asked to come back (503 with Retry-After), as the protocol expects: the
 * bound is kept where requests are counted from their arrival (http/middleware/admission.ts).
 */
export function oaiRoutes() {
  const r = new Hono<AppEnv>();
  r.on(['GET', 'POST'], '/oai', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const form =
      c.req.method === 'POST' &&
      (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(await c.req.text())
        : new URLSearchParams();
    const pairs = [...query, ...form] as [string, string][];
    const xml = await c.get('services').oai.handle(pairs);
    c.header('Cache-Control', 'no-cache');
    return c.body(xml, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  });
  return r;
}
