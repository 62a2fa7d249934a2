import type { LangValue } from '../common/values.schemas.js';
import { LINK_FIELDS, type MuseumObject } from '../objects/object.schemas.js';
import { indexTerms } from './normalize.js';

export interface SearchDocument {
  objectId: string;
  museumId: string;
  isPublic: boolean;
  exact: string;
  stems: string;
}

/**
 * What of an object is searchable: only what its public page shows (titles, descriptions,
 * inscriptions with their transliterations and translations, keywords, dates as written,
 * provenance, credit line, the accession number) and every label, in every language and script,
 * of its linked people, places, dynasties, materials and object names. Staff-only fields are
 * never indexed, so the one index serves staff and public alike without a leak.
 */
export function searchDocument(o: MuseumObject): SearchDocument {
  const text = (vs: readonly LangValue[]) => vs.map((v) => v.value);
  const parts = [
    o.accessionNumber,
    ...text(o.titles), ...text(o.descriptions), ...text(o.keywords), ...text(o.provenance), ...text(o.creditLine),
    ...o.dates.map((d) => d.expression),
    ...o.inscriptions.flatMap((i) => [i.text, i.transliteration ?? '', ...text(i.translations ?? [])]),
    ...LINK_FIELDS.flatMap((f) => o[f].flatMap((l) => l.labels.map((x) => x.value))),
  ];
  const { exact, stems } = indexTerms(parts.join(' \n '));
  return { objectId: o.id, museumId: o.museumId, isPublic: o.visibility === 'public', exact: [...new Set(exact)].join(' '), stems: [...new Set(stems)].join(' ') };
}
