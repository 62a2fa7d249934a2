import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Batch, BatchEntry } from './media.schemas.js';

/** A batch no live process holds: staged, or left in `saving` by a process whose claim ran out. */
const free = (now: string) => (eb: ExpressionBuilder<DB, 'media_batch'>) =>
  eb.or([
    eb('status', '=', 'staged'),
    eb.and([
      eb('status', '=', 'saving'),
      eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]),
    ]),
  ]);

/**
 * Staged batches of files (ZIP archives) and what became of each file. A batch is saved under a
 * claim (a token and an expiry its process renews), so two servers never save the same batch and
 * one whose process died can be taken up again.
 */
export class BatchRepository {
  async insert(db: Kysely<DB>, museumId: string, b: Batch): Promise<void> {
    await db
      .insertInto('media_batch')
      .values({
        id: b.id,
        museum_id: museumId,
        storage_key: b.storageKey,
        status: b.status,
        entries: JSON.stringify(b.entries),
        created_by_label: b.createdBy,
        created_at: b.createdAt,
        updated_at: b.createdAt,
        claim: null,
        locked_until: null,
      })
      .execute();
  }

  async find(db: Kysely<DB>, museumId: string, id: string): Promise<Batch | undefined> {
    const r = await db
      .selectFrom('media_batch')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toBatch(r) : undefined;
  }

  /** Claims a free batch for saving until `until`; false when it is saved, dropped, or held by a live process. */
  async claim(db: Kysely<DB>, id: string, claim: string, now: string, until: string): Promise<boolean> {
    const r = await db
      .updateTable('media_batch')
      .set({ status: 'saving', claim, locked_until: until, updated_at: now })
      .where('id', '=', id)
      .where(free(now))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Renews a claim, with the entries' outcomes so far; false when the claim was lost (it ran out and another took the batch). */
  async renew(
    db: Kysely<DB>,
    id: string,
    claim: string,
    until: string,
    entries?: BatchEntry[],
  ): Promise<boolean> {
    const r = await db
      .updateTable('media_batch')
      .set({ locked_until: until, ...(entries ? { entries: JSON.stringify(entries) } : {}) })
      .where('id', '=', id)
      .where('status', '=', 'saving')
      .where('claim', '=', claim)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Ends a claim: the batch saved with its entries' outcomes, or back to staged to be saved again. */
  async release(
    db: Kysely<DB>,
    id: string,
    claim: string,
    to: 'saved' | 'staged',
    at: string,
    entries: BatchEntry[],
  ): Promise<boolean> {
    const r = await db
      .updateTable('media_batch')
      .set({ status: to, claim: null, locked_until: null, updated_at: at, entries: JSON.stringify(entries) })
      .where('id', '=', id)
      .where('status', '=', 'saving')
      .where('claim', '=', claim)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Drops a free batch; false when it is saved, dropped already, or being saved. */
  async drop(db: Kysely<DB>, id: string, now: string): Promise<boolean> {
    const r = await db
      .updateTable('media_batch')
      .set({ status: 'dropped', claim: null, locked_until: null, updated_at: now })
      .where('id', '=', id)
      .where(free(now))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The claims on batches being saved that have not run out (to find those whose process is gone). */
  async claims(db: Kysely<DB>, now: string): Promise<{ id: string; claim: string | null }[]> {
    return db
      .selectFrom('media_batch')
      .select(['id', 'claim'])
      .where('status', '=', 'saving')
      .where('locked_until', '>=', now)
      .execute();
  }

  /** Puts a batch back to staged if this claim still holds it (its process is known to be gone); false otherwise. */
  async releaseClaim(db: Kysely<DB>, id: string, claim: string, now: string): Promise<boolean> {
    const r = await db
      .updateTable('media_batch')
      .set({ status: 'staged', claim: null, locked_until: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'saving')
      .where('claim', '=', claim)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Puts every batch left in `saving` by a process that stopped back to staged; how many. */
  async releaseStalled(db: Kysely<DB>, now: string): Promise<number> {
    const r = await db
      .updateTable('media_batch')
      .set({ status: 'staged', claim: null, locked_until: null, updated_at: now })
      .where('status', '=', 'saving')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

function toBatch(r: Selectable<DB['media_batch']>): Batch {
  return {
    id: r.id,
    status: r.status as Batch['status'],
    createdAt: r.created_at,
    createdBy: r.created_by_label,
    storageKey: r.storage_key,
    entries: readJson<BatchEntry[]>(r.entries, []),
  };
}
