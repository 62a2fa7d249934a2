import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { ObjectRight, ReproductionRequest } from './rights.schemas.js';

/** Rights held in objects, and reproduction requests. */
export class RightsRepository {
  async insertRight(db: Kysely<DB>, museumId: string, r: ObjectRight): Promise<void> {
    await db
      .insertInto('object_right')
      .values({
        id: r.id,
        museum_id: museumId,
        object_id: r.objectId,
        kind: r.kind,
        holder: r.holder,
        licence: r.licence,
        restrictions: r.restrictions,
        starts_on: r.startsOn,
        ends_on: r.endsOn,
        created_at: r.createdAt,
        media_id: r.mediaId,
      })
      .execute();
  }

  async rightsOf(db: Kysely<DB>, museumId: string, objectId: string): Promise<ObjectRight[]> {
    const rows = await db
      .selectFrom('object_right')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('object_id', '=', objectId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      objectId: r.object_id,
      kind: r.kind as ObjectRight['kind'],
      holder: r.holder,
      licence: r.licence,
      restrictions: r.restrictions,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      createdAt: r.created_at,
      mediaId: r.media_id,
    }));
  }

  async saveRequest(db: Kysely<DB>, museumId: string, q: ReproductionRequest, isNew: boolean): Promise<void> {
    const row = {
      id: q.id,
      museum_id: museumId,
      requester: q.requester,
      contact: q.contact,
      purpose: q.purpose,
      description: q.description,
      object_ids: JSON.stringify(q.objectIds),
      status: q.status,
      licence: q.licence,
      fee_amount: q.fee?.amount ?? null,
      fee_currency: q.fee?.currency ?? null,
      created_at: q.createdAt,
      updated_at: q.updatedAt,
      version: q.version,
    };
    if (isNew) await db.insertInto('reproduction_request').values(row).execute();
    else
      await db
        .updateTable('reproduction_request')
        .set(row)
        .where('id', '=', q.id)
        .where('museum_id', '=', museumId)
        .execute();
  }

  async requests(db: Kysely<DB>, museumId: string, id?: string): Promise<ReproductionRequest[]> {
    let q = db.selectFrom('reproduction_request').selectAll().where('museum_id', '=', museumId);
    if (id) q = q.where('id', '=', id);
    const rows = await q.orderBy('created_at', 'desc').limit(500).execute();
    return rows.map((r) => ({
      id: r.id,
      requester: r.requester,
      contact: r.contact,
      purpose: r.purpose as ReproductionRequest['purpose'],
      description: r.description,
      objectIds: readJson(r.object_ids, []),
      status: r.status as ReproductionRequest['status'],
      licence: r.licence,
      fee: r.fee_amount && r.fee_currency ? { amount: r.fee_amount, currency: r.fee_currency } : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    }));
  }
}
