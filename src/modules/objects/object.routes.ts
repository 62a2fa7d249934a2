import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf, queryOf } from '../../http/request.js';
import { presentObject, presentObjectList } from './object.presenter.js';
import { objectInput, objectListQuery, objectOutput, objectPatch, objectSummary } from './object.schemas.js';

const base = '/api/v1/museums/:museum/objects';
const writeQuery = z.object({ keepUnreadDates: z.enum(['1']).optional() });
const keep = (q: Record<string, string>) => ({ keepUnreadDates: q.keepUnreadDates === '1' });
const listOutput = z.object({
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  items: z.array(objectSummary),
});

/** The objects API: parse, call the service, present. */
export function objectApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').objects;

  r.get(
    describe({
      method: 'get',
      path: base,
      tag: 'objects',
      summary: 'List and filter a museum’s objects',
      query: objectListQuery,
      response: listOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const q = queryOf(c);
      const result = await s(c).list(actor, museum.id, q);
      const parsed = objectListQuery.parse(q);
      return c.json(presentObjectList(result, parsed.limit, parsed.offset));
    },
  );

  r.post(
    describe({
      method: 'post',
      path: base,
      tag: 'objects',
      summary: 'Create an object',
      body: objectInput,
      query: writeQuery,
      response: objectOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const o = await s(c).create(actor, museum.id, await jsonBody(c), keep(queryOf(c)));
      return c.json(presentObject(o), 201, { Location: `${base.replace(':museum', museum.slug)}/${o.id}` });
    },
  );

  r.get(
    describe({
      method: 'get',
      path: `${base}/:id`,
      tag: 'objects',
      summary: 'Read an object',
      response: objectOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(presentObject(await s(c).get(actor, museum.id, idOf(c))));
    },
  );

  r.put(
    describe({
      method: 'put',
      path: `${base}/:id`,
      tag: 'objects',
      summary: 'Replace an object',
      body: objectInput,
      query: writeQuery,
      response: objectOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        presentObject(await s(c).update(actor, museum.id, idOf(c), await jsonBody(c), keep(queryOf(c)))),
      );
    },
  );

  r.patch(
    describe({
      method: 'patch',
      path: `${base}/:id`,
      tag: 'objects',
      summary: 'Change some fields of an object',
      body: objectPatch,
      query: writeQuery,
      response: objectOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        presentObject(await s(c).patch(actor, museum.id, idOf(c), await jsonBody(c), keep(queryOf(c)))),
      );
    },
  );

  r.delete(
    describe({
      method: 'delete',
      path: `${base}/:id`,
      tag: 'objects',
      summary: 'Delete an object',
      status: 204,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      await s(c).delete(actor, museum.id, idOf(c));
      return c.body(null, 204);
    },
  );

  r.get(
    describe({
      method: 'get',
      path: `${base}/:id/history`,
      tag: 'objects',
      summary: 'The audit trail of an object',
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ events: await s(c).history(actor, museum.id, idOf(c)) });
    },
  );
  return r;
}
