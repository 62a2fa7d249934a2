import type { Kysely, RawBuilder, Selectable } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import type { SearchRepository } from '../search/search.repository.js';
import { type SearchDocument, searchDocument } from '../search/search.document.js';
import type { DB, ObjectDateTable, ObjectTable } from '../../db/schema.js';
import { type Dialect, jsonRows } from '../../db/dialect/dialect.js';
import { reusable } from '../../db/reusable.js';
import { groupBy } from '../common/group.js';
import { accessionSortKey } from '../common/sort-keys.js';
import { readJson } from '../common/values.schemas.js';
import {
  LINK_FIELDS,
  type LinkField,
  type MuseumObject,
  type ObjectLink,
  type ObjectListQuery,
  type ObjectSummary,
} from './object.schemas.js';
import { listObjects } from './object.list.repository.js';
import { mediaColumn, mediaOfColumn, objectsShown } from '../media/media.repository.js';
import type { Media } from '../media/media.schemas.js';
import { dateRows, FIELD_OF, fromRow, linkRows, toRow } from './object.rows.js';

// The reads of pages of a few objects (related objects, a page of an export).
const DATES = reusable((db: Kysely<DB>, ids: readonly string[]) =>
  db
    .selectFrom('object_date')
    .selectAll()
    .where('object_id', 'in', ids)
    .orderBy('object_id')
    .orderBy('position'),
);
const LINKS = reusable((db: Kysely<DB>, ids: readonly string[]) =>
  db
    .selectFrom('object_link')
    .innerJoin('authority', 'authority.id', 'object_link.authority_id')
    .select([
      'object_link.object_id',
      'object_link.role',
      'object_link.qualifier',
      'authority.id',
      'authority.type',
      'authority.labels',
    ])
    .where('object_link.object_id', 'in', ids)
    .orderBy('object_link.object_id')
    .orderBy('object_link.role')
    .orderBy('object_link.position'),
);
type LinkRow = {
  object_id: string;
  role: string;
  qualifier: string | null;
  id: string;
  type: string;
  labels: string;
};
const SUMMARIES = reusable(
  (db: Kysely<DB>, ids: readonly string[]) =>
    db
      .selectFrom('object')
      .innerJoin('museum', 'museum.id', 'object.museum_id')
      .select([
        'object.id as id',
        'object.accession_number as accessionNumber',
        'object.titles as titles',
        'object.descriptions as descriptions',
        'object.visibility as visibility',
        'museum.slug as museum',
      ])
      .where('object.id', 'in', ids),
  { keyed: true },
);

/**
 * Objects with their dates and authority links. Owns all SQL on `object`, `object_date` and
 * `object_link`; every read is scoped to one museum, so a record of another museum is never found.
 */
export class ObjectRepository {
  constructor(
    private readonly dialect: Dialect,
    /** The search index, kept in step with every write below, in the writer's transaction. */
    private readonly index?: SearchRepository,
  ) {}

  /** A record with its dates and links (and its files, if asked), in one statement: on PostgreSQL each is a round trip, and every object page reads one. */
  private wholeQuery(db: Kysely<DB>, museumId: string, id: string, withMedia: boolean) {
    return db
      .selectFrom('object')
      .selectAll('object')
      .select((eb) => [
        this.dialect
          .jsonArrayFrom(
            eb
              .selectFrom('object_date')
              .select([
                'object_date.object_id',
                'object_date.position',
                'object_date.label',
                'object_date.expression',
                'object_date.calendar',
                'object_date.earliest',
                'object_date.latest',
                'object_date.approximate',
                'object_date.uncertain',
                'object_date.status',
              ])
              .whereRef('object_date.object_id', '=', 'object.id')
              .orderBy('object_date.position'),
          )
          .as('date_rows'),
        this.dialect
          .jsonArrayFrom(
            eb
              .selectFrom('object_link')
              .innerJoin('authority', 'authority.id', 'object_link.authority_id')
              .select([
                'object_link.object_id',
                'object_link.role',
                'object_link.qualifier',
                'authority.id',
                'authority.type',
                'authority.labels',
              ])
              .whereRef('object_link.object_id', '=', 'object.id')
              .orderBy('object_link.role')
              .orderBy('object_link.position'),
          )
          .as('link_rows'),
      ])
      .$if(withMedia, (q) => q.select((eb) => mediaColumn(this.dialect, eb).as('media_rows')))
      .where('object.museum_id', '=', museumId)
      .where('object.id', '=', id);
  }

