import { z } from 'zod';
import { langValue } from '../common/values.schemas.js';
import { MUSEUM_SERVICES } from '../museums/museum.schemas.js';

/** The kinds of museum the directory files them under. */
export const MUSEUM_TYPES = [
  'national',
  'art',
  'archaeology',
  'history',
  'ethnography',
  'islamic-art',
  'science',
  'military',
  'natural-history',
  'memorial',
  'site-museum',
  'other',
] as const;
export type MuseumType = (typeof MUSEUM_TYPES)[number];

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? undefined : [v].flat()), z.array(item).max(20)).optional();

/** A look through the directory: words in a name, a member state, a city, kinds, services, and whether the collection is online. */
export const directoryQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'an ISO 3166 country code such as MA' })
      .optional(),
    city: z.string().trim().max(200).optional(),
    type: many(z.enum(MUSEUM_TYPES)),
    service: many(z.enum(MUSEUM_SERVICES)),
    online: z.enum(['yes', 'no']).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type DirectoryQuery = z.infer<typeof directoryQuery>;

export const country = z.object({
  iso2: z.string(),
  iso3: z.string(),
  names: z.array(langValue),
  region: z.string(),
  oicJoined: z.number().nullable(),
  /** `assumed` or `unconfirmed`: the seed data's own word on ICESCO membership. */
  icescoMember: z.string(),
});
export type Country = z.infer<typeof country>;

/** A museum as the directory shows it: public facts only. */
export const directoryEntry = z.object({
  slug: z.string(),
  names: z.array(langValue),
  country: z.string().nullable(),
  city: z.string().nullable(),
  type: z.enum(MUSEUM_TYPES).nullable(),
  founded: z.number().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  /** True when the position is its city's (from the other museums there), not its own. */
  approximate: z.boolean(),
  website: z.string().nullable(),
  wikidata: z.string().nullable(),
  services: z.array(z.string()),
  /** Public records on the platform: its collection is online when there is one. */
  objects: z.number(),
});
export type DirectoryEntry = z.infer<typeof directoryEntry>;

export const directoryPage = z.object({
  total: z.number(),
  items: z.array(directoryEntry),
  /** Counts over the whole selection, for the filters. */
  counts: z.object({
    country: z.record(z.string(), z.number()),
    type: z.record(z.string(), z.number()),
    online: z.number(),
  }),
});
export type DirectoryPage = z.infer<typeof directoryPage>;
