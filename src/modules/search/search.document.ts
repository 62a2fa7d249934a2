import type { LangValue } from '../common/values.schemas.js';
import { gregorianToHijri } from '../dates/calendar.js';
import { LINK_FIELDS, type LinkField, type MuseumObject } from '../objects/object.schemas.js';
import { indexTerms } from './normalize.js';

/** Facets anyone may filter and count by. */
export const PUBLIC_FACETS = [
  'museum',
  'objectName',
  'maker',
  'place',
  'culture',
  'dynasty',
  'period',
  'material',
  'technique',
  'collection',
  'centuryG',
  'centuryH',
  'rights',
  'hasImage',
] as const;
/**
 * Staff facets besides: visibility and digitization status are kept in the document; the current
 * location is not (objects move in thousands at once, and where they are is no word of a record):
 * it is read from the locations themselves when staff count or filter by it.
 */
export const STAFF_FACETS = [...PUBLIC_FACETS, 'visibility', 'digitization', 'location'] as const;
export type Facet = (typeof STAFF_FACETS)[number];

/** What of an object the index needs beyond its record: whether it has an image ready to show, and where its digitization stands. */
export interface IndexExtras {
  hasImage: boolean;
  digitization: string;
}

const FACET_OF: Record<LinkField, Facet> = {
  objectNames: 'objectName',
  makers: 'maker',
  places: 'place',
  cultures: 'culture',
  dynasties: 'dynasty',
  periods: 'period',
  materials: 'material',
  techniques: 'technique',
  collections: 'collection',
};

export interface SearchDocument {
  objectId: string;
  museumId: string;
  isPublic: boolean;
  /** What the object is called: the words of its accession number, titles, object names and makers. */
  head: string;
  headStems: string;
  /** Its other words and their stems (each once, in the head or here). */
  exact: string;
  stems: string;
  facets: { facet: Facet; value: string }[];
}

/** The centuries (1 = years 1–100) a span of years touches, at most a dozen. */
export function centuries(from: number, to: number): number[] {
  const c = (y: number) => (y > 0 ? Math.floor((y - 1) / 100) + 1 : Math.floor(y / 100));
  const out: number[] = [];
  for (let x = c(from); x <= c(to) && out.length < 12; x++) if (x !== 0) out.push(x);
  return out;
}

/**
 * What of an object is searchable: only what its public page shows (titles, descriptions,
 * inscriptions with their transliterations and translations, keywords, dates as written,
 * provenance, credit line, the accession number) and every label, in every language and script,
 * of its linked people, places, dynasties, materials and object names. Staff-only fields are
 * never indexed, so the one index serves staff and public alike without a leak. Its facets are
 * its museum, its authorities by role, the centuries of its dates in both calendars, its rights,
 * whether it has an image, and (for staff) its visibility and digitization status.
 */
export function searchDocument(o: MuseumObject, extras: IndexExtras): SearchDocument {
  const text = (vs: readonly LangValue[]) => vs.map((v) => v.value);
  const labels = (f: LinkField) => o[f].flatMap((l) => l.labels.map((x) => x.value));
  const headParts = [o.accessionNumber, ...text(o.titles), ...labels('objectNames'), ...labels('makers')];
  const bodyParts = [
    ...text(o.descriptions),
    ...text(o.keywords),
    ...text(o.provenance),
    ...text(o.creditLine),
    ...o.dates.map((d) => d.expression),
    ...o.inscriptions.flatMap((i) => [i.text, i.transliteration ?? '', ...text(i.translations ?? [])]),
    ...LINK_FIELDS.filter((f) => f !== 'objectNames' && f !== 'makers').flatMap(labels),
  ];
  const head = indexTerms(headParts.join(' \n '));
  const body = indexTerms(bodyParts.join(' \n '));
  const headWords = new Set(head.exact);
  const headStems = new Set(head.stems);
  const facets: SearchDocument['facets'] = [
    { facet: 'museum', value: o.museumId },
    { facet: 'visibility', value: o.visibility },
    { facet: 'hasImage', value: extras.hasImage ? 'yes' : 'no' },
    { facet: 'digitization', value: extras.digitization },
  ];
  for (const f of LINK_FIELDS) for (const l of o[f]) facets.push({ facet: FACET_OF[f], value: l.id });
  const years = o.dates.filter((d) => d.earliest !== null && d.latest !== null);
  if (years.length) {
    const from = Math.min(...years.map((d) => d.earliest!));
    const to = Math.max(...years.map((d) => d.latest!));
    for (const c of centuries(from, to)) facets.push({ facet: 'centuryG', value: String(c) });
    if (to > 622) {
      const h = gregorianToHijri(Math.max(from, 623), to);
      for (const c of centuries(h.earliest, h.latest)) facets.push({ facet: 'centuryH', value: String(c) });
    }
  }
  if (o.rights) facets.push({ facet: 'rights', value: o.rights });
  const unique = new Map(facets.map((f) => [`${f.facet}\u0000${f.value}`, f]));
  return {
    objectId: o.id,
    museumId: o.museumId,
    isPublic: o.visibility === 'public',
    head: [...headWords].join(' '),
    headStems: [...headStems].join(' '),
    exact: [...new Set(body.exact.filter((w) => !headWords.has(w)))].join(' '),
    stems: [...new Set(body.stems.filter((w) => !headStems.has(w)))].join(' '),
    facets: [...unique.values()],
  };
}
