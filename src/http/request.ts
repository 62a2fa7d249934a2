import type { Context } from 'hono';
import { AppError, notFound, unauthenticated } from '../errors.js';
import type { Actor } from '../modules/access/roles.js';
import type { Museum } from '../modules/museums/museum.schemas.js';
import type { AppEnv } from './env.js';

/** The signed-in actor, or a 401. */
export function actorOf(c: Context<AppEnv>): Actor {
  const a = c.get('actor');
  if (!a) throw unauthenticated();
  return a;
}

/** The museum named in the path, if the actor works there; otherwise 404. */
export async function museumOf(c: Context<AppEnv>): Promise<{ actor: Actor; museum: Museum }> {
  const actor = actorOf(c);
  const museum = await c.get('services').museums.getBySlug(actor, c.req.param('museum') ?? '');
  return { actor, museum };
}

/** The JSON body, or a 400 when it is not JSON. */
export async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AppError('invalid_json', 400, 'The body is not valid JSON', {
      fields: [{ path: '', code: 'invalid_json', message: 'The body is not valid JSON' }],
    });
  }
}

/** Query parameters as a plain object (the last value of a repeated one). */
export function queryOf(c: Context<AppEnv>): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
}

/** Query parameters with their repeated values (`?material=a&material=b` → an array), empty ones left out. */
export function queryAll(c: Context<AppEnv>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, vs] of Object.entries(c.req.queries())) {
    const kept = vs.filter((v) => v !== '');
    if (kept.length) out[k] = kept.length === 1 ? kept[0]! : kept;
  }
  return out;
}

/** The `:id` of the path. */
export function idOf(c: Context<AppEnv>): string {
  const id = c.req.param('id');
  if (!id) throw notFound();
  return id;
}