  private readonly whole = reusable(
    (db: Kysely<DB>, museumId: string, id: string) => this.wholeQuery(db, museumId, id, false),
    { keyed: true },
  );
  private readonly wholeWithMedia = reusable(
    (db: Kysely<DB>, museumId: string, id: string) => this.wholeQuery(db, museumId, id, true),
    { keyed: true },
  );

  /**
   * Writes an object's search document from the record as it now stands (or removes it). A rebuild's
   * page holding the objects still is waited for first (see Dialect.willWriteFrom): its transaction
   * and this one could otherwise each wait for a document the other has written.
   */
  async reindex(db: Kysely<DB>, museumId: string, id: string): Promise<void> {
    if (!this.index) return;
    await this.dialect.willWriteFrom(db as Kysely<unknown>, 'object');
    await this.reindexOne(db, museumId, id);
  }

  /** Re-indexes every object linked to an authority (its labels are in their documents). */
  async reindexLinkedTo(db: Kysely<DB>, authorityId: string): Promise<number> {
    if (!this.index) return 0;
    await this.dialect.willWriteFrom(db as Kysely<unknown>, 'object');
    const rows = await db
      .selectFrom('object_link')
      .innerJoin('object', 'object.id', 'object_link.object_id')
      .select(['object.id as id', 'object.museum_id as museumId'])
      .distinct()
      .where('object_link.authority_id', '=', authorityId)
      .execute();
    for (const r of rows) await this.reindexOne(db, r.museumId, r.id);
    return rows.length;
  }

