import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { museumOf, queryAll } from '../../http/request.js';
import { parseInput } from '../common/validate.js';
import { searchHit, searchInput, searchOutput } from './search.schemas.js';

const suggestInput = z
  .object({ q: z.string().max(200).default(''), museum: z.string().trim().max(64).optional() })
  .strict();
const suggestOutput = z.object({ items: z.array(searchHit) });

/** Search over the API: the public one (public records of every museum) and a museum's own for its staff. */
export function searchApi() {
  const r = new Hono<AppEnv>();
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/search',
      tag: 'search',
      summary:
        'Search the public records of every museum (Arabic, Persian, Urdu and transliterations folded alike)',
      query: searchInput,
      response: searchOutput,
    }).path,
    async (c) => {
      c.header('Access-Control-Allow-Origin', '*');
      return c.json(await c.get('services').searches.searchPublic(queryAll(c)));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/search/suggest',
      tag: 'search',
      summary: 'Type-ahead: public objects whose words begin as typed (the last word completed)',
      query: suggestInput,
      response: suggestOutput,
    }).path,
    async (c) => {
      c.header('Access-Control-Allow-Origin', '*');
      const { q, museum } = parseInput(suggestInput, queryAll(c));
      const r = await c
        .get('services')
        .searches.searchPublic({ q, ...(museum ? { museum } : {}), prefix: '1', facets: '0', limit: '8' });
      return c.json({
        items: r.items.map(({ id, museum: m, accessionNumber, titles, image, highlight }) => ({
          id,
          museum: m,
          accessionNumber,
          titles,
          image,
          highlight,
        })),
      });
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/search',
      tag: 'search',
      summary: 'Search every record of a museum, whatever its visibility (staff)',
      query: searchInput,
      response: searchOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await c.get('services').searches.searchMuseum(actor, museum.id, queryAll(c)));
    },
  );
  return r;
}
