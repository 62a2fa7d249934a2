import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Batch, BatchEntry } from './media.schemas.js';

/** Staged batches of files (ZIP archives) and what became of each file. */
export class BatchRepository {
  async insert(db: Kysely<DB>, museumId: string, b: Batch): Promise<void> {
    await db.insertInto('media_batch').values({
      id: b.id, museum_id: museumId, storage_key: b.storageKey, status: b.status, entries: JSON.stringify(b.entries),
      created_by_label: b.createdBy, created_at: b.createdAt, updated_at: b.createdAt,
    }).execute();
  }

  async find(db: Kysely<DB>, museumId: string, id: string): Promise<Batch | undefined> {
    const r = await db.selectFrom('media_batch').selectAll().where('museum_id', '=', museumId).where('id', '=', id).executeTakeFirst();
    return r ? toBatch(r) : undefined;
  }

  /** Moves a batch from one status to the next; false when another request moved it first. */
  async transition(db: Kysely<DB>, id: string, from: Batch['status'], to: Batch['status'], at: string, entries?: BatchEntry[]): Promise<boolean> {
    const r = await db.updateTable('media_batch')
      .set({ status: to, updated_at: at, ...(entries ? { entries: JSON.stringify(entries) } : {}) })
      .where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

function toBatch(r: Selectable<DB['media_batch']>): Batch {
  return { id: r.id, status: r.status as Batch['status'], createdAt: r.created_at, createdBy: r.created_by_label, storageKey: r.storage_key, entries: readJson<BatchEntry[]>(r.entries, []) };
}
