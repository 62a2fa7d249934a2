import { z } from 'zod';
import { langValue } from '../common/values.schemas.js';
import type { Media } from '../media/media.schemas.js';
import {
  dimension,
  inscription,
  LINK_FIELDS,
  type MuseumObject,
  parsedDate,
} from '../objects/object.schemas.js';
import { type Authority, authorityLabel, externalIds } from '../authorities/authority.schemas.js';
import type { Facet } from '../search/search.document.js';

/**
 * What the public may read of an object and its images. The schemas whitelist: a field not named
 * here (collection status, authors of edits, storage, valuations, camera metadata) never leaves.
 */
const publicLink = z.object({
  id: z.string(),
  type: z.string(),
  qualifier: z.string().nullable(),
  labels: z.array(authorityLabel),
});
export const publicImage = z.object({
  id: z.string(),
  width: z.number(),
  height: z.number(),
  captions: z.array(langValue),
  rights: z.string().nullable(),
  credit: z.string().nullable(),
  isMain: z.boolean(),
});
export const publicObject = z.object({
  id: z.string(),
  accessionNumber: z.string(),
  titles: z.array(langValue),
  descriptions: z.array(langValue),
  ...(Object.fromEntries(LINK_FIELDS.map((f) => [f, z.array(publicLink)])) as Record<
    (typeof LINK_FIELDS)[number],
    z.ZodArray<typeof publicLink>
  >),
  dates: z.array(
    parsedDate.pick({
      label: true,
      expression: true,
      calendar: true,
      earliest: true,
      latest: true,
      approximate: true,
      uncertain: true,
      status: true,
    }),
  ),
  dimensions: z.array(dimension),
  inscriptions: z.array(inscription),
  provenance: z.array(langValue),
  creditLine: z.array(langValue),
  rights: z.string().nullable(),
  keywords: z.array(langValue),
  images: z.array(publicImage),
});
export type PublicObject = z.infer<typeof publicObject>;
export type PublicImage = z.infer<typeof publicImage>;

/** An object for the public, with its images that are ready to serve, main image first. */
export function presentPublicObject(o: MuseumObject, media: readonly Media[]): PublicObject {
  const ready = media.filter((m) => m.derivatives?.pyramid);
  const ordered = [...ready.filter((m) => m.isMain), ...ready.filter((m) => !m.isMain)];
  // Assigned rather than spread: on Node 20 a property written after a spread costs microseconds, and a harvest presents thousands a second.
  const images = ordered.map((m) =>
    publicImage.parse(
      Object.assign({}, m, { width: m.derivatives!.pyramid!.width, height: m.derivatives!.pyramid!.height }),
    ),
  );
  return publicObject.parse(Object.assign({}, o, { images }));
}

/** What the public may read of a person, place or term: its names, dates, place and identifiers elsewhere (never its notes). */
export const publicAuthority = z.object({
  id: z.string(),
  type: z.string(),
  scheme: z.string().nullable(),
  labels: z.array(authorityLabel),
  beginYear: z.number().nullable(),
  endYear: z.number().nullable(),
  datesText: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  externalIds: externalIds,
});
export type PublicAuthority = z.infer<typeof publicAuthority>;

export const presentPublicAuthority = (a: Authority): PublicAuthority => publicAuthority.parse(a);

const FACET_OF_SCHEME: Partial<Record<string, Facet>> = {
  object_name: 'objectName',
  material: 'material',
  technique: 'technique',
  culture: 'culture',
  dynasty: 'dynasty',
  period: 'period',
  collection: 'collection',
};

/** The search facet through which an authority's objects are found: people make, places are where, terms are by scheme. */
export function facetOfAuthority(a: Pick<Authority, 'type' | 'scheme'>): Facet | null {
  if (a.type === 'person' || a.type === 'organization') return 'maker';
  if (a.type === 'place') return 'place';
  return a.scheme ? (FACET_OF_SCHEME[a.scheme] ?? null) : null;
}
