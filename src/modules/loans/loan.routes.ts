import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import { loanInput, loanObjectsInput, loanOutput, loanStep } from './loan.schemas.js';

const m = '/api/v1/museums/:museum/loans';

/** Loans through the API, seen from one party's museum. */
export function loanApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').loans;
  r.get(
    describe({
      method: 'get',
      path: m,
      tag: 'loans',
      summary: 'Loans in which the museum lends or borrows',
      response: z.object({ items: z.array(loanOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: (await s(c).list(actor, museum.id)).map((l) => loanOutput.parse(l)) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: m,
      tag: 'loans',
      summary: 'Record a loan request, in or out',
      body: loanInput,
      response: loanOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(loanOutput.parse(await s(c).create(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/:id`,
      tag: 'loans',
      summary: 'A loan (insurance values only for roles that may see valuations)',
      response: loanOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(loanOutput.parse(await s(c).get(actor, museum.id, idOf(c))));
    },
  );
  r.put(
    describe({
      method: 'put',
      path: `${m}/:id/objects`,
      tag: 'loans',
      summary: 'Set the objects lent and their insurance values (the lender)',
      body: loanObjectsInput,
      response: loanOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(loanOutput.parse(await s(c).setObjects(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/:id/steps`,
      tag: 'loans',
      summary: 'Move the loan to its next state',
      body: loanStep,
      response: loanOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(loanOutput.parse(await s(c).step(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  return r;
}
