import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';

/**
 * ETags for pages a shared cache may keep (`public, no-cache`): a cache or browser asks again with
 * If-None-Match and an unchanged page costs a 304 and no body. Only those pages: images and tiles
 * have their own long-lived caching, and hashing them would cost more than it saves.
 */
export function publicPageEtag() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200 || c.res.headers.get('Cache-Control') !== 'public, no-cache') return;
    // Read once and answered from the bytes: a clone tees the body's stream, which costs more than the hash.
    const body = new Uint8Array(await c.res.arrayBuffer());
    const tag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const asked = c.req.header('if-none-match');
    if (asked?.split(',').some((x) => x.trim() === tag)) {
      c.res = new Response(null, { status: 304, headers: { ETag: tag, 'Cache-Control': 'public, no-cache', Vary: c.res.headers.get('Vary') ?? '' } });
      return;
    }
    // Hono carries the previous answer's headers over to the new one: they are set there.
    const res = c.res;
    res.headers.set('ETag', tag);
    c.res = new Response(body, { status: 200, headers: res.headers });
  });
}
