import { z } from 'zod';
import { langTag, langValue } from '../common/values.schemas.js';

export const AUTHORITY_TYPES = ['person', 'organization', 'place', 'concept'] as const;
export const CONCEPT_SCHEMES = [
  'object_name',
  'material',
  'technique',
  'culture',
  'dynasty',
  'period',
  'subject',
  'collection',
] as const;
export type AuthorityType = (typeof AUTHORITY_TYPES)[number];
export type ConceptScheme = (typeof CONCEPT_SCHEMES)[number];

export const authorityLabel = z
  .object({
    lang: langTag,
    value: z.string().trim().min(1).max(500),
    preferred: z.boolean().optional(),
  })
  .strict();
export type AuthorityLabel = z.infer<typeof authorityLabel>;

/** The parts of an Arabic name, as written (any script). */
export const nameParts = z
  .object({
    ism: z.string().trim().max(200).optional(),
    nasab: z.string().trim().max(500).optional(),
    kunya: z.string().trim().max(200).optional(),
    laqab: z.string().trim().max(200).optional(),
    nisba: z.string().trim().max(300).optional(),
  })
  .strict();

const year = z.number().int().min(-5000).max(3000);

export const externalIds = z
  .object({
    wikidata: z
      .string()
      .regex(/^Q\d+$/, { message: 'a Wikidata id such as Q12345' })
      .optional(),
    viaf: z.string().regex(/^\d+$/).optional(),
    ulan: z.string().regex(/^\d+$/).optional(),
    tgn: z.string().regex(/^\d+$/).optional(),
    geonames: z.string().regex(/^\d+$/).optional(),
    aat: z.string().regex(/^\d+$/).optional(),
  })
  .strict();

/** What a cataloguer submits to create or replace an authority record. */
export const authorityInput = z
  .object({
    type: z.enum(AUTHORITY_TYPES),
    scheme: z.enum(CONCEPT_SCHEMES).nullable().optional(),
    labels: z.array(authorityLabel).min(1).max(100),
    nameParts: nameParts.nullable().optional(),
    beginYear: year.nullable().optional(),
    endYear: year.nullable().optional(),
    datesText: z.string().trim().max(200).nullable().optional(),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
    parentId: z.string().uuid().nullable().optional(),
    externalIds: externalIds.optional(),
    note: z.array(langValue).max(20).optional(),
    /** Create as a network-wide record (platform administrators only); otherwise it belongs to the museum. */
    shared: z.boolean().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'concept' && !v.scheme)
      ctx.addIssue({ code: 'custom', path: ['scheme'], message: 'a concept needs a scheme' });
    if (v.type !== 'concept' && v.scheme)
      ctx.addIssue({ code: 'custom', path: ['scheme'], message: 'only concepts have a scheme' });
    if (v.type !== 'place' && (v.latitude != null || v.longitude != null)) {
      ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'only places have coordinates' });
    }
    if ((v.latitude == null) !== (v.longitude == null)) {
      ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'give both latitude and longitude' });
    }
    if (v.beginYear != null && v.endYear != null && v.beginYear > v.endYear) {
      ctx.addIssue({ code: 'custom', path: ['endYear'], message: 'the end comes before the beginning' });
    }
  });
export type AuthorityInput = z.infer<typeof authorityInput>;

/** An authority as the staff API returns it. */
export const authorityOutput = z.object({
  id: z.string(),
  museumId: z.string().nullable(),
  type: z.enum(AUTHORITY_TYPES),
  scheme: z.enum(CONCEPT_SCHEMES).nullable(),
  labels: z.array(authorityLabel),
  nameParts: nameParts.nullable(),
  beginYear: z.number().nullable(),
  endYear: z.number().nullable(),
  datesText: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  parentId: z.string().nullable(),
  externalIds: externalIds,
  note: z.array(langValue),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Authority = z.infer<typeof authorityOutput>;

export const authorityListQuery = z
  .object({
    type: z.enum(AUTHORITY_TYPES).optional(),
    scheme: z.enum(CONCEPT_SCHEMES).optional(),
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type AuthorityListQuery = z.infer<typeof authorityListQuery>;
