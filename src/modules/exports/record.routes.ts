import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';

const CONTEXT = readFileSync(new URL('../../../data/linked-art/linked-art.json', import.meta.url));
const LINKED_ART_TYPE = 'application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"';
const SHARED = { 'Cache-Control': 'public, no-cache' };

/** Whether a reader asks for JSON-LD rather than a page (an `Accept` naming it and not HTML). */
const wantsJsonLd = (accept: string | undefined) =>
  !!accept && /application\/ld\+json/.test(accept) && !/text\/html/.test(accept);

/**
 * An object's record in the standard forms, at the address of its page: `{id}.jsonld` (Linked Art,
 * also given to a reader whose `Accept` asks for JSON-LD) and `{id}.lido.xml`. Mounted before the
 * page, to which every other request falls through.
 */
export function recordRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/ns/linked-art.json', (c) =>
    c.body(CONTEXT, 200, {
      'Content-Type': 'application/ld+json',
      'Cache-Control': 'public, max-age=86400',
      'Access-Control-Allow-Origin': '*',
    }),
  );
  r.get('/m/:museum/objects/:id', async (c, next) => {
    const records = c.get('services').records;
    const id = c.req.param('id');
    const museum = c.req.param('museum');
    if (id.endsWith('.lido.xml'))
      return c.body(await records.lido(museum, id.slice(0, -9)), 200, {
        ...SHARED,
        'Content-Type': 'application/xml; charset=utf-8',
        'Access-Control-Allow-Origin': '*',
      });
    if (id.endsWith('.jsonld') || wantsJsonLd(c.req.header('accept'))) {
      c.set('varies', 'Accept');
      const doc = await records.linkedArt(museum, id.replace(/\.jsonld$/, ''));
      return c.body(JSON.stringify(doc), 200, {
        ...SHARED,
        'Content-Type': LINKED_ART_TYPE,
        'Access-Control-Allow-Origin': '*',
      });
    }
    // The page and its JSON-LD share an address: caches must keep them apart.
    c.set('varies', 'Accept');
    return next();
  });
  return r;
}
