import type { Kysely } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import { newId, nowIso } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Actor } from '../access/roles.js';
import type { Changes } from './audit.diff.js';

export interface AuditEvent {
  id: string;
  museumId: string | null;
  actorId: string | null;
  actorLabel: string;
  at: string;
  action: 'create' | 'update' | 'delete';
  entityType: string;
  entityId: string;
  changes: Changes;
}

/**
 * The audit trail. Append-only: this repository has no update or delete, and the database
 * itself refuses UPDATE and DELETE on the table (see the core migration).
 */
export class AuditRepository {
  /** Writes one event; pass the transaction of the change it records. */
  async record(
    db: Kysely<DB>,
    actor: Actor,
    e: {
      museumId: string | null;
      action: AuditEvent['action'];
      entityType: string;
      entityId: string;
      changes: Changes;
    },
  ): Promise<void> {
    await db
      .insertInto('audit_event')
      .values({
        id: newId(),
        museum_id: e.museumId,
        actor_id: actor.userId,
        actor_label: actor.name,
        at: nowIso(),
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        changes: JSON.stringify(e.changes),
      })
      .execute();
  }

  /** Writes many events at once (a batch operation), in the caller's transaction. */
  async recordMany(
    db: Kysely<DB>,
    actor: Actor,
    events: {
      museumId: string | null;
      action: AuditEvent['action'];
      entityType: string;
      entityId: string;
      changes: Changes;
    }[],
  ): Promise<void> {
    const at = nowIso();
    const rows = events.map((e) => ({
      id: newId(),
      museum_id: e.museumId,
      actor_id: actor.userId,
      actor_label: actor.name,
      at,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      changes: JSON.stringify(e.changes),
    }));
    await insertRows(db, rows, 500, (part) => db.insertInto('audit_event').values(part));
  }

  /** The history of one record, oldest first. */
  async forEntity(db: Kysely<DB>, entityType: string, entityId: string): Promise<AuditEvent[]> {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      museumId: r.museum_id,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      at: r.at,
      action: r.action as AuditEvent['action'],
      entityType: r.entity_type,
      entityId: r.entity_id,
      changes: readJson<Changes>(r.changes, {}),
    }));
  }
}
