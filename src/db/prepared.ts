import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Statements a connection keeps prepared, at most: the platform's own queries repeat, built from a few hundred shapes. */
const PER_CONNECTION = 400;
/** A statement is prepared once it has been seen this often (on any connection): a one-off is not worth a name. */
const SEEN_BEFORE = 2;
const seen = new Map<string, number>();

/**
 * PostgreSQL parses every query sent without a name, each time. A query seen before is sent as a
 * named, prepared statement instead, parsed once per connection, and still planned for its values
 * each time it runs (`plan_cache_mode`): a plan kept from when a table was small (PostgreSQL's
 * generic plan, its choice after five runs) read the whole of it once it had grown, and a harvest
 * of 20,000 records took a quarter longer that way. A full-text search (`@@`) is never prepared.
 */
export function preparingStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // Nothing is prepared on a connection until it plans every query for its values (a server that
  // refuses the setting keeps its queries unnamed).
  let planned = false;
  (query('SET plan_cache_mode = force_custom_plan') as Promise<unknown>).then(() => { planned = true; }, () => {});
  const names = new Set<string>();
  (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    // A query without values goes as it is: it may hold several statements, which a prepared one may not.
    if (!planned || typeof text !== 'string' || !Array.isArray(values) || !values.length || rest.length || text.includes('@@')) return query(text, values, ...rest);
    const name = nameOf(text, names);
    return name ? query({ name, text, values }) : query(text, values);
  };
}

function nameOf(text: string, names: Set<string>): string | null {
  const times = (seen.get(text) ?? 0) + 1;
  // Forgetting them all now and then keeps the count of one-off queries bounded.
  if (seen.size >= 10_000 && times === 1) seen.clear();
  seen.set(text, times);
  if (times <= SEEN_BEFORE) return null;
  const name = `m_${createHash('sha1').update(text).digest('base64url')}`;
  if (names.has(name)) return name;
  if (names.size >= PER_CONNECTION) return null;
  names.add(name);
  return name;
}
