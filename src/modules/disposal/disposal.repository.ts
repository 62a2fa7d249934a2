import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Deaccession, Incident } from './disposal.schemas.js';

/** Deaccession proposals with their objects, and incidents of damage or loss. */
export class DisposalRepository {
  async insertDeaccession(db: Kysely<DB>, museumId: string, d: Deaccession): Promise<void> {
    await db
      .insertInto('deaccession')
      .values({ ...row(museumId, d) })
      .execute();
    await db
      .insertInto('deaccession_item')
      .values(d.objectIds.map((object_id) => ({ deaccession_id: d.id, object_id })))
      .execute();
  }

  async updateDeaccession(db: Kysely<DB>, museumId: string, d: Deaccession): Promise<void> {
    const { id, ...rest } = row(museumId, d);
    await db
      .updateTable('deaccession')
      .set(rest)
      .where('id', '=', id)
      .where('museum_id', '=', museumId)
      .execute();
  }

  async findDeaccession(db: Kysely<DB>, museumId: string, id: string): Promise<Deaccession | undefined> {
    const r = await db
      .selectFrom('deaccession')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const items = await db
      .selectFrom('deaccession_item')
      .select('object_id')
      .where('deaccession_id', '=', id)
      .execute();
    return {
      id: r.id,
      status: r.status as Deaccession['status'],
      reason: r.reason,
      disposalMethod: r.disposal_method as Deaccession['disposalMethod'],
      recipient: r.recipient,
      proposedBy: r.proposed_by_label,
      proposedAt: r.proposed_at,
      decidedBy: r.decided_by_label,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
      completedAt: r.completed_at,
      version: r.version,
      objectIds: items.map((i) => i.object_id),
    };
  }

  async deaccessionIds(db: Kysely<DB>, museumId: string, status?: string): Promise<string[]> {
    let q = db.selectFrom('deaccession').select('id').where('museum_id', '=', museumId);
    if (status) q = q.where('status', '=', status);
    return (await q.orderBy('proposed_at', 'desc').limit(500).execute()).map((r) => r.id);
  }

  async insertIncident(db: Kysely<DB>, museumId: string, i: Incident): Promise<void> {
    await db
      .insertInto('incident')
      .values({
        id: i.id,
        museum_id: museumId,
        object_id: i.objectId,
        kind: i.kind,
        occurred_on: i.occurredOn,
        discovered_on: i.discoveredOn,
        circumstances: i.circumstances,
        action_taken: i.actionTaken,
        reported_by_label: i.reportedBy,
        resolved_on: i.resolvedOn,
        created_at: i.createdAt,
      })
      .execute();
  }

  async resolveIncident(
    db: Kysely<DB>,
    museumId: string,
    id: string,
    resolvedOn: string,
    actionTaken: string | null,
  ): Promise<void> {
    await db
      .updateTable('incident')
      .set({ resolved_on: resolvedOn, action_taken: actionTaken })
      .where('id', '=', id)
      .where('museum_id', '=', museumId)
      .execute();
  }

  async incidents(
    db: Kysely<DB>,
    museumId: string,
    filter: { objectId?: string; id?: string; open?: boolean },
  ): Promise<Incident[]> {
    let q = db.selectFrom('incident').selectAll().where('museum_id', '=', museumId);
    if (filter.objectId) q = q.where('object_id', '=', filter.objectId);
    if (filter.id) q = q.where('id', '=', filter.id);
    if (filter.open) q = q.where('resolved_on', 'is', null);
    const rows = await q.orderBy('discovered_on', 'desc').orderBy('id', 'desc').limit(500).execute();
    return rows.map((r) => ({
      id: r.id,
      objectId: r.object_id,
      kind: r.kind as Incident['kind'],
      occurredOn: r.occurred_on,
      discoveredOn: r.discovered_on,
      circumstances: r.circumstances,
      actionTaken: r.action_taken,
      reportedBy: r.reported_by_label,
      resolvedOn: r.resolved_on,
      createdAt: r.created_at,
    }));
  }
}

function row(museumId: string, d: Deaccession) {
  return {
    id: d.id,
    museum_id: museumId,
    status: d.status,
    reason: d.reason,
    disposal_method: d.disposalMethod,
    recipient: d.recipient,
    proposed_by_label: d.proposedBy,
    proposed_at: d.proposedAt,
    decided_by_label: d.decidedBy,
    decided_at: d.decidedAt,
    decision_note: d.decisionNote,
    completed_at: d.completedAt,
    version: d.version,
  };
}
