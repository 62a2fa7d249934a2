import type { Kysely, Selectable } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { MuseumObject } from '../objects/object.schemas.js';
import type { ImportBatch, ImportMapping, ImportReport, ImportStatus } from './import.schemas.js';

export interface BatchRecord extends ImportBatch {
  museumId: string;
  sourceKey: string;
  mapping: ImportMapping | null;
  skipRejected: boolean;
}

/** What one import wrote to one object: enough to take it back. */
export interface WrittenRow {
  objectId: string;
  row: number;
  action: 'create' | 'update';
  /** The record as it was before an update. */
  before: MuseumObject | null;
  /** The version the import left it at: a later edit makes it differ, and the undo then leaves the object alone. */
  version: number;
}

/** Import batches, the rows and authorities each wrote, and saved mappings; owns all SQL on `import_*`. */
export class ImportRepository {
  async insert(db: Kysely<DB>, b: BatchRecord, by: { userId: string; name: string }): Promise<void> {
    await db
      .insertInto('import_batch')
      .values({
        id: b.id,
        museum_id: b.museumId,
        filename: b.filename,
        format: b.format,
        source_key: b.sourceKey,
        status: b.status,
        processed: b.processed,
        total: b.total,
        mapping: b.mapping ? JSON.stringify(b.mapping) : null,
        skip_rejected: b.skipRejected ? 1 : 0,
        report: b.report ? JSON.stringify(b.report) : null,
        error: b.error,
        created_by: by.userId,
        created_by_label: by.name,
        created_at: b.createdAt,
        finished_at: b.finishedAt,
      })
      .execute();
  }

  async find(db: Kysely<DB>, museumId: string, id: string): Promise<BatchRecord | undefined> {
    const r = await db
      .selectFrom('import_batch')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toBatch(r) : undefined;
  }

  /** The museum's imports, newest first. */
  async list(db: Kysely<DB>, museumId: string, limit = 50): Promise<BatchRecord[]> {
    const rows = await db
      .selectFrom('import_batch')
      .selectAll()
      .where('museum_id', '=', museumId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toBatch);
  }

  /** Batches of every museum being imported. */
  async running(db: Kysely<DB>): Promise<BatchRecord[]> {
    return (await db.selectFrom('import_batch').selectAll().where('status', '=', 'running').execute()).map(
      toBatch,
    );
  }

  /** Moves a batch on, only from one of the statuses given (so two workers or clicks cannot both start it); true when it moved. */
  async setStatus(
    db: Kysely<DB>,
    id: string,
    from: readonly ImportStatus[],
    to: ImportStatus,
    extra: {
      mapping?: ImportMapping;
      skipRejected?: boolean;
      total?: number;
      report?: ImportReport | null;
      error?: string | null;
      finishedAt?: string | null;
      processed?: number;
    } = {},
  ): Promise<boolean> {
    const r = await db
      .updateTable('import_batch')
      .set({
        status: to,
        ...(extra.mapping ? { mapping: JSON.stringify(extra.mapping) } : {}),
        ...(extra.skipRejected !== undefined ? { skip_rejected: extra.skipRejected ? 1 : 0 } : {}),
        ...(extra.total !== undefined ? { total: extra.total } : {}),
        ...(extra.processed !== undefined ? { processed: extra.processed } : {}),
        ...(extra.report !== undefined ? { report: extra.report ? JSON.stringify(extra.report) : null } : {}),
        ...(extra.error !== undefined ? { error: extra.error } : {}),
        ...(extra.finishedAt !== undefined ? { finished_at: extra.finishedAt } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async progress(db: Kysely<DB>, id: string, processed: number): Promise<void> {
    await db.updateTable('import_batch').set({ processed }).where('id', '=', id).execute();
  }

  async addRows(db: Kysely<DB>, batchId: string, rows: readonly WrittenRow[]): Promise<void> {
    const values = rows.map((r) => ({
      batch_id: batchId,
      object_id: r.objectId,
      row: r.row,
      action: r.action,
      before: r.before ? JSON.stringify(r.before) : null,
      version: r.version,
    }));
    await insertRows(db, values, 500, (part) => db.insertInto('import_row').values(part));
  }

  async rows(db: Kysely<DB>, batchId: string): Promise<WrittenRow[]> {
    const rows = await db
      .selectFrom('import_row')
      .selectAll()
      .where('batch_id', '=', batchId)
      .orderBy('row')
      .execute();
    return rows.map((r) => ({
      objectId: r.object_id,
      row: r.row,
      action: r.action as WrittenRow['action'],
      before: readJson<MuseumObject | null>(r.before, null),
      version: r.version,
    }));
  }

  async addAuthorities(db: Kysely<DB>, batchId: string, ids: readonly string[]): Promise<void> {
    if (ids.length)
      await db
        .insertInto('import_authority')
        .values(ids.map((authority_id) => ({ batch_id: batchId, authority_id })))
        .execute();
  }

  async authorities(db: Kysely<DB>, batchId: string): Promise<string[]> {
    return (
      await db.selectFrom('import_authority').select('authority_id').where('batch_id', '=', batchId).execute()
    ).map((r) => r.authority_id);
  }

  /** Forgets what a batch wrote (once it is undone). */
  async clearWritten(db: Kysely<DB>, batchId: string): Promise<void> {
    await db.deleteFrom('import_row').where('batch_id', '=', batchId).execute();
    await db.deleteFrom('import_authority').where('batch_id', '=', batchId).execute();
  }

  async saveMapping(
    db: Kysely<DB>,
    museumId: string,
    name: string,
    mapping: ImportMapping,
    at: string,
  ): Promise<void> {
    await db
      .insertInto('import_mapping')
      .values({ museum_id: museumId, name, mapping: JSON.stringify(mapping), updated_at: at })
      .onConflict((oc) =>
        oc.columns(['museum_id', 'name']).doUpdateSet({ mapping: JSON.stringify(mapping), updated_at: at }),
      )
      .execute();
  }

  async mappings(
    db: Kysely<DB>,
    museumId: string,
  ): Promise<{ name: string; mapping: ImportMapping; updatedAt: string }[]> {
    const rows = await db
      .selectFrom('import_mapping')
      .selectAll()
      .where('museum_id', '=', museumId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      mapping: readJson<ImportMapping>(r.mapping, { columns: [] } as unknown as ImportMapping),
      updatedAt: r.updated_at,
    }));
  }

  async deleteMapping(db: Kysely<DB>, museumId: string, name: string): Promise<boolean> {
    const r = await db
      .deleteFrom('import_mapping')
      .where('museum_id', '=', museumId)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

function toBatch(r: Selectable<DB['import_batch']>): BatchRecord {
  return {
    id: r.id,
    museumId: r.museum_id,
    filename: r.filename,
    format: r.format as BatchRecord['format'],
    sourceKey: r.source_key,
    status: r.status as ImportStatus,
    processed: r.processed,
    total: r.total,
    mapping: readJson<ImportMapping | null>(r.mapping, null),
    skipRejected: r.skip_rejected === 1,
    report: readJson<ImportReport | null>(r.report, null),
    error: r.error,
    createdBy: r.created_by_label || null,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
