import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The museum's numbering schemes: a pattern with `{year}`, `{seq}` (the n-th entry or acquisition
 * of the year) and, for accession numbers, `{item}` (the n-th object of the acquisition).
 * @example formatNumber('{year}.{seq}.{item}', { year: 2026, seq: 14, item: 3 }) // '2026.14.3'
 */
export function formatNumber(pattern: string, parts: { year: number; seq: number; item?: number }): string {
  return pattern
    .replaceAll('{year}', String(parts.year))
    .replaceAll('{seq}', String(parts.seq))
    .replaceAll('{item}', String(parts.item ?? ''));
}

/** Counters per museum and scope (`entry:2026`, `acquisition:2026`), advanced inside the caller's transaction. */
export class SequenceRepository {
  async next(db: Kysely<DB>, museumId: string, scope: string): Promise<number> {
    await db
      .insertInto('number_sequence')
      .values({ museum_id: museumId, scope, value: 0 })
      .onConflict((oc) => oc.columns(['museum_id', 'scope']).doNothing())
      .execute();
    await db
      .updateTable('number_sequence')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('museum_id', '=', museumId)
      .where('scope', '=', scope)
      .execute();
    const row = await db
      .selectFrom('number_sequence')
      .select('value')
      .where('museum_id', '=', museumId)
      .where('scope', '=', scope)
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }
}
