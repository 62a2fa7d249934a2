import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from './env.js';

/** The few scripts of the client islands, read once at start. Every page works without them. */
const SCRIPTS: Record<string, string> = {
  'uploader.js': readFileSync(new URL('./static/uploader.js', import.meta.url), 'utf8'),
};

export function staticRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/static/:file', (c) => {
    const body = SCRIPTS[c.req.param('file')];
    if (!body) return c.notFound();
    return c.body(body, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
  });
  return r;
}
