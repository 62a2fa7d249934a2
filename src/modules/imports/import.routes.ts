import { Hono } from 'hono';
import { z } from 'zod';
import { invalidInput } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf, queryOf } from '../../http/request.js';
import { parseInput } from '../common/validate.js';
import { presentBatch } from './import.service.js';
import {
  DELIMITERS,
  ENCODINGS,
  importBatch,
  importMapping,
  importPreview,
  importReport,
  runInput,
  savedMappingInput,
} from './import.schemas.js';

const base = '/api/v1/museums/:museum/imports';
/** The upload addresses (API and form), which take a file larger than other bodies, under their own limit. */
export const IMPORT_UPLOAD_PATH = /^\/(?:api\/v1\/museums|staff\/m)\/(?<museum>[^/]+)\/imports$/;
const previewQuery = z
  .object({ encoding: z.enum(ENCODINGS).optional(), delimiter: z.enum(DELIMITERS).optional() })
  .strict();
const savedList = z.object({
  items: z.array(z.object({ name: z.string(), mapping: importMapping, updatedAt: z.string() })),
});

/** Spreadsheet imports over the API: upload, preview, dry run, run, follow, undo; saved mappings. */
export function importApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').imports;

  r.post(
    describe({
      method: 'post',
      path: base,
      tag: 'imports',
      summary:
        'Upload a CSV or XLSX file (the body is the file; name it in X-Filename): its columns, first rows and a guessed mapping',
      response: importPreview,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const data = Buffer.from(await c.req.arrayBuffer());
      if (!data.length)
        throw invalidInput([
          { path: 'file', code: 'required', message: 'Send the file as the request body' },
        ]);
      return c.json(
        importPreview.parse(
          await s(c).upload(actor, museum.id, c.req.header('x-filename') ?? 'import.csv', data),
        ),
        201,
      );
    },
  );
  r.get(
    describe({
      method: 'get',
      path: base,
      tag: 'imports',
      summary: 'The museum’s imports, newest first',
      response: z.object({ items: z.array(importBatch) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: (await s(c).list(actor, museum.id)).map(presentBatch) });
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${base}/:id`,
      tag: 'imports',
      summary: 'An import: its status, progress and report',
      response: importBatch,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(presentBatch(await s(c).get(actor, museum.id, idOf(c))));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${base}/:id/preview`,
      tag: 'imports',
      summary: 'The file read again, with another encoding or separator',
      query: previewQuery,
      response: importPreview,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        importPreview.parse(
          await s(c).preview(actor, museum.id, idOf(c), parseInput(previewQuery, queryOf(c))),
        ),
      );
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${base}/:id/dry-run`,
      tag: 'imports',
      summary: 'What importing with this mapping would do, row by row (nothing is written)',
      body: importMapping,
      response: importReport,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await s(c).dryRun(actor, museum.id, idOf(c), await jsonBody(c)));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${base}/:id/run`,
      tag: 'imports',
      summary: 'Import for real, in the background; follow it at the import’s address',
      body: runInput,
      response: importBatch,
      status: 202,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await s(c).run(actor, museum.id, idOf(c), await jsonBody(c)), 202);
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${base}/:id/undo`,
      tag: 'imports',
      summary: 'Undo a finished import as a whole',
      response: importBatch,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await s(c).undo(actor, museum.id, idOf(c)));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/import-mappings',
      tag: 'imports',
      summary: 'Mappings saved for the next file',
      response: savedList,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: await s(c).mappings(actor, museum.id) });
    },
  );
  r.put(
    describe({
      method: 'put',
      path: '/api/v1/museums/:museum/import-mappings',
      tag: 'imports',
      summary: 'Save a mapping by name (replacing one of the same name)',
      body: savedMappingInput,
      status: 204,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      await s(c).saveMapping(actor, museum.id, await jsonBody(c));
      return c.body(null, 204);
    },
  );
  r.delete(
    describe({
      method: 'delete',
      path: '/api/v1/museums/:museum/import-mappings/:name',
      tag: 'imports',
      summary: 'Forget a saved mapping',
      status: 204,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      await s(c).deleteMapping(actor, museum.id, c.req.param('name') ?? '');
      return c.body(null, 204);
    },
  );
  return r;
}
