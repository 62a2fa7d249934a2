import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import { policyInput, policyOutput, valuationInput, valuationOutput } from './valuation.schemas.js';

/** Valuations and insurance through the API: directors and registrars only. */
export function valuationApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').valuations;
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/museums/:museum/objects/:id/valuations',
      tag: 'valuation',
      summary: 'An object’s valuations and insurance (restricted)',
      response: z.object({ valuations: z.array(valuationOutput), policies: z.array(policyOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      const v = await s(c).ofObject(actor, museum.id, idOf(c));
      return c.json({
        valuations: v.valuations.map((x) => valuationOutput.parse(x)),
        policies: v.policies.map((x) => policyOutput.parse(x)),
      });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/objects/:id/valuations',
      tag: 'valuation',
      summary: 'Record a valuation (restricted)',
      body: valuationInput,
      response: valuationOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        valuationOutput.parse(await s(c).value(actor, museum.id, idOf(c), await jsonBody(c))),
        201,
      );
    },
  );
  r.post(
    describe({
      method: 'post',
      path: '/api/v1/museums/:museum/insurance-policies',
      tag: 'valuation',
      summary: 'Record an insurance or indemnity policy and the objects it covers (restricted)',
      body: policyInput,
      response: policyOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(policyOutput.parse(await s(c).addPolicy(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  return r;
}
