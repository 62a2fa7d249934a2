import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import { requestInput, requestOutput, requestStep, rightInput, rightOutput } from './rights.schemas.js';

/** Rights and reproduction requests through the API. */
export function rightsApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').rights;
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/objects/:id/rights',
      tag: 'rights',
      summary: 'Rights held in an object',
      response: z.object({ items: z.array(rightOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: await s(c).rights(actor, museum.id, idOf(c)) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/objects/:id/rights',
      tag: 'rights',
      summary: 'Record a right in an object',
      body: rightInput,
      response: rightOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        rightOutput.parse(await s(c).addRight(actor, museum.id, idOf(c), await jsonBody(c))),
        201,
      );
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/reproduction-requests',
      tag: 'rights',
      summary: 'Reproduction requests',
      response: z.object({ items: z.array(requestOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: await s(c).requests(actor, museum.id) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/reproduction-requests',
      tag: 'rights',
      summary: 'Record a reproduction request',
      body: requestInput,
      response: requestOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(requestOutput.parse(await s(c).receive(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/reproduction-requests/:id/steps',
      tag: 'rights',
      summary: 'Review, approve (with licence and fee), deliver, close or refuse a request',
      body: requestStep,
      response: requestOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(requestOutput.parse(await s(c).step(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  return r;
}
