import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import { checkInput, closeInput, ITEM_STATUSES, inventoryInput } from './inventory.schemas.js';

const m = '/api/v1/museums/:museum/inventories';
const output = z.object({
  id: z.string(),
  title: z.string(),
  locationId: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  startedAt: z.string(),
  startedBy: z.string(),
  closedAt: z.string().nullable(),
  confirmed: z.boolean(),
  counts: z.record(z.enum(ITEM_STATUSES), z.number()),
  items: z.array(
    z.object({
      objectId: z.string(),
      accessionNumber: z.string(),
      status: z.enum(ITEM_STATUSES),
      expectedCode: z.string().nullable(),
      foundCode: z.string().nullable(),
      foundLocationId: z.string().nullable(),
      checkedBy: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});

/** Inventory campaigns through the API (a scanner can post checks one by one). */
export function inventoryApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').inventory;
  r.get(
    describe({
      method: 'get',
      path: m,
      tag: 'inventory',
      summary: 'Inventory campaigns',
      response: z.object({
        items: z.array(
          z.object({ id: z.string(), title: z.string(), status: z.string(), startedAt: z.string() }),
        ),
      }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: await s(c).list(actor, museum.id) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: m,
      tag: 'inventory',
      summary: 'Start an inventory of a location or a list',
      body: inventoryInput,
      response: output,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(output.parse(await s(c).start(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/:id`,
      tag: 'inventory',
      summary: 'An inventory with its discrepancy report',
      response: output,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(output.parse(await s(c).get(actor, museum.id, idOf(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/:id/checks`,
      tag: 'inventory',
      summary: 'Check off an object found at a location',
      body: checkInput,
      response: output,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(output.parse(await s(c).check(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/:id/close`,
      tag: 'inventory',
      summary: 'Close the inventory, optionally confirming the locations found',
      body: closeInput,
      response: output,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(output.parse(await s(c).close(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  return r;
}
