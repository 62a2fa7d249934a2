import type { Insertable, Selectable } from 'kysely';
import type { ObjectDateTable, ObjectLinkTable, ObjectTable } from '../../db/schema.js';
import { accessionSortKey, labelSortKey } from '../common/sort-keys.js';
import { readJson } from '../common/values.schemas.js';
import { LINK_FIELDS, type LinkField, type MuseumObject } from './object.schemas.js';

/* How an object is laid out in its tables: shared by ObjectRepository's single and bulk writes. */

/** The role column of `object_link` for each link field. */
export const ROLE_OF: Record<LinkField, string> = {
  objectNames: 'object_name',
  makers: 'maker',
  places: 'place',
  cultures: 'culture',
  dynasties: 'dynasty',
  periods: 'period',
  materials: 'material',
  techniques: 'technique',
  collections: 'collection',
};
export const FIELD_OF = Object.fromEntries(Object.entries(ROLE_OF).map(([f, r]) => [r, f])) as Record<
  string,
  LinkField
>;

/** The catalogue's columns; the digitization status is set by its own operation. */
export function toRow(
  o: MuseumObject,
): Omit<Selectable<ObjectTable>, 'digitization_status' | 'digitized_by'> {
  const dated = o.dates.filter((d) => d.earliest !== null);
  return {
    id: o.id,
    museum_id: o.museumId,
    accession_number: o.accessionNumber,
    accession_sort: accessionSortKey(o.accessionNumber),
    visibility: o.visibility,
    titles: JSON.stringify(o.titles),
    descriptions: JSON.stringify(o.descriptions),
    sort_title: labelSortKey(o.titles[0]?.value ?? ''),
    other_numbers: JSON.stringify(o.otherNumbers),
    dimensions: JSON.stringify(o.dimensions),
    inscriptions: JSON.stringify(o.inscriptions),
    provenance: JSON.stringify(o.provenance),
    credit_line: JSON.stringify(o.creditLine),
    keywords: JSON.stringify(o.keywords),
    rights: o.rights,
    date_earliest: dated.length ? Math.min(...dated.map((d) => d.earliest!)) : null,
    date_latest: dated.length ? Math.max(...dated.map((d) => d.latest ?? d.earliest!)) : null,
    date_review: o.dateReview ? 1 : 0,
    collection_status: o.collectionStatus,
    accessioned_at: o.accessionedAt,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    created_by: o.createdBy,
    updated_by: o.updatedBy,
    version: o.version,
  };
}

export function fromRow(r: Selectable<ObjectTable>): Omit<MuseumObject, LinkField | 'dates'> {
  return {
    id: r.id,
    museumId: r.museum_id,
    accessionNumber: r.accession_number,
    visibility: r.visibility as MuseumObject['visibility'],
    titles: readJson(r.titles, []),
    descriptions: readJson(r.descriptions, []),
    otherNumbers: readJson(r.other_numbers, []),
    dateReview: r.date_review === 1,
    collectionStatus: r.collection_status as MuseumObject['collectionStatus'],
    accessionedAt: r.accessioned_at,
    dimensions: readJson(r.dimensions, []),
    inscriptions: readJson(r.inscriptions, []),
    provenance: readJson(r.provenance, []),
    creditLine: readJson(r.credit_line, []),
    rights: r.rights,
    keywords: readJson(r.keywords, []),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdBy: r.created_by,
    updatedBy: r.updated_by,
    version: r.version,
  };
}

/** The rows of an object's dates, in order. */
export function dateRows(o: MuseumObject): Insertable<ObjectDateTable>[] {
  return o.dates.map((d, position) => ({
    object_id: o.id,
    position,
    label: d.label,
    expression: d.expression,
    calendar: d.calendar,
    earliest: d.earliest,
    latest: d.latest,
    approximate: d.approximate ? 1 : 0,
    uncertain: d.uncertain ? 1 : 0,
    status: d.status,
  }));
}

/** The rows of an object's links to authorities, in order within each role. */
export function linkRows(o: MuseumObject): Insertable<ObjectLinkTable>[] {
  return LINK_FIELDS.flatMap((f) =>
    o[f].map((l, position) => ({
      object_id: o.id,
      role: ROLE_OF[f],
      position,
      authority_id: l.id,
      qualifier: l.qualifier,
    })),
  );
}
