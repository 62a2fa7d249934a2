import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { actorOf, jsonBody, museumOf } from '../../http/request.js';
import { museumInput, museumOutput, museumProfile } from './museum.schemas.js';

/** Museums through the API: those the caller works in; creation by platform administrators. */
export function museumApi() {
  const r = new Hono<AppEnv>();
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums',
      tag: 'museums',
      summary: 'The museums the caller works in',
      response: z.object({ items: z.array(museumOutput) }),
    }).path,
    async (c) => {
      const items = await c.get('services').museums.listForActor(actorOf(c));
      return c.json({ items: items.map((m) => museumOutput.parse(m)) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums',
      tag: 'museums',
      summary: 'Create a museum (platform administrators)',
      body: museumInput,
      response: museumOutput,
      status: 201,
    }).path,
    async (c) => {
      const m = await c.get('services').museums.create(actorOf(c), await jsonBody(c));
      return c.json(museumOutput.parse(m), 201);
    },
  );
  r.put(
    describe({
      method: 'put',
      path: '/api/v1/museums/:museum/profile',
      tag: 'museums',
      summary: 'Replace the museum’s public profile (its director)',
      body: museumProfile,
      response: museumOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        museumOutput.parse(
          await c.get('services').museums.updateProfile(actor, museum.id, await jsonBody(c)),
        ),
      );
    },
  );
  return r;
}
