import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';

/** The weak ETag of a page's bytes, the same for every encoding of it. */
export function etagOf(body: Uint8Array): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether an `If-None-Match` header names this ETag. */
export function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  return !!ifNoneMatch?.split(',').some((x) => x.trim() === tag);
}

/**
 * ETags for pages a shared cache may keep (`public, no-cache`): a cache or browser asks again with
 * If-None-Match and an unchanged page costs a 304 and no body. Only those pages: images and tiles
 * have their own long-lived caching, and hashing them would cost more than it saves.
 */
export function publicPageEtag() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    // An answer with its ETag already (a kept page) has answered If-None-Match itself.
    if (
      c.req.method !== 'GET' ||
      c.res.status !== 200 ||
      c.res.headers.get('Cache-Control') !== 'public, no-cache' ||
      c.res.headers.has('ETag')
    )
      return;
    // Read once and answered from the bytes: a clone tees the body's stream, which costs more than the hash.
    const body = new Uint8Array(await c.res.arrayBuffer());
    const tag = etagOf(body);
    if (matches(c.req.header('if-none-match'), tag)) {
      c.res = new Response(null, {
        status: 304,
        headers: { ETag: tag, 'Cache-Control': 'public, no-cache', Vary: c.res.headers.get('Vary') ?? '' },
      });
      return;
    }
    // Hono carries the previous answer's headers over to the new one: they are set there.
    const res = c.res;
    res.headers.set('ETag', tag);
    c.res = new Response(body, { status: 200, headers: res.headers });
  });
}
