import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Dialect } from '../../db/dialect/dialect.js';
import { jsonRows } from '../../db/dialect/dialect.js';
import { newId } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';
import { reusable } from '../../db/reusable.js';
import { readJson } from '../common/values.schemas.js';
import type { Derivatives, Media } from './media.schemas.js';

/**
 * The one rule of a file shown to the public: its tiles are made (a pyramid among its derivatives).
 * Written once, for every query that asks it of `media` (an object's images, its cards, its search
 * document's "has image").
 */
export const isShown = (eb: ExpressionBuilder<DB, 'media'>) => eb('media.derivatives', 'like', '%"pyramid"%');

// An object's files, for its staff pages and for the checks that a file named is the object's own (a public page reads them with the object).
const OF_OBJECT = reusable(
  (db: Kysely<DB>, museumId: string, objectId: string) =>
    db
      .selectFrom('media')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('object_id', '=', objectId)
      .orderBy('position')
      .orderBy('id'),
  { keyed: true },
);
const SHOWN = reusable(
  (db: Kysely<DB>, objectIds: readonly string[]) =>
    db
      .selectFrom('media')
      .select(['id', 'object_id', 'derivatives', 'captions'])
      .where('object_id', 'in', objectIds)
      .where(isShown)
      .orderBy('is_main', 'desc')
      .orderBy('position')
      .orderBy('id'),
  { keyed: true },
);

const VISIBILITY = reusable(
  (db: Kysely<DB>, objectId: string) =>
    db.selectFrom('object').select('visibility').where('id', '=', objectId),
  { keyed: true },
);

export type ShownImage = {
  id: string;
  width: number;
  height: number;
  captions: { lang: string; value: string }[];
};

/** Original files and preservation events. */
export class MediaRepository {
  async insert(db: Kysely<DB>, museumId: string, m: Media): Promise<void> {
    await db
      .insertInto('media')
      .values({
        id: m.id,
        museum_id: museumId,
        object_id: m.objectId,
        sha256: m.sha256,
        size: m.size,
        format: m.format,
        width: m.width,
        height: m.height,
        pages: m.pages,
        original_name: m.originalName,
        storage_key: m.storageKey,
        position: m.position,
        created_at: m.createdAt,
        created_by_label: m.createdBy,
        derivatives: m.derivatives ? JSON.stringify(m.derivatives) : null,
        captions: JSON.stringify(m.captions),
        rights: m.rights,
        credit: m.credit,
        is_main: m.isMain ? 1 : 0,
        technical: JSON.stringify(m.technical),
      })
      .execute();
  }

  async updateDetails(db: Kysely<DB>, m: Media): Promise<void> {
    await db
      .updateTable('media')
      .set({ captions: JSON.stringify(m.captions), rights: m.rights, credit: m.credit })
      .where('id', '=', m.id)
      .execute();
  }

  /** Makes one image the object's main image. */
  async setMain(db: Kysely<DB>, objectId: string, id: string): Promise<void> {
    await db.updateTable('media').set({ is_main: 0 }).where('object_id', '=', objectId).execute();
    await db.updateTable('media').set({ is_main: 1 }).where('id', '=', id).execute();
  }

  async setPosition(db: Kysely<DB>, id: string, position: number): Promise<void> {
    await db.updateTable('media').set({ position }).where('id', '=', id).execute();
  }

  async setDerivatives(db: Kysely<DB>, id: string, d: Derivatives): Promise<void> {
    await db
      .updateTable('media')
      .set({ derivatives: JSON.stringify(d) })
      .where('id', '=', id)
      .execute();
  }

  async bySha(db: Kysely<DB>, museumId: string, sha256: string): Promise<Media | undefined> {
    const r = await db
      .selectFrom('media')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return r ? toMedia(r) : undefined;
  }

  async find(db: Kysely<DB>, museumId: string, id: string): Promise<Media | undefined> {
    const r = await db
      .selectFrom('media')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toMedia(r) : undefined;
  }

  /** An image wherever it is, with the museum and the visibility of its object (the IIIF server decides access from them). */
  async locate(
    db: Kysely<DB>,
    id: string,
  ): Promise<{ media: Media; museumId: string; visibility: string } | undefined> {
    const r = await db
      .selectFrom('media')
      .innerJoin('object', 'object.id', 'media.object_id')
      .selectAll('media')
      .select('object.visibility')
      .where('media.id', '=', id)
      .executeTakeFirst();
    return r ? { media: toMedia(r), museumId: r.museum_id, visibility: r.visibility } : undefined;
  }

  /** An object's visibility as it is now (the IIIF server asks it on every request), or undefined when it is gone. */
  async visibility(db: Kysely<DB>, objectId: string): Promise<string | undefined> {
    return (await VISIBILITY.first(db, objectId))?.visibility;
  }

  async ofObject(db: Kysely<DB>, museumId: string, objectId: string): Promise<Media[]> {
    return (await OF_OBJECT.all(db, museumId, objectId)).map(toMedia);
  }

  /** Every file of a museum, by object and position (a preservation package). */
  async ofMuseum(db: Kysely<DB>, museumId: string): Promise<Media[]> {
    const rows = await db
      .selectFrom('media')
      .selectAll()
      .where('museum_id', '=', museumId)
      .orderBy('object_id')
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map(toMedia);
  }

