import { Hono } from 'hono';
import { download } from '../../http/download.js';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { museumOf, queryAll } from '../../http/request.js';
import { EXPORT_TYPES, exportInput } from './export.schemas.js';

const FILES = Object.values(EXPORT_TYPES).map((t) => t.contentType.split(';')[0]!);

/** The public export of a search (or of every public record): the search page's address with `/export`. */
export function exportPublicRoutes() {
  const r = new Hono<AppEnv>();
  r.get('/search/export', async (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    return download(c, await c.get('services').exports.publicExport(queryAll(c), c.get('locale').lang));
  });
  return r;
}

/** A museum's export for its staff, over the API (and so for a signed-in reader's browser too). */
export function exportApi() {
  const r = new Hono<AppEnv>();
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/export',
      tag: 'export',
      summary: 'Public records (all, or those a search finds) as CSV, JSON Lines or LIDO XML',
      query: exportInput,
      files: FILES,
    }).path,
    async (c) => {
      c.header('Access-Control-Allow-Origin', '*');
      return download(c, await c.get('services').exports.publicExport(queryAll(c), c.get('locale').lang));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/export',
      tag: 'export',
      summary:
        'Every record of a museum (or those a search finds) with its staff fields, as CSV, JSON Lines or LIDO XML; valuations only for roles that may read them',
      query: exportInput,
      files: FILES,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return download(
        c,
        await c.get('services').exports.museumExport(actor, museum.id, queryAll(c), c.get('locale').lang),
      );
    },
  );
  return r;
}