  private async reindexOne(db: Kysely<DB>, museumId: string, id: string): Promise<void> {
    const row = await db
      .selectFrom('object')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row) await this.index!.upsert(db, (await this.documents(db, [row]))[0]!);
    else await this.index!.remove(db, id);
  }

  async findById(db: Kysely<DB>, museumId: string, id: string): Promise<MuseumObject | undefined> {
    const found = await this.whole.first(db, museumId, id);
    return found && recordOf(found);
  }

  /** A record with its files in their order (an object's page, its manifest, its OAI-PMH record), in one statement. */
  async findWithMedia(
    db: Kysely<DB>,
    museumId: string,
    id: string,
  ): Promise<{ object: MuseumObject; media: Media[] } | undefined> {
    const found = await this.wholeWithMedia.first(db, museumId, id);
    return found && { object: recordOf(found), media: mediaOfColumn(found.media_rows ?? []) };
  }

  /** Whole objects in the order of the ids given (a page of an export); of one museum, or of any when museumId is null. */
  async findByIds(db: Kysely<DB>, museumId: string | null, ids: string[]): Promise<MuseumObject[]> {
    if (!ids.length) return [];
    let q = db.selectFrom('object').selectAll().where('id', 'in', ids);
    if (museumId) q = q.where('museum_id', '=', museumId);
    const byId = new Map((await this.assemble(db, await q.execute())).map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id)).filter((o): o is MuseumObject => !!o);
  }

  /** The ids of every object of the platform in id order, a page at a time (an index rebuild). */
  async idsAfter(db: Kysely<DB>, after: string | null, limit: number): Promise<string[]> {
    let q = db.selectFrom('object').select('id').orderBy('id').limit(limit);
    if (after) q = q.where('id', '>', after);
    return (await q.execute()).map((r) => r.id);
  }

  /** Keeps every object as it is until the transaction ends: what is read of them then may be written elsewhere (see Dialect.holdStill). */
  async holdStill(db: Kysely<DB>): Promise<void> {
    await this.dialect.holdStill(db as Kysely<unknown>, 'object');
  }

  /** The search documents of these objects, in id order (those gone are left out). */
  async documentsOf(db: Kysely<DB>, ids: readonly string[]): Promise<SearchDocument[]> {
    if (!ids.length) return [];
    return this.documents(
      db,
      await db.selectFrom('object').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    );
  }

  /** The search documents of these rows: their records, whether each has an image ready to show, and its digitization status. */
  private async documents(db: Kysely<DB>, rows: Selectable<ObjectTable>[]): Promise<SearchDocument[]> {
    if (!rows.length) return [];
    const withImage = await objectsShown(
      db,
      rows.map((r) => r.id),
    );
    const status = new Map(rows.map((r) => [r.id, r.digitization_status]));
    return (await this.assemble(db, rows)).map((o) =>
      searchDocument(o, { hasImage: withImage.has(o.id), digitization: status.get(o.id)! }),
    );
  }

  /** Rows with their dates and authority links, read in two queries however many rows there are. */
  private async assemble(db: Kysely<DB>, rows: Selectable<ObjectTable>[]): Promise<MuseumObject[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    return assembled(rows, await DATES.all(db, ids), await LINKS.all(db, ids));
  }

  async accessionTaken(
    db: Kysely<DB>,
    museumId: string,
    accession: string,
    exceptId?: string,
  ): Promise<boolean> {
    let q = db
      .selectFrom('object')
      .select('id')
      .where('museum_id', '=', museumId)
      .where('accession_number', '=', accession);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(db: Kysely<DB>, o: MuseumObject): Promise<void> {
    await db.insertInto('object').values(toRow(o)).execute();
    await this.writeParts(db, o);
    await this.reindex(db, o.museumId, o.id);
  }

  /**
   * Writes many new objects at once (an import): a few multi-row inserts per hundred objects, and
   * their search documents made from the records in hand rather than read back.
   */
  async insertMany(db: Kysely<DB>, objects: readonly MuseumObject[]): Promise<void> {
    await insertRows(db, objects.map(toRow), 100, (rows) => db.insertInto('object').values(rows));
    await insertRows(db, objects.flatMap(dateRows), 500, (rows) => db.insertInto('object_date').values(rows));
    await insertRows(db, objects.flatMap(linkRows), 500, (rows) => db.insertInto('object_link').values(rows));
    await this.index?.insertMany(
      db,
      objects.map((o) => searchDocument(o, { hasImage: false, digitization: 'not_started' })),
    );
  }

  /** Whole objects of a museum by accession number (accession → object). */
  async findByAccessions(
    db: Kysely<DB>,
    museumId: string,
    accessions: readonly string[],
  ): Promise<Map<string, MuseumObject>> {
    const out = new Map<string, MuseumObject>();
    for (let i = 0; i < accessions.length; i += 500) {
      const rows = await db
        .selectFrom('object')
        .selectAll()
        .where('museum_id', '=', museumId)
        .where('accession_number', 'in', accessions.slice(i, i + 500))
        .execute();
      for (const o of await this.assemble(db, rows)) out.set(o.accessionNumber, o);
    }
    return out;
  }

  /** Replaces the row and all its dates and links. */
  async replace(db: Kysely<DB>, o: MuseumObject): Promise<void> {
    const { id, ...rest } = toRow(o);
    await db
      .updateTable('object')
      .set(rest)
      .where('id', '=', id)
      .where('museum_id', '=', o.museumId)
      .execute();
    await db.deleteFrom('object_date').where('object_id', '=', id).execute();
    await db.deleteFrom('object_link').where('object_id', '=', id).execute();
    await this.writeParts(db, o);
    await this.reindex(db, o.museumId, id);
  }

  /** Gives an object its accession number and status (accession, return, exit), bumping its version. */
  async setStatus(
    db: Kysely<DB>,
    museumId: string,
    id: string,
    change: {
      collectionStatus: string;
      accessionNumber?: string;
      accessionedAt?: string;
      updatedBy: string | null;
      updatedAt: string;
    },
  ): Promise<void> {
    await db
      .updateTable('object')
      .set((eb) => ({
        collection_status: change.collectionStatus,
        ...(change.accessionNumber
          ? {
              accession_number: change.accessionNumber,
              accession_sort: accessionSortKey(change.accessionNumber),
            }
          : {}),
        ...(change.accessionedAt ? { accessioned_at: change.accessionedAt } : {}),
        updated_by: change.updatedBy,
        updated_at: change.updatedAt,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('museum_id', '=', museumId)
      .execute();
    if (change.accessionNumber) await this.reindex(db, museumId, id);
  }

  /** Sets where an object's digitization stands, and who did it. */
  async setDigitization(
    db: Kysely<DB>,
    museumId: string,
    id: string,
    status: string,
    by: string | null,
  ): Promise<void> {
    await db
      .updateTable('object')
      .set({ digitization_status: status, digitized_by: by })
      .where('id', '=', id)
      .where('museum_id', '=', museumId)
      .execute();
    await this.reindex(db, museumId, id);
  }

  /** Objects per digitization status, and per status and person. */
  async digitizationCounts(db: Kysely<DB>, museumId: string) {
    const rows = await db
      .selectFrom('object')
      .select(['digitization_status', 'digitized_by', (eb) => eb.fn.countAll<number>().as('n')])
      .where('museum_id', '=', museumId)
      .where('collection_status', 'in', ['accessioned', 'unaccessioned'])
      .groupBy(['digitization_status', 'digitized_by'])
      .execute();
    return rows.map((r) => ({ status: r.digitization_status, by: r.digitized_by, count: Number(r.n) }));
  }

  /** Objects per collection and digitization status (an object in two collections counts in each). */
  async digitizationByCollection(db: Kysely<DB>, museumId: string) {
    const rows = await db
      .selectFrom('object')
      .innerJoin('object_link', 'object_link.object_id', 'object.id')
      .innerJoin('authority', 'authority.id', 'object_link.authority_id')
      .select([
        'authority.id as collectionId',
        'authority.labels as labels',
        'object.digitization_status as status',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('object.museum_id', '=', museumId)
      .where('object_link.role', '=', 'collection')
      .where('object.collection_status', 'in', ['accessioned', 'unaccessioned'])
      .groupBy(['authority.id', 'authority.labels', 'object.digitization_status'])
      .execute();
    return rows.map((r) => ({
      collectionId: r.collectionId,
      labels: readJson<{ lang: string; value: string; preferred?: boolean }[]>(r.labels, []),
      status: r.status,
      count: Number(r.n),
    }));
  }

  /** Objects of the museum by accession number (accession → id). */
  async idsByAccession(db: Kysely<DB>, museumId: string, accessions: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < accessions.length; i += 500) {
      const rows = await db
        .selectFrom('object')
        .select(['id', 'accession_number'])
        .where('museum_id', '=', museumId)
        .where('accession_number', 'in', accessions.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.accession_number, r.id);
    }
    return out;
  }

  async idsOfMuseum(db: Kysely<DB>, museumId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('object')
      .select('id')
      .where('museum_id', '=', museumId)
      .orderBy('accession_sort')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Of these ids, those that are objects of the museum. */
  async existingIds(db: Kysely<DB>, museumId: string, ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('object')
        .select('id')
        .where('museum_id', '=', museumId)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /** The museum and visibility of an object, whatever its museum: the public side decides access from them. */
  async locate(db: Kysely<DB>, id: string): Promise<{ museumId: string; visibility: string } | undefined> {
    const r = await db
      .selectFrom('object')
      .select(['museum_id', 'visibility'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? { museumId: r.museum_id, visibility: r.visibility } : undefined;
  }

  /** Accession number, titles and museum of objects whatever their museum (search results, in the order given). */
  async summariesAnyMuseum(db: Kysely<DB>, ids: string[]) {
    if (!ids.length) return [];
    const rows = await SUMMARIES.all(db, ids);
    const byId = new Map(
      rows.map((r) => [
        r.id,
        {
          ...r,
          titles: readJson<{ lang: string; value: string }[]>(r.titles, []),
          descriptions: readJson<{ lang: string; value: string }[]>(r.descriptions, []),
        },
      ]),
    );
    return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  }

  /** Accession numbers of objects whatever their museum: for messages about a shared record (a loan). */
  async briefsAnyMuseum(db: Kysely<DB>, ids: string[]): Promise<{ id: string; accessionNumber: string }[]> {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('object')
      .select(['id', 'accession_number'])
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => ({ id: r.id, accessionNumber: r.accession_number }));
  }

  /** Accession number, status and titles of some objects of a museum. */
  async briefs(db: Kysely<DB>, museumId: string, ids: string[]) {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('object')
      .select(['id', 'accession_number', 'collection_status', 'titles', 'credit_line'])
      .where('museum_id', '=', museumId)
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      accessionNumber: r.accession_number,
      collectionStatus: r.collection_status,
      titles: readJson<{ lang: string; value: string }[]>(r.titles, []),
      creditLine: readJson<{ lang: string; value: string }[]>(r.credit_line, []),
    }));
  }

  async delete(db: Kysely<DB>, museumId: string, id: string): Promise<void> {
    await db.deleteFrom('object').where('id', '=', id).where('museum_id', '=', museumId).execute();
    await this.index?.remove(db, id);
  }

  /** A page of the museum's objects for the staff list (filters, words, sort): see object.list.repository.ts. */
  list(
    db: Kysely<DB>,
    museumId: string,
    q: ObjectListQuery,
    ilike: 'like' | 'ilike',
    match?: RawBuilder<unknown>,
  ): Promise<{ items: ObjectSummary[]; total: number }> {
    return listObjects(db, museumId, q, ilike, match);
  }

  private async writeParts(db: Kysely<DB>, o: MuseumObject): Promise<void> {
    const dates = dateRows(o);
    if (dates.length) await db.insertInto('object_date').values(dates).execute();
    const links = linkRows(o);
    if (links.length) await db.insertInto('object_link').values(links).execute();
  }
}

/** The record of a row read with its dates and links as JSON columns (and its files, which are not the record's). */
function recordOf(
  found: Selectable<ObjectTable> & {
    date_rows: Selectable<ObjectDateTable>[] | string;
    link_rows: LinkRow[] | string;
    media_rows?: unknown;
  },
): MuseumObject {
  const { date_rows, link_rows, media_rows: _files, ...row } = found;
  return assembled([row], jsonRows(date_rows), jsonRows(link_rows))[0]!;
}

/** Rows with their dates and links, as records. */
function assembled(
  rows: Selectable<ObjectTable>[],
  dates: Selectable<ObjectDateTable>[],
  links: LinkRow[],
): MuseumObject[] {
  const linksOf = groupBy(links, (l) => l.object_id);
  const datesOf = groupBy(dates, (d) => d.object_id);
  return rows.map((row) => {
    const grouped = {} as Record<LinkField, ObjectLink[]>;
    for (const f of LINK_FIELDS) grouped[f] = [];
    for (const l of linksOf.get(row.id) ?? []) {
      const field = FIELD_OF[l.role];
      if (field)
        grouped[field].push({
          id: l.id,
          qualifier: l.qualifier,
          type: l.type,
          labels: readJson(l.labels, []),
        });
    }
    const dated = (datesOf.get(row.id) ?? []).map((d) => ({
      label: d.label,
      expression: d.expression,
      calendar: d.calendar as MuseumObject['dates'][number]['calendar'],
      earliest: d.earliest,
      latest: d.latest,
      approximate: d.approximate === 1,
      uncertain: d.uncertain === 1,
      status: d.status as MuseumObject['dates'][number]['status'],
    }));
    // Assigned, not spread: on Node 20 each property written after a spread costs microseconds, and every read of an object comes here.
    return Object.assign(fromRow(row), grouped, { dates: dated });
  });
}
