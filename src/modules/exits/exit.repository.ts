import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { ObjectExit } from './exit.schemas.js';

/** Object exits and the objects each took out. */
export class ExitRepository {
  async insert(db: Kysely<DB>, museumId: string, x: ObjectExit): Promise<void> {
    await db
      .insertInto('object_exit')
      .values({
        id: x.id,
        museum_id: museumId,
        number: x.number,
        exit_on: x.exitOn,
        reason: x.reason,
        recipient: x.recipient,
        note: x.note,
        created_by_label: x.createdBy,
        created_at: x.createdAt,
      })
      .execute();
    await db
      .insertInto('object_exit_item')
      .values(x.objects.map((o) => ({ exit_id: x.id, object_id: o.id })))
      .execute();
  }

  async find(db: Kysely<DB>, museumId: string, id: string): Promise<ObjectExit | undefined> {
    const r = await db
      .selectFrom('object_exit')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const objects = await db
      .selectFrom('object_exit_item')
      .innerJoin('object', 'object.id', 'object_exit_item.object_id')
      .select(['object.id', 'object.accession_number', 'object.titles'])
      .where('object_exit_item.exit_id', '=', id)
      .orderBy('object.accession_sort')
      .execute();
    return {
      id: r.id,
      number: r.number,
      exitOn: r.exit_on,
      reason: r.reason as ObjectExit['reason'],
      recipient: r.recipient,
      note: r.note,
      createdBy: r.created_by_label,
      createdAt: r.created_at,
      objects: objects.map((o) => ({
        id: o.id,
        accessionNumber: o.accession_number,
        titles: readJson(o.titles, []),
      })),
    };
  }

  async list(
    db: Kysely<DB>,
    museumId: string,
  ): Promise<{ id: string; number: string; exitOn: string; reason: string; recipient: string }[]> {
    const rows = await db
      .selectFrom('object_exit')
      .select(['id', 'number', 'exit_on', 'reason', 'recipient'])
      .where('museum_id', '=', museumId)
      .orderBy('exit_on', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      exitOn: r.exit_on,
      reason: r.reason,
      recipient: r.recipient,
    }));
  }
}
