import type { Kysely, Selectable } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { reusable } from '../../db/reusable.js';
import { readJson } from '../common/values.schemas.js';
import type { HarvestReport, HarvestRun, HarvestSource } from './harvest.schemas.js';

/** Asked for every object page (a harvested record links back to its source). */
const ORIGIN = reusable(
  (db: Kysely<DB>, objectId: string) =>
    db
      .selectFrom('harvested_record')
      .innerJoin('harvest_source', 'harvest_source.id', 'harvested_record.source_id')
      .select([
        'harvest_source.name as name',
        'harvested_record.url as url',
        'harvested_record.identifier as identifier',
      ])
      .where('harvested_record.object_id', '=', objectId),
  { keyed: true },
);

/** Harvest sources, their runs, and which record of a source is which object; owns all SQL on `harvest_*` and `harvested_record`. */
export class HarvestRepository {
  async insertSource(db: Kysely<DB>, s: HarvestSource): Promise<void> {
    await db
      .insertInto('harvest_source')
      .values({
        id: s.id,
        museum_id: s.museumId,
        name: s.name,
        base_url: s.baseUrl,
        metadata_prefix: s.metadataPrefix,
        set_spec: s.set,
        interval_hours: s.intervalHours,
        allow_private: s.allowPrivate ? 1 : 0,
        harvested_until: s.harvestedUntil,
        resume: s.resume ? JSON.stringify(s.resume) : null,
        next_run_at: s.nextRunAt,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .execute();
  }

  async source(db: Kysely<DB>, id: string): Promise<HarvestSource | undefined> {
    const r = await db.selectFrom('harvest_source').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toSource(r) : undefined;
  }

  async sources(db: Kysely<DB>): Promise<HarvestSource[]> {
    return (await db.selectFrom('harvest_source').selectAll().orderBy('name').execute()).map(toSource);
  }

  /** Where a harvest stands after a page (its resumption token, or null when it finished), kept with the page's records. */
  async setState(
    db: Kysely<DB>,
    id: string,
    state: Partial<Pick<HarvestSource, 'resume' | 'harvestedUntil' | 'nextRunAt'>>,
  ): Promise<void> {
    await db
      .updateTable('harvest_source')
      .set({
        ...(state.resume !== undefined ? { resume: state.resume ? JSON.stringify(state.resume) : null } : {}),
        ...(state.harvestedUntil !== undefined ? { harvested_until: state.harvestedUntil } : {}),
        ...(state.nextRunAt !== undefined ? { next_run_at: state.nextRunAt } : {}),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async insertRun(db: Kysely<DB>, r: HarvestRun): Promise<void> {
    await db
      .insertInto('harvest_run')
      .values({
        id: r.id,
        source_id: r.sourceId,
        mode: r.mode,
        status: r.status,
        started_at: r.startedAt,
        finished_at: r.finishedAt,
        report: JSON.stringify(r.report),
      })
      .execute();
  }

  async updateRun(
    db: Kysely<DB>,
    id: string,
    status: HarvestRun['status'],
    report: HarvestReport,
    finishedAt: string | null,
  ): Promise<void> {
    await db
      .updateTable('harvest_run')
      .set({ status, report: JSON.stringify(report), finished_at: finishedAt })
      .where('id', '=', id)
      .execute();
  }

  /** Ends a run still marked running (and only then: its worker may have ended it meanwhile); true when it did. */
  async endRunning(
    db: Kysely<DB>,
    id: string,
    status: HarvestRun['status'],
    report: HarvestReport,
    finishedAt: string,
  ): Promise<boolean> {
    const r = await db
      .updateTable('harvest_run')
      .set({ status, report: JSON.stringify(report), finished_at: finishedAt })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Every run marked running, of every source. */
  async running(db: Kysely<DB>): Promise<HarvestRun[]> {
    return (await db.selectFrom('harvest_run').selectAll().where('status', '=', 'running').execute()).map(
      toRun,
    );
  }

  async run(db: Kysely<DB>, id: string): Promise<HarvestRun | undefined> {
    const r = await db.selectFrom('harvest_run').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRun(r) : undefined;
  }

  async runs(db: Kysely<DB>, sourceId: string, limit = 20): Promise<HarvestRun[]> {
    return (
      await db
        .selectFrom('harvest_run')
        .selectAll()
        .where('source_id', '=', sourceId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
    ).map(toRun);
  }

  /** The objects already made from these records of a source (identifier → object id). */
  async objectsOf(db: Kysely<DB>, sourceId: string, identifiers: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < identifiers.length; i += 500) {
      const rows = await db
        .selectFrom('harvested_record')
        .select(['identifier', 'object_id'])
        .where('source_id', '=', sourceId)
        .where('identifier', 'in', identifiers.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.identifier, r.object_id);
    }
    return out;
  }

  async upsertRecords(
    db: Kysely<DB>,
    sourceId: string,
    runId: string,
    records: { identifier: string; objectId: string; datestamp: string; url: string | null }[],
  ): Promise<void> {
    // One row per identifier, the last a page gives (a statement may not touch a row twice).
    const last = new Map(records.map((r) => [r.identifier, r]));
    const rows = [...last.values()].map((r) => ({
      source_id: sourceId,
      identifier: r.identifier,
      object_id: r.objectId,
      datestamp: r.datestamp,
      url: r.url,
      seen_in: runId,
    }));
    await insertRows(db, rows, 500, (part) =>
      db
        .insertInto('harvested_record')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['source_id', 'identifier']).doUpdateSet((eb) => ({
            object_id: eb.ref('excluded.object_id'),
            datestamp: eb.ref('excluded.datestamp'),
            url: eb.ref('excluded.url'),
            seen_in: eb.ref('excluded.seen_in'),
          })),
        ),
    );
  }

  /** Marks records as seen in this run though unchanged (a full harvest removes those it did not see). */
  async markSeen(db: Kysely<DB>, sourceId: string, runId: string, identifiers: string[]): Promise<void> {
    for (let i = 0; i < identifiers.length; i += 500) {
      await db
        .updateTable('harvested_record')
        .set({ seen_in: runId })
        .where('source_id', '=', sourceId)
        .where('identifier', 'in', identifiers.slice(i, i + 500))
        .execute();
    }
  }

  async forget(db: Kysely<DB>, sourceId: string, identifiers: string[]): Promise<void> {
    for (let i = 0; i < identifiers.length; i += 500)
      await db
        .deleteFrom('harvested_record')
        .where('source_id', '=', sourceId)
        .where('identifier', 'in', identifiers.slice(i, i + 500))
        .execute();
  }

  /** Records of the source a full harvest did not see: gone from the source. */
  async unseen(
    db: Kysely<DB>,
    sourceId: string,
    runId: string,
  ): Promise<{ identifier: string; objectId: string }[]> {
    const rows = await db
      .selectFrom('harvested_record')
      .select(['identifier', 'object_id'])
      .where('source_id', '=', sourceId)
      .where('seen_in', '!=', runId)
      .execute();
    return rows.map((r) => ({ identifier: r.identifier, objectId: r.object_id }));
  }

  /** Where a harvested object comes from: its source's name and its address there (shown on its public page). */
  async origin(
    db: Kysely<DB>,
    objectId: string,
  ): Promise<{ sourceName: string; url: string | null; identifier: string } | undefined> {
    const r = await ORIGIN.first(db, objectId);
    return r ? { sourceName: r.name, url: r.url, identifier: r.identifier } : undefined;
  }
}

function toSource(r: Selectable<DB['harvest_source']>): HarvestSource {
  return {
    id: r.id,
    museumId: r.museum_id,
    name: r.name,
    baseUrl: r.base_url,
    metadataPrefix: r.metadata_prefix as HarvestSource['metadataPrefix'],
    set: r.set_spec,
    intervalHours: r.interval_hours,
    allowPrivate: r.allow_private === 1,
    harvestedUntil: r.harvested_until,
    resume: readJson<HarvestSource['resume']>(r.resume, null),
    nextRunAt: r.next_run_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRun(r: Selectable<DB['harvest_run']>): HarvestRun {
  return {
    id: r.id,
    sourceId: r.source_id,
    mode: r.mode as HarvestRun['mode'],
    status: r.status as HarvestRun['status'],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    report: readJson<HarvestReport>(r.report, emptyReport()),
  };
}

export const emptyReport = (): HarvestReport => ({
  pages: 0,
  bytes: 0,
  added: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  rejected: 0,
  rejections: [],
  error: null,
  retries: 0,
});
