import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import { exitInput, exitOutput } from './exit.schemas.js';

const m = '/api/v1/museums/:museum/exits';

/** Object exits through the API. */
export function exitApi() {
  const r = new Hono<AppEnv>();
  r.get(
    describe({
      method: 'get',
      path: m,
      tag: 'exits',
      summary: 'Object exits',
      response: z.object({
        items: z.array(
          z.object({
            id: z.string(),
            number: z.string(),
            exitOn: z.string(),
            reason: z.string(),
            recipient: z.string(),
          }),
        ),
      }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: await c.get('services').exits.list(actor, museum.id) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: m,
      tag: 'exits',
      summary: 'Record objects leaving the museum',
      body: exitInput,
      response: exitOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        exitOutput.parse(await c.get('services').exits.record(actor, museum.id, await jsonBody(c))),
        201,
      );
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/:id`,
      tag: 'exits',
      summary: 'An object exit',
      response: exitOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(exitOutput.parse(await c.get('services').exits.get(actor, museum.id, idOf(c))));
    },
  );
  return r;
}
