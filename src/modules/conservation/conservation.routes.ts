import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import {
  conditionInput,
  conditionOutput,
  treatmentOutput,
  treatmentProposal,
  treatmentStep,
} from './conservation.schemas.js';

const o = '/api/v1/museums/:museum/objects/:id';

/** Condition checks and treatments through the API. */
export function conservationApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').conservation;
  r.get(
    describe({
      method: 'get',
      path: `${o}/conditions`,
      tag: 'conservation',
      summary: 'An object’s condition checks, the latest first',
      response: z.object({ items: z.array(conditionOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({
        items: (await s(c).checks(actor, museum.id, idOf(c))).map((x) => conditionOutput.parse(x)),
      });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${o}/conditions`,
      tag: 'conservation',
      summary: 'Record a condition check',
      body: conditionInput,
      response: conditionOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        conditionOutput.parse(await s(c).check(actor, museum.id, idOf(c), await jsonBody(c))),
        201,
      );
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${o}/treatments`,
      tag: 'conservation',
      summary: 'An object’s conservation treatments',
      response: z.object({ items: z.array(treatmentOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({
        items: (await s(c).treatments(actor, museum.id, idOf(c))).map((x) => treatmentOutput.parse(x)),
      });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${o}/treatments`,
      tag: 'conservation',
      summary: 'Propose a treatment',
      body: treatmentProposal,
      response: treatmentOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        treatmentOutput.parse(await s(c).propose(actor, museum.id, idOf(c), await jsonBody(c))),
        201,
      );
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/treatments/:id/steps',
      tag: 'conservation',
      summary: 'Approve, start, complete or cancel a treatment',
      body: treatmentStep,
      response: treatmentOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(treatmentOutput.parse(await s(c).step(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  return r;
}
