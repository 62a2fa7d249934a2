import { type Kysely, type RawBuilder, sql } from 'kysely';
import { containsText } from '../../db/query-helpers.js';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { ObjectListQuery, ObjectSummary } from './object.schemas.js';

const SORT_COLUMN = {
  accession: 'accession_sort',
  title: 'sort_title',
  date: 'date_earliest',
  updated: 'updated_at',
} as const;

/**
 * The staff list of a museum's objects: filters by visibility, status, review, digitization,
 * years and authority; words through the search index or a part of an accession number; a sort
 * and a page. Part of ObjectRepository (its list), apart because it is a query of its own.
 */
export async function listObjects(
  db: Kysely<DB>,
  museumId: string,
  q: ObjectListQuery,
  ilike: 'like' | 'ilike',
  /** The full-text match of `q.q` (the one search engine), as `SELECT object_id, score`. */
  match?: RawBuilder<unknown>,
): Promise<{ items: ObjectSummary[]; total: number }> {
  let base = db.selectFrom('object').where('object.museum_id', '=', museumId);
  if (q.visibility) base = base.where('visibility', '=', q.visibility);
  if (q.status) base = base.where('collection_status', '=', q.status);
  if (q.review) base = base.where('date_review', '=', 1);
  if (q.digitization) base = base.where('digitization_status', '=', q.digitization);
  if (q.digitizedBy) base = base.where('digitized_by', '=', q.digitizedBy);
  if (q.from !== undefined) base = base.where('date_latest', '>=', q.from);
  if (q.to !== undefined) base = base.where('date_earliest', '<=', q.to);
  if (q.authority) {
    const authority = q.authority;
    base = base.where('id', 'in', (eb) =>
      eb.selectFrom('object_link').select('object_id').where('authority_id', '=', authority),
    );
  }
  if (q.q) {
    const text = q.q;
    // A part of an accession number as typed, or the words through the search index (Arabic folded, the last word a prefix).
    base = base.where((eb) =>
      eb.or([
        containsText('accession_number', text, ilike),
        ...(match ? [eb('object.id', 'in', sql<string>`(SELECT mm.object_id FROM (${match}) mm)`)] : []),
      ]),
    );
  }
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const col = SORT_COLUMN[q.sort];
  const rows = await base
    .select([
      'id',
      'accession_number',
      'visibility',
      'titles',
      'date_earliest',
      'date_latest',
      'date_review',
      'updated_at',
    ])
    .orderBy(col, q.order)
    .orderBy('accession_sort', 'asc')
    .orderBy('id', 'asc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const ids = rows.map((r) => r.id);
  const dates = ids.length
    ? await db
        .selectFrom('object_date')
        .select(['object_id', 'expression', 'label'])
        .where('object_id', 'in', ids)
        .orderBy('position')
        .execute()
    : [];
  return {
    total: Number(countRow.n),
    items: rows.map((r) => ({
      id: r.id,
      accessionNumber: r.accession_number,
      visibility: r.visibility as ObjectSummary['visibility'],
      titles: readJson(r.titles, []),
      dates: dates
        .filter((d) => d.object_id === r.id)
        .map((d) => (d.label ? `${d.label}: ${d.expression}` : d.expression)),
      dateEarliest: r.date_earliest,
      dateLatest: r.date_latest,
      dateReview: r.date_review === 1,
      updatedAt: r.updated_at,
    })),
  };
}
