import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf, queryOf } from '../../http/request.js';
import {
  locationInput,
  locationObjectsQuery,
  locationOutput,
  moveInput,
  movementOutput,
} from './location.schemas.js';

const base = '/api/v1/museums/:museum/locations';
const node = locationOutput.extend({ depth: z.number(), here: z.number(), total: z.number() });
const located = z.object({
  id: z.string(),
  accessionNumber: z.string(),
  titles: z.array(z.object({ lang: z.string(), value: z.string() })),
  locationId: z.string(),
  locationCode: z.string(),
  movedAt: z.string(),
});
const present = (l: unknown) => locationOutput.parse(l);

/** Storage locations and movements through the API (staff only: storage is never public). */
export function locationApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').locations;

  r.get(
    describe({
      method: 'get',
      path: base,
      tag: 'locations',
      summary: 'The storage tree with object counts',
      response: z.object({ items: z.array(node) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: (await s(c).tree(actor, museum.id)).map((n) => node.parse(n)) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: base,
      tag: 'locations',
      summary: 'Create a location',
      body: locationInput,
      response: locationOutput,
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
      path: `${base}/:id`,
      tag: 'locations',
      summary: 'A location and the locations above it',
      response: locationOutput.extend({ trail: z.array(locationOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const l = await s(c).get(actor, museum.id, idOf(c));
      return c.json({ ...present(l), trail: (await s(c).trail(actor, museum.id, l)).map(present) });
    },
  );
  r.put(
    describe({
      method: 'put',
      path: `${base}/:id`,
      tag: 'locations',
      summary: 'Change a location (a new parent moves its subtree)',
      body: locationInput,
      response: locationOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(present(await s(c).update(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  r.delete(
    describe({
      method: 'delete',
      path: `${base}/:id`,
      tag: 'locations',
      summary: 'Delete a location that never held an object',
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
      path: `${base}/:id/objects`,
      tag: 'locations',
      summary: 'Everything at a location (and inside it)',
      query: locationObjectsQuery,
      response: z.object({ total: z.number(), items: z.array(located) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await s(c).objectsAt(actor, museum.id, idOf(c), queryOf(c)));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/movements',
      tag: 'locations',
      summary: 'Move one object or a selection to a location',
      body: moveInput,
      response: z.object({ batchId: z.string(), moved: z.number() }),
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(await s(c).move(actor, museum.id, await jsonBody(c)), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/objects/:id/movements',
      tag: 'locations',
      summary: 'An object’s current location and location history',
      response: z.object({ current: z.array(locationOutput).nullable(), movements: z.array(movementOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const o = await c.get('services').objects.get(actor, museum.id, idOf(c));
      const current = await s(c).currentLocation(actor, museum.id, o.id);
      return c.json({
        current: current?.map(present) ?? null,
        movements: (await s(c).history(actor, museum.id, o.id)).map((m) => movementOutput.parse(m)),
      });
    },
  );
  return r;
}
