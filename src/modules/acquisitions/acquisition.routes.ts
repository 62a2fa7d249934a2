import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf, queryOf } from '../../http/request.js';
import { parseInput } from '../common/validate.js';
import { langValue } from '../common/values.schemas.js';
import {
  ACQUISITION_METHODS,
  acquisitionInput,
  ENTRY_REASONS,
  entryInput,
  numberingInput,
  registerQuery,
} from './acquisition.schemas.js';

const m = '/api/v1/museums/:museum';
const brief = z.object({
  id: z.string(),
  accessionNumber: z.string(),
  titles: z.array(langValue),
  collectionStatus: z.string(),
});
export const entryOutput = z.object({
  id: z.string(),
  number: z.string(),
  enteredOn: z.string(),
  depositorId: z.string().nullable(),
  depositorName: z.string().nullable(),
  depositorContact: z.string().nullable(),
  reason: z.enum(ENTRY_REASONS),
  returnBy: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(['open', 'accessioned', 'returned']),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  objects: z.array(brief),
});
export const acquisitionOutput = z.object({
  id: z.string(),
  reference: z.string(),
  method: z.enum(ACQUISITION_METHODS),
  acquiredOn: z.string(),
  sourceId: z.string().nullable(),
  sourceName: z.string().nullable(),
  decision: z.object({ body: z.string(), date: z.string().optional(), reference: z.string().optional() }),
  documents: z.array(z.object({ title: z.string(), reference: z.string().optional() })),
  creditLine: z.array(langValue),
  note: z.string().nullable(),
  createdAt: z.string(),
  items: z.array(z.object({ objectId: z.string(), accessionNumber: z.string(), titles: z.array(langValue) })),
});
const registerLine = z.object({
  accessionNumber: z.string(),
  objectId: z.string(),
  titles: z.array(langValue),
  accessionedAt: z.string().nullable(),
  reference: z.string(),
  method: z.string(),
  acquiredOn: z.string(),
  source: z.string().nullable(),
  creditLine: z.array(langValue),
});

/** Object entry, acquisition and accession through the API. */
const entryListQuery = z.object({ status: z.enum(['open', 'accessioned', 'returned']).optional() });

export function acquisitionApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').acquisitions;
  r.get(
    describe({
      method: 'get',
      path: `${m}/entries`,
      tag: 'acquisition',
      summary: 'Object entries, newest first',
      query: entryListQuery,
      response: z.object({ items: z.array(entryOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const { status } = parseInput(entryListQuery, { status: queryOf(c).status });
      return c.json({
        items: (await s(c).listEntries(actor, museum.id, status)).map((e) => entryOutput.parse(e)),
      });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/entries`,
      tag: 'acquisition',
      summary: 'Record objects arriving (creates unaccessioned objects)',
      body: entryInput,
      response: entryOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(entryOutput.parse(await s(c).createEntry(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/entries/:id`,
      tag: 'acquisition',
      summary: 'An object entry',
      response: entryOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(entryOutput.parse(await s(c).getEntry(actor, museum.id, idOf(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/entries/:id/return`,
      tag: 'acquisition',
      summary: 'Return the entry’s objects that were not accessioned',
      response: entryOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(entryOutput.parse(await s(c).returnEntry(actor, museum.id, idOf(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/acquisitions`,
      tag: 'acquisition',
      summary: 'Acquire and accession objects',
      body: acquisitionInput,
      response: acquisitionOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(acquisitionOutput.parse(await s(c).acquire(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/acquisitions/:id`,
      tag: 'acquisition',
      summary: 'An acquisition and the accession numbers it assigned',
      response: acquisitionOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(acquisitionOutput.parse(await s(c).getAcquisition(actor, museum.id, idOf(c))));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/register`,
      tag: 'acquisition',
      summary: 'The accession register',
      query: registerQuery,
      response: z.object({ items: z.array(registerLine) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({
        items: (await s(c).register(actor, museum.id, queryOf(c))).map((l) => registerLine.parse(l)),
      });
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/numbering`,
      tag: 'acquisition',
      summary: 'The museum’s numbering patterns',
      response: numberingInput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await s(c).numbering(actor, museum.id));
    },
  );
  r.put(
    describe({
      method: 'put',
      path: `${m}/numbering`,
      tag: 'acquisition',
      summary: 'Set the numbering patterns (directors)',
      body: numberingInput,
      response: numberingInput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await s(c).setNumbering(actor, museum.id, await jsonBody(c)));
    },
  );
  return r;
}