  /** The files of several objects, each object's in its order. */
  async ofObjects(db: Kysely<DB>, objectIds: string[]): Promise<Map<string, Media[]>> {
    const out = new Map<string, Media[]>();
    if (!objectIds.length) return out;
    const rows = await db
      .selectFrom('media')
      .selectAll()
      .where('object_id', 'in', objectIds)
      .orderBy('position')
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.object_id, [...(out.get(r.object_id) ?? []), toMedia(r)]);
    return out;
  }

  /** Public objects of a museum that have at least one image ready to serve, in accession order. */
  async publicObjectsWithImages(db: Kysely<DB>, museumId: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('object')
      .select('object.id')
      .where('object.museum_id', '=', museumId)
      .where('object.visibility', '=', 'public')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('media')
            .select('media.id')
            .whereRef('media.object_id', '=', 'object.id')
            .where(isShown),
        ),
      )
      .orderBy('object.accession_sort')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Each object's image to show in a list: its main image, or its first, among those ready to
   * serve. Captions come along (the alt text); nothing else of the image.
   */
  async shownImages(db: Kysely<DB>, objectIds: string[]): Promise<Map<string, ShownImage>> {
    const out = new Map<string, ShownImage>();
    if (!objectIds.length) return out;
    const rows = await SHOWN.all(db, objectIds);
    for (const r of rows) {
      if (!r.object_id || out.has(r.object_id)) continue;
      const image = shownImage(r);
      if (image) out.set(r.object_id, image);
    }
    return out;
  }

  async nextPosition(db: Kysely<DB>, objectId: string): Promise<number> {
    const r = await db
      .selectFrom('media')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('object_id', '=', objectId)
      .executeTakeFirst();
    return r?.p == null ? 0 : Number(r.p) + 1;
  }

  /** Originals of the whole platform in id order, a page at a time (fixity reads them all). */
  async page(db: Kysely<DB>, after: string | null, limit: number): Promise<(Media & { museumId: string })[]> {
    let q = db.selectFrom('media').selectAll().orderBy('id').limit(limit);
    if (after) q = q.where('id', '>', after);
    return (await q.execute()).map((r) => ({ ...toMedia(r), museumId: r.museum_id }));
  }

  async storageKeys(db: Kysely<DB>): Promise<Set<string>> {
    return new Set((await db.selectFrom('media').select('storage_key').execute()).map((r) => r.storage_key));
  }

  async event(
    db: Kysely<DB>,
    e: {
      museumId: string | null;
      mediaId: string | null;
      kind: string;
      at: string;
      outcome: string;
      detail: unknown;
    },
  ): Promise<void> {
    await db
      .insertInto('preservation_event')
      .values({
        id: newId(),
        museum_id: e.museumId,
        media_id: e.mediaId,
        kind: e.kind,
        at: e.at,
        outcome: e.outcome,
        detail: JSON.stringify(e.detail),
      })
      .execute();
  }

  async events(db: Kysely<DB>, mediaId: string) {
    return db
      .selectFrom('preservation_event')
      .select(['kind', 'at', 'outcome'])
      .where('media_id', '=', mediaId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }
}

/** Every column of a file, named (SQLite builds a row of JSON from names alone). */
const COLUMNS = [
  'media.id',
  'media.museum_id',
  'media.object_id',
  'media.sha256',
  'media.size',
  'media.format',
  'media.width',
  'media.height',
  'media.pages',
  'media.original_name',
  'media.storage_key',
  'media.position',
  'media.created_at',
  'media.created_by_label',
  'media.derivatives',
  'media.captions',
  'media.rights',
  'media.credit',
  'media.is_main',
  'media.technical',
] as const;
// A column added to the table and not named above fails the typecheck here.
const everyColumn: Exclude<
  keyof DB['media'],
  (typeof COLUMNS)[number] extends `media.${infer C}` ? C : never
> extends never
  ? true
  : never = true;
void everyColumn;

/**
 * An object's files in their order, as a column of a read of the object itself (see
 * ObjectRepository.findWithMedia): a page that shows both asks once.
 */
export function mediaColumn(dialect: Dialect, eb: ExpressionBuilder<DB, 'object'>) {
  return dialect.jsonArrayFrom(
    eb
      .selectFrom('media')
      .select(COLUMNS)
      .whereRef('media.object_id', '=', 'object.id')
      .whereRef('media.museum_id', '=', 'object.museum_id')
      .orderBy('media.position')
      .orderBy('media.id'),
  );
}

/** Which of these objects have a file shown to the public. */
export async function objectsShown(db: Kysely<DB>, objectIds: readonly string[]): Promise<Set<string>> {
  if (!objectIds.length) return new Set();
  const rows = await db
    .selectFrom('media')
    .select('object_id')
    .distinct()
    .where('object_id', 'in', objectIds)
    .where(isShown)
    .execute();
  return new Set(rows.map((r) => r.object_id));
}

/** The files of a column made by `mediaColumn`. */
export function mediaOfColumn(column: Selectable<DB['media']>[] | string): Media[] {
  return jsonRows(column).map(toMedia);
}

function toMedia(r: Selectable<DB['media']>): Media {
  return {
    id: r.id,
    objectId: r.object_id,
    sha256: r.sha256,
    size: Number(r.size),
    format: r.format,
    width: r.width,
    height: r.height,
    pages: r.pages,
    originalName: r.original_name,
    position: r.position,
    createdAt: r.created_at,
    createdBy: r.created_by_label,
    storageKey: r.storage_key,
    derivatives: readJson<Derivatives | null>(r.derivatives, null),
    captions: readJson(r.captions, []),
    rights: r.rights,
    credit: r.credit,
    isMain: r.is_main === 1,
    technical: readJson(r.technical, {}),
  };
}

/** An image row as a list shows it (its tiles' size and its captions), or null when it has no tiles yet. */
export function shownImage(r: {
  id: string;
  derivatives: string | null;
  captions: string;
}): ShownImage | null {
  const pyramid = readJson<Derivatives | null>(r.derivatives, null)?.pyramid;
  return pyramid
    ? { id: r.id, width: pyramid.width, height: pyramid.height, captions: readJson(r.captions, []) }
    : null;
}
