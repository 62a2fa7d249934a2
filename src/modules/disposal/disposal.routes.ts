import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { idOf, jsonBody, museumOf } from '../../http/request.js';
import {
  deaccessionDecision,
  deaccessionInput,
  deaccessionOutput,
  incidentInput,
  incidentOutput,
  incidentResolution,
} from './disposal.schemas.js';

const m = '/api/v1/museums/:museum';

/** Deaccession and incidents through the API. */
export function disposalApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').disposal;
  r.get(
    describe({
      method: 'get',
      path: `${m}/deaccessions`,
      tag: 'disposal',
      summary: 'Deaccession proposals',
      response: z.object({ items: z.array(deaccessionOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({ items: (await s(c).list(actor, museum.id)).map((d) => deaccessionOutput.parse(d)) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/deaccessions`,
      tag: 'disposal',
      summary: 'Propose the deaccession of objects',
      body: deaccessionInput,
      response: deaccessionOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(deaccessionOutput.parse(await s(c).propose(actor, museum.id, await jsonBody(c))), 201);
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/deaccessions/:id`,
      tag: 'disposal',
      summary: 'A deaccession proposal',
      response: deaccessionOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(deaccessionOutput.parse(await s(c).get(actor, museum.id, idOf(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/deaccessions/:id/decision`,
      tag: 'disposal',
      summary: 'Approve or refuse a proposal (directors)',
      body: deaccessionDecision,
      response: deaccessionOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(deaccessionOutput.parse(await s(c).decide(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/deaccessions/:id/complete`,
      tag: 'disposal',
      summary: 'Carry out an approved deaccession',
      response: deaccessionOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(deaccessionOutput.parse(await s(c).complete(actor, museum.id, idOf(c))));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: `${m}/objects/:id/incidents`,
      tag: 'disposal',
      summary: 'Damage and loss reported for an object',
      response: z.object({ items: z.array(incidentOutput) }),
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json({
        items: (await s(c).incidents(actor, museum.id, idOf(c))).map((i) => incidentOutput.parse(i)),
      });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/objects/:id/incidents`,
      tag: 'disposal',
      summary: 'Report damage, loss or theft',
      body: incidentInput,
      response: incidentOutput,
      status: 201,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(
        incidentOutput.parse(await s(c).report(actor, museum.id, idOf(c), await jsonBody(c))),
        201,
      );
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${m}/incidents/:id/resolve`,
      tag: 'disposal',
      summary: 'Close an incident (a lost object found returns to the collection)',
      body: incidentResolution,
      response: incidentOutput,
    }).path,
    async (c) => {
      const { actor, museum } = await museumOf(c);
      return c.json(incidentOutput.parse(await s(c).resolve(actor, museum.id, idOf(c), await jsonBody(c))));
    },
  );
  return r;
}
