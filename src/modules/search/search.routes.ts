import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { museumOf, queryAll } from '../../http/request.js';
import { searchInput, searchOutput } from './search.schemas.js';

/** Search over the API: the public one (public records of every museum) and a museum's own for its staff. */
export function searchApi() {
  const r = new Hono<AppEnv>();
  r.get(describe({ method: 'get', path: '/api/v1/search', tag: 'search', summary: 'Search the public records of every museum (Arabic, Persian, Urdu and transliterations folded alike)', query: searchInput, response: searchOutput }).path, async (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(await c.get('services').searches.searchPublic(queryAll(c)));
  });
  r.get(describe({ method: 'get', path: '/api/v1/museums/:museum/search', tag: 'search', summary: 'Search every record of a museum, whatever its visibility (staff)', query: searchInput, response: searchOutput }).path, async (c) => {
    const { actor, museum } = await museumOf(c);
    return c.json(await c.get('services').searches.searchMuseum(actor, museum.id, queryAll(c)));
  });
  return r;
}
