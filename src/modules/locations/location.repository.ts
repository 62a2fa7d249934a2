import { type Kysely, type Selectable, sql } from 'kysely';
import { startsWith } from '../../db/query-helpers.js';
import type { DB, LocationTable } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { LocatedObject, Location, Movement } from './location.schemas.js';

/** Rows written per statement: keeps every engine well under its bound-parameter limit. */
const CHUNK = 500;
const chunks = <T>(xs: T[]) =>
  Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Storage locations (a tree kept as materialised paths), movements, and the derived table of
 * where each object is now. Every query is scoped to one museum.
 */
export class LocationRepository {
  async findById(db: Kysely<DB>, museumId: string, id: string): Promise<Location | undefined> {
    const r = await db
      .selectFrom('location')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toLocation(r) : undefined;
  }

  async findManyByIds(db: Kysely<DB>, museumId: string, ids: string[]): Promise<Location[]> {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('location')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', 'in', ids)
      .execute();
    return rows.map(toLocation);
  }

  async list(db: Kysely<DB>, museumId: string): Promise<Location[]> {
    return (
      await db.selectFrom('location').selectAll().where('museum_id', '=', museumId).orderBy('path').execute()
    ).map(toLocation);
  }

  async codeTaken(db: Kysely<DB>, museumId: string, code: string, exceptId?: string): Promise<boolean> {
    let q = db.selectFrom('location').select('id').where('museum_id', '=', museumId).where('code', '=', code);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(db: Kysely<DB>, l: Location): Promise<void> {
    await db.insertInto('location').values(toRow(l)).execute();
  }

  /** Updates a location; when its path changed, rewrites the paths of everything below it. */
  async update(db: Kysely<DB>, before: Location, after: Location): Promise<void> {
    const { id, ...rest } = toRow(after);
    await db
      .updateTable('location')
      .set(rest)
      .where('id', '=', id)
      .where('museum_id', '=', after.museumId)
      .execute();
    if (before.path !== after.path) {
      await db
        .updateTable('location')
        .set({ path: sql<string>`${after.path} || substr(path, ${before.path.length + 1})` })
        .where('museum_id', '=', after.museumId)
        .where(startsWith('path', before.path))
        .where('id', '!=', id)
        .execute();
    }
  }

  async delete(db: Kysely<DB>, museumId: string, id: string): Promise<void> {
    await db.deleteFrom('location').where('id', '=', id).where('museum_id', '=', museumId).execute();
  }

  async hasChildren(db: Kysely<DB>, id: string): Promise<boolean> {
    return (
      (await db
        .selectFrom('location')
        .select('id')
        .where('parent_id', '=', id)
        .limit(1)
        .executeTakeFirst()) !== undefined
    );
  }

  async hasMovements(db: Kysely<DB>, id: string): Promise<boolean> {
    const r = await db
      .selectFrom('object_movement')
      .select('id')
      .where((eb) => eb.or([eb('to_location_id', '=', id), eb('from_location_id', '=', id)]))
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Objects held directly at each location of the museum. */
  async directCounts(db: Kysely<DB>, museumId: string): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('object_location')
      .innerJoin('location', 'location.id', 'object_location.location_id')
      .select(['object_location.location_id as id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('location.museum_id', '=', museumId)
      .groupBy('object_location.location_id')
      .execute();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** The objects at a location (and, when `deep`, in every location below it), by accession number. */
  async objectsAt(
    db: Kysely<DB>,
    museumId: string,
    loc: Location,
    deep: boolean,
    limit: number,
    offset: number,
  ): Promise<{ items: LocatedObject[]; total: number }> {
    let base = db
      .selectFrom('object_location')
      .innerJoin('location', 'location.id', 'object_location.location_id')
      .innerJoin('object', 'object.id', 'object_location.object_id')
      .where('location.museum_id', '=', museumId);
    base = deep ? base.where(startsWith('location.path', loc.path)) : base.where('location.id', '=', loc.id);
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .select([
        'object.id',
        'object.accession_number',
        'object.titles',
        'location.id as location_id',
        'location.code',
        'object_location.moved_at',
      ])
      .orderBy('object.accession_sort')
      .orderBy('object.id')
      .limit(limit)
      .offset(offset)
      .execute();
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: r.id,
        accessionNumber: r.accession_number,
        titles: readJson(r.titles, []),
        locationId: r.location_id,
        locationCode: r.code,
        movedAt: r.moved_at,
      })),
    };
  }

