import type { Context } from 'hono';
import { AppError, invalidInput, malformedBody, notFound, unauthenticated } from '../errors.js';
import type { Actor } from '../modules/access/roles.js';
import { findTextFault } from '../modules/common/text.js';
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

/** How deep a JSON body may nest: Mathaf's deepest input is a handful of levels. */
export const JSON_MAX_DEPTH = 32;

/**
 * The JSON body, or a 400 when it is not JSON, nests deeper than JSON_MAX_DEPTH (so no later
 * walk of it can exhaust the stack), or holds text that cannot be stored (see text.ts).
 */
export async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('invalid_json', 400, 'The body is not valid JSON', {
      fields: [{ path: '', code: 'invalid_json', message: 'The body is not valid JSON' }],
    });
  }
  if (deeperThan(body, JSON_MAX_DEPTH)) {
    throw malformedBody([
      { path: '', code: 'too_deep', message: `A body nests at most ${JSON_MAX_DEPTH} levels` },
    ]);
  }
  const fault = findTextFault(body);
  if (fault) throw invalidInput([fault]);
  return body;
}

/** Whether a parsed JSON value nests deeper than `max`, found without recursion. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
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
