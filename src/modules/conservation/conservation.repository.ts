import type { Kysely, Selectable } from 'kysely';
import type { ConditionCheckTable, DB, TreatmentTable } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { ConditionCheck, Treatment } from './conservation.schemas.js';

/** Condition checks and treatments of objects; every query is scoped to one museum. */
export class ConservationRepository {
  async insertCheck(
    db: Kysely<DB>,
    museumId: string,
    c: ConditionCheck,
    checkedBy: string | null,
  ): Promise<void> {
    await db
      .insertInto('condition_check')
      .values({
        id: c.id,
        museum_id: museumId,
        object_id: c.objectId,
        checked_on: c.checkedOn,
        checked_by: checkedBy,
        checker_label: c.checker,
        context: c.context,
        overall: c.overall,
        damages: JSON.stringify(c.damages),
        note: c.note,
        created_at: c.createdAt,
        media_ids: JSON.stringify(c.mediaIds),
      })
      .execute();
  }

  /** An object's condition checks, the latest first. */
  async checksOf(db: Kysely<DB>, museumId: string, objectId: string): Promise<ConditionCheck[]> {
    const rows = await db
      .selectFrom('condition_check')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('object_id', '=', objectId)
      .orderBy('checked_on', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toCheck);
  }

  /** Of these objects, those with a check in this context made on or after a time. */
  async checkedSince(
    db: Kysely<DB>,
    objectIds: string[],
    context: string,
    since: string,
  ): Promise<Set<string>> {
    if (!objectIds.length) return new Set();
    const rows = await db
      .selectFrom('condition_check')
      .select('object_id')
      .where('object_id', 'in', objectIds)
      .where('context', '=', context)
      .where('created_at', '>=', since)
      .execute();
    return new Set(rows.map((r) => r.object_id));
  }

  /** For each object, the context of its latest check among `contexts`. */
  async latestChecks(db: Kysely<DB>, objectIds: string[], contexts: string[]): Promise<Map<string, string>> {
    const rows = await db
      .selectFrom('condition_check')
      .select(['object_id', 'context', 'created_at', 'id'])
      .where('object_id', 'in', objectIds)
      .where('context', 'in', contexts)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return new Map(rows.map((r) => [r.object_id, r.context]));
  }

  async insertTreatment(db: Kysely<DB>, museumId: string, t: Treatment): Promise<void> {
    await db.insertInto('treatment').values(treatmentRow(museumId, t)).execute();
  }

  async updateTreatment(db: Kysely<DB>, museumId: string, t: Treatment): Promise<void> {
    const { id, ...rest } = treatmentRow(museumId, t);
    await db
      .updateTable('treatment')
      .set(rest)
      .where('id', '=', id)
      .where('museum_id', '=', museumId)
      .execute();
  }

  async findTreatment(db: Kysely<DB>, museumId: string, id: string): Promise<Treatment | undefined> {
    const r = await db
      .selectFrom('treatment')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toTreatment(r) : undefined;
  }

  async treatmentsOf(db: Kysely<DB>, museumId: string, objectId: string): Promise<Treatment[]> {
    const rows = await db
      .selectFrom('treatment')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('object_id', '=', objectId)
      .orderBy('proposed_at', 'desc')
      .execute();
    return rows.map(toTreatment);
  }
}

function toCheck(r: Selectable<ConditionCheckTable>): ConditionCheck {
  return {
    id: r.id,
    objectId: r.object_id,
    checkedOn: r.checked_on,
    checker: r.checker_label,
    context: r.context as ConditionCheck['context'],
    overall: r.overall as ConditionCheck['overall'],
    damages: readJson(r.damages, []),
    note: r.note,
    createdAt: r.created_at,
    mediaIds: readJson(r.media_ids, []),
  };
}

function treatmentRow(museumId: string, t: Treatment): Selectable<TreatmentTable> {
  return {
    id: t.id,
    museum_id: museumId,
    object_id: t.objectId,
    status: t.status,
    proposal: t.proposal,
    proposed_by_label: t.proposedBy,
    proposed_at: t.proposedAt,
    approved_by_label: t.approvedBy,
    approved_at: t.approvedAt,
    started_on: t.startedOn,
    completed_on: t.completedOn,
    materials: JSON.stringify(t.materials),
    report: t.report,
    recommendations: t.recommendations,
    updated_at: t.updatedAt,
    version: t.version,
    before_media: JSON.stringify(t.beforeImages),
    after_media: JSON.stringify(t.afterImages),
  };
}

function toTreatment(r: Selectable<TreatmentTable>): Treatment {
  return {
    id: r.id,
    objectId: r.object_id,
    status: r.status as Treatment['status'],
    proposal: r.proposal,
    proposedBy: r.proposed_by_label,
    proposedAt: r.proposed_at,
    approvedBy: r.approved_by_label,
    approvedAt: r.approved_at,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    materials: readJson(r.materials, []),
    report: r.report,
    recommendations: r.recommendations,
    updatedAt: r.updated_at,
    version: r.version,
    beforeImages: readJson(r.before_media, []),
    afterImages: readJson(r.after_media, []),
  };
}
