import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { reusable } from '../../db/reusable.js';
import { readJson } from '../common/values.schemas.js';
import { isShown, type ShownImage, shownImage } from '../media/media.repository.js';
import { PRODUCTION_PLACE } from '../objects/object.schemas.js';

/** What a list of public objects shows of each: its museum, accession number, titles and image. */
export interface PublicCard {
  id: string;
  museum: string;
  accessionNumber: string;
  titles: { lang: string; value: string }[];
  image: ShownImage | null;
}

/** Public objects, each with its tiled images (main first, then by position), or none. */
const CARDS = reusable(
  (db: Kysely<DB>, ids: readonly string[]) =>
    db
      .selectFrom('object')
      .innerJoin('museum', 'museum.id', 'object.museum_id')
      .leftJoin('media', (j) => j.onRef('media.object_id', '=', 'object.id').on(isShown))
      .select([
        'object.id as id',
        'object.accession_number as accessionNumber',
        'object.titles as titles',
        'museum.slug as museum',
        'media.id as mediaId',
        'media.derivatives as derivatives',
        'media.captions as captions',
      ])
      .where('object.id', 'in', ids)
      .where('object.visibility', '=', 'public')
      .orderBy('object.id')
      .orderBy('media.is_main', 'desc')
      .orderBy('media.position')
      .orderBy('media.id'),
  { keyed: true },
);

/** An authority's public objects, the newest first: an object page's related objects. */
const LINKED = reusable((db: Kysely<DB>, authorityId: string, limit: number) =>
  db
    .selectFrom('object_link')
    .innerJoin('object', 'object.id', 'object_link.object_id')
    .select('object_link.object_id as id')
    .where('object_link.authority_id', '=', authorityId)
    .where('object.visibility', '=', 'public')
    .orderBy('object_link.object_id', 'desc')
    .limit(limit),
);

/**
 * The public side's own reads across records: cards of public objects with their images, their
 * neighbours by authority, places of production, the addresses of public objects for the sitemaps.
 * Public records only, by the one column that says so.
 */
export class PortalRepository {
  /**
   * The cards of these objects that are public now, in the order given: each with its main image,
   * or its first, among those ready to serve. One statement (on PostgreSQL each is a round trip),
   * a row for each of an object's tiled images.
   */
  async publicCards(db: Kysely<DB>, ids: string[]): Promise<PublicCard[]> {
    if (!ids.length) return [];
    const byId = new Map<string, PublicCard>();
    for (const r of await CARDS.all(db, ids)) {
      let card = byId.get(r.id);
      if (!card) {
        card = {
          id: r.id,
          museum: r.museum,
          accessionNumber: r.accessionNumber,
          titles: readJson<PublicCard['titles']>(r.titles, []),
          image: null,
        };
        byId.set(r.id, card);
      }
      if (!card.image && r.mediaId)
        card.image = shownImage({ id: r.mediaId, derivatives: r.derivatives, captions: r.captions ?? '[]' });
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async publicObjectCount(db: Kysely<DB>): Promise<number> {
    const r = await db
      .selectFrom('object')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('visibility', '=', 'public')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * Public objects linked to any of these authorities: those sharing the first authority first
   * (the order given is the order of closeness), at most `limit`.
   */
  async publicLinkedTo(db: Kysely<DB>, authorityIds: string[], limit: number): Promise<string[]> {
    const out: string[] = [];
    for (const id of authorityIds) {
      if (out.length >= limit) break;
      // Walks the authority's links from the newest object down (an index), stopping at the page's worth.
      const rows = await LINKED.all(db, id, limit + out.length + 3);
      for (const r of rows) if (out.length < limit && !out.includes(r.id)) out.push(r.id);
    }
    return out;
  }

  /**
   * Places of production of public objects, with how many public objects each holds: a place linked
   * as where an object was made (its origin, or a place given without a role), not where it was
   * found or what it depicts.
   */
  async publicPlaces(
    db: Kysely<DB>,
  ): Promise<
    { id: string; labels: string; latitude: number | null; longitude: number | null; count: number }[]
  > {
    const rows = await db
      .selectFrom('object_link')
      .innerJoin('object', 'object.id', 'object_link.object_id')
      .innerJoin('authority', 'authority.id', 'object_link.authority_id')
      .select((eb) => [
        'authority.id as id',
        'authority.labels as labels',
        'authority.latitude as latitude',
        'authority.longitude as longitude',
        eb.fn.count<number>('object.id').distinct().as('count'),
      ])
      .where('object_link.role', '=', 'place')
      .where('object.visibility', '=', 'public')
      .where((eb) =>
        eb.or([
          eb('object_link.qualifier', 'is', null),
          eb(eb.fn<string>('lower', ['object_link.qualifier']), 'in', PRODUCTION_PLACE),
        ]),
      )
      .groupBy(['authority.id', 'authority.labels', 'authority.latitude', 'authority.longitude'])
      .orderBy('count', 'desc')
      .orderBy('authority.id')
      .execute();
    return rows.map((r) => ({ ...r, labels: String(r.labels), count: Number(r.count) }));
  }

  /** Authorities (people, places, terms) linked to at least one public object: those with a public page. */
  async publicAuthorityIds(db: Kysely<DB>, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('object_link')
      .innerJoin('object', 'object.id', 'object_link.object_id')
      .select('object_link.authority_id as id')
      .distinct()
      .where('object.visibility', '=', 'public')
      .orderBy('object_link.authority_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Public objects in id order, a stretch at a time, with their museum's address and default language. */
  async publicObjects(
    db: Kysely<DB>,
    offset: number,
    limit: number,
  ): Promise<{ id: string; slug: string; lang: string; updatedAt: string }[]> {
    const rows = await db
      .selectFrom('object')
      .innerJoin('museum', 'museum.id', 'object.museum_id')
      .select([
        'object.id as id',
        'museum.slug as slug',
        'museum.default_language as lang',
        'object.updated_at as updatedAt',
      ])
      .where('object.visibility', '=', 'public')
      .orderBy('object.id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows;
  }
}
