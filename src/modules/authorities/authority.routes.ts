import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { actorOf, idOf, jsonBody, museumOf, queryOf } from '../../http/request.js';
import { authorityInput, authorityListQuery, authorityOutput } from './authority.schemas.js';

const museumBase = '/api/v1/museums/:museum/authorities';
const sharedBase = '/api/v1/authorities';
const list = z.object({ items: z.array(authorityOutput) });
const present = (a: unknown) => authorityOutput.parse(a);

/**
 * Authorities, seen from a museum (its own and the shared ones) or network-wide (shared only).
 */
export function authorityApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').authorities;

  r.get(
    describe({
      method: 'get',
      path: museumBase,
      tag: 'authorities',
      summary: 'People, places and terms a museum can use',
      query: authorityListQuery,
      response: list,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: (await s(c).list(actor, museum.id, queryOf(c))).map(present) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: museumBase,
      tag: 'authorities',
      summary: 'Create an authority record of the museum',
      body: authorityInput,
      response: authorityOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(present(await s(c).create(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${museumBase}/:id`,
      tag: 'authorities',
      summary: 'Read an authority record',
      response: authorityOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(present(await s(c).get(actor, museum.id, idOf(c))));
    },
  );
  r.put(
    describe({
      method: 'put',
      path: `${museumBase}/:id`,
      tag: 'authorities',
      summary: 'Replace an authority record',
      body: authorityInput,
      response: authorityOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(present(await s(c).update(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  r.delete(
    describe({
      method: 'delete',
      path: `${museumBase}/:id`,
      tag: 'authorities',
      summary: 'Delete an unused authority record',
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
      path: `${museumBase}/:id/history`,
      tag: 'authorities',
      summary: 'The audit trail of an authority record',
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ events: await s(c).history(actor, museum.id, idOf(c)) });
    },
  );

  r.get(
    describe({
      method: 'get',
      path: sharedBase,
      tag: 'authorities',
      summary: 'Authority records shared by the network',
      query: authorityListQuery,
      response: list,
    }).path,
    async (c) => {
      return c.json({ items: (await s(c).list(actorOf(c), null, queryOf(c))).map(present) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: sharedBase,
      tag: 'authorities',
      summary: 'Create a shared authority record (platform administrators)',
      body: authorityInput,
      response: authorityOutput,
      status: 201,
    }).path,
    async (c) => {
      return c.json(present(await s(c).create(actorOf(c), null, await jsonBody(c))), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${sharedBase}/:id`,
      tag: 'authorities',
      summary: 'Read a shared authority record',
      response: authorityOutput,
    }).path,
    async (c) => {
      return c.json(present(await s(c).get(actorOf(c), null, idOf(c))));
    },
  );
  return r;
}