  /** Objects in the collection (or waiting on an entry) that have no recorded location. */
  async unlocated(
    db: Kysely<DB>,
    museumId: string,
    limit: number,
  ): Promise<{ total: number; items: { id: string; accessionNumber: string }[] }> {
    const base = db
      .selectFrom('object')
      .leftJoin('object_location', 'object_location.object_id', 'object.id')
      .where('object.museum_id', '=', museumId)
      .where('object.collection_status', 'in', ['accessioned', 'unaccessioned'])
      .where('object_location.object_id', 'is', null);
    const n = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .select(['object.id', 'object.accession_number'])
      .orderBy('object.accession_sort')
      .limit(limit)
      .execute();
    return {
      total: Number(n.n),
      items: rows.map((r) => ({ id: r.id, accessionNumber: r.accession_number })),
    };
  }

  /** Where each of these objects is now (object id → location id). */
  async currentOf(db: Kysely<DB>, objectIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const ids of chunks(objectIds)) {
      const rows = await db
        .selectFrom('object_location')
        .select(['object_id', 'location_id'])
        .where('object_id', 'in', ids)
        .execute();
      for (const r of rows) out.set(r.object_id, r.location_id);
    }
    return out;
  }

  /** Records movements and makes their destination each object's current location. */
  async recordMoves(
    db: Kysely<DB>,
    moves: (Omit<Movement, 'from' | 'to' | 'movedBy'> & {
      fromId: string | null;
      toId: string;
      museumId: string;
      movedById: string | null;
      movedByLabel: string;
    })[],
  ): Promise<void> {
    for (const part of chunks(moves)) {
      await db
        .insertInto('object_movement')
        .values(
          part.map((m) => ({
            id: m.id,
            museum_id: m.museumId,
            object_id: m.objectId,
            from_location_id: m.fromId,
            to_location_id: m.toId,
            moved_at: m.movedAt,
            moved_by: m.movedById,
            moved_by_label: m.movedByLabel,
            reason: m.reason,
            note: m.note,
            batch_id: m.batchId,
          })),
        )
        .execute();
      await db
        .deleteFrom('object_location')
        .where(
          'object_id',
          'in',
          part.map((m) => m.objectId),
        )
        .execute();
      await db
        .insertInto('object_location')
        .values(
          part.map((m) => ({
            object_id: m.objectId,
            location_id: m.toId,
            movement_id: m.id,
            moved_at: m.movedAt,
          })),
        )
        .execute();
    }
  }

  /** An object's movements, newest first. */
  async movementsOf(db: Kysely<DB>, museumId: string, objectId: string): Promise<Movement[]> {
    const rows = await db
      .selectFrom('object_movement as m')
      .innerJoin('location as t', 't.id', 'm.to_location_id')
      .leftJoin('location as f', 'f.id', 'm.from_location_id')
      .select([
        'm.id',
        'm.object_id',
        'm.moved_at',
        'm.moved_by_label',
        'm.reason',
        'm.note',
        'm.batch_id',
        't.id as to_id',
        't.code as to_code',
        'f.id as from_id',
        'f.code as from_code',
      ])
      .where('m.museum_id', '=', museumId)
      .where('m.object_id', '=', objectId)
      .orderBy('m.moved_at', 'desc')
      .orderBy('m.id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      objectId: r.object_id,
      movedAt: r.moved_at,
      movedBy: r.moved_by_label,
      reason: r.reason as Movement['reason'],
      note: r.note,
      batchId: r.batch_id,
      to: { id: r.to_id, code: r.to_code },
      from: r.from_id && r.from_code ? { id: r.from_id, code: r.from_code } : null,
    }));
  }
}

function toRow(l: Location): Selectable<LocationTable> {
  return {
    id: l.id,
    museum_id: l.museumId,
    parent_id: l.parentId,
    path: l.path,
    kind: l.kind,
    code: l.code,
    names: JSON.stringify(l.names),
    notes: l.notes,
    created_at: l.createdAt,
    updated_at: l.updatedAt,
    version: l.version,
  };
}

function toLocation(r: Selectable<LocationTable>): Location {
  return {
    id: r.id,
    museumId: r.museum_id,
    parentId: r.parent_id,
    path: r.path,
    kind: r.kind as Location['kind'],
    code: r.code,
    names: readJson(r.names, []),
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}
