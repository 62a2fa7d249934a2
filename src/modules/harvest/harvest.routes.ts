import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { actorOf, idOf, jsonBody } from '../../http/request.js';
import { harvestRun, harvestSource, runInput, sourceInput } from './harvest.schemas.js';

const base = '/api/v1/harvest/sources';

/** The hub's harvest sources over the API (platform administrators). */
export function harvestApi() {
  const r = new Hono<AppEnv>();
  const s = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => c.get('services').harvests;
  r.get(
    describe({
      method: 'get',
      path: base,
      tag: 'harvest',
      summary: 'The OAI-PMH sources the hub harvests',
      response: z.object({ items: z.array(harvestSource) }),
    }).path,
    async (c) => c.json({ items: await s(c).list(actorOf(c)) }),
  );
  r.post(
    describe({
      method: 'post',
      path: base,
      tag: 'harvest',
      summary: 'Register an OAI-PMH source (it fills a museum of its own, read-only here)',
      body: sourceInput,
      response: harvestSource,
      status: 201,
    }).path,
    async (c) => c.json(await s(c).register(actorOf(c), await jsonBody(c)), 201),
  );
  r.get(
    describe({
      method: 'get',
      path: `${base}/:id`,
      tag: 'harvest',
      summary: 'A source and the reports of its last runs',
      response: z.object({ source: harvestSource, runs: z.array(harvestRun) }),
    }).path,
    async (c) => {
      const actor = actorOf(c);
      return c.json({ source: await s(c).get(actor, idOf(c)), runs: await s(c).runs(actor, idOf(c)) });
    },
  );
  r.post(
    describe({
      method: 'post',
      path: `${base}/:id/run`,
      tag: 'harvest',
      summary: 'Harvest now (what changed since the last run, or everything with full)',
      body: runInput,
      status: 202,
    }).path,
    async (c) => {
      await s(c).request(actorOf(c), idOf(c), await jsonBody(c));
      return c.body(null, 202);
    },
  );
  return r;
}
