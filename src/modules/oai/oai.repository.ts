import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A record's header as OAI-PMH tells it: live (public) or deleted (was public, is no longer). */
export interface OaiHeader {
  objectId: string;
  museumId: string;
  stamp: string;
  deleted: boolean;
}

export interface HeaderQuery {
  museumId?: string | undefined;
  /** A collection of the museum: its public records, and every record the museum withdrew (links of a deleted record are gone). */
  collectionId?: string | undefined;
  from?: string | undefined;
  until?: string | undefined;
  /** The last header of the previous page: (stamp, objectId). */
  after?: [string, string] | undefined;
  limit: number;
}

/**
 * The sequence a harvester walks: public records by the time their public form last changed (the
 * search document's, which moves when a linked authority is renamed too), and records withdrawn
 * from the public side by when they were. One order, (stamp, id), so a page picks up exactly
 * after the last: a record changed during a harvest moves to its end and is sent again, never lost.
 */
export class OaiRepository {
  async headers(db: Kysely<DB>, q: HeaderQuery): Promise<OaiHeader[]> {
    // Each side walks its own index from where the last page ended, and the two are merged here.
    const live = await db
      .selectFrom('search_doc')
      .select(['object_id as objectId', 'museum_id as museumId', 'updated_at as stamp'])
      .where('is_public', '=', 1)
      .$if(!!q.museumId, (b) => b.where('museum_id', '=', q.museumId!))
      .$if(!!q.collectionId, (b) =>
        b.where(
          'object_id',
          'in',
          db
            .selectFrom('object_link')
            .select('object_id')
            .where('authority_id', '=', q.collectionId!)
            .where('role', '=', 'collection'),
        ),
      )
      .$if(!!q.from, (b) => b.where('updated_at', '>=', q.from!))
      .$if(!!q.until, (b) => b.where('updated_at', '<=', q.until!))
      .$if(!!q.after, (b) =>
        b.where(sql<boolean>`(updated_at, object_id) > (${q.after![0]}, ${q.after![1]})`),
      )
      .orderBy('updated_at')
      .orderBy('object_id')
      .limit(q.limit)
      .execute();
    const gone = await db
      .selectFrom('object_withdrawn')
      .select(['object_id as objectId', 'museum_id as museumId', 'withdrawn_at as stamp'])
      .$if(!!q.museumId, (b) => b.where('museum_id', '=', q.museumId!))
      .$if(!!q.from, (b) => b.where('withdrawn_at', '>=', q.from!))
      .$if(!!q.until, (b) => b.where('withdrawn_at', '<=', q.until!))
      .$if(!!q.after, (b) =>
        b.where(sql<boolean>`(withdrawn_at, object_id) > (${q.after![0]}, ${q.after![1]})`),
      )
      .orderBy('withdrawn_at')
      .orderBy('object_id')
      .limit(q.limit)
      .execute();
    const all = [
      ...live.map((r) => ({ ...r, deleted: false })),
      ...gone.map((r) => ({ ...r, deleted: true })),
    ];
    all.sort((a, b) =>
      a.stamp < b.stamp
        ? -1
        : a.stamp > b.stamp
          ? 1
          : a.objectId < b.objectId
            ? -1
            : a.objectId > b.objectId
              ? 1
              : 0,
    );
    return all.slice(0, q.limit);
  }

  async header(db: Kysely<DB>, objectId: string): Promise<OaiHeader | undefined> {
    const live = await db
      .selectFrom('search_doc')
      .select(['object_id', 'museum_id', 'updated_at'])
      .where('object_id', '=', objectId)
      .where('is_public', '=', 1)
      .executeTakeFirst();
    if (live) return { objectId, museumId: live.museum_id, stamp: live.updated_at, deleted: false };
    const gone = await db
      .selectFrom('object_withdrawn')
      .select(['museum_id', 'withdrawn_at'])
      .where('object_id', '=', objectId)
      .executeTakeFirst();
    return gone ? { objectId, museumId: gone.museum_id, stamp: gone.withdrawn_at, deleted: true } : undefined;
  }

  /** A museum's collections holding at least one public record (its sets below the museum's). */
  async collections(db: Kysely<DB>): Promise<{ id: string; museumId: string; labels: string }[]> {
    return db
      .selectFrom('authority')
      .innerJoin('object_link', 'object_link.authority_id', 'authority.id')
      .innerJoin('object', 'object.id', 'object_link.object_id')
      .select(['authority.id as id', 'object.museum_id as museumId', 'authority.labels as labels'])
      .distinct()
      .where('object_link.role', '=', 'collection')
      .where('object.visibility', '=', 'public')
      .orderBy('authority.id')
      .execute();
  }

  /** The collections each of these objects belongs to. */
  async collectionsOf(
    db: Kysely<DB>,
    objectIds: string[],
  ): Promise<{ objectId: string; collectionId: string }[]> {
    if (!objectIds.length) return [];
    return db
      .selectFrom('object_link')
      .select(['object_id as objectId', 'authority_id as collectionId'])
      .where('role', '=', 'collection')
      .where('object_id', 'in', objectIds)
      .execute();
  }

  /** The earliest datestamp the repository holds (its Identify answer). */
  async earliest(db: Kysely<DB>): Promise<string | null> {
    const a = await db
      .selectFrom('search_doc')
      .select((eb) => eb.fn.min('updated_at').as('m'))
      .where('is_public', '=', 1)
      .executeTakeFirst();
    const b = await db
      .selectFrom('object_withdrawn')
      .select((eb) => eb.fn.min('withdrawn_at').as('m'))
      .executeTakeFirst();
    const all = [a?.m, b?.m].filter((x): x is string => !!x).sort();
    return all[0] ?? null;
  }
}
