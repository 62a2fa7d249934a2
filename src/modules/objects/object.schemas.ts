import { z } from 'zod';
import { authorityLabel } from '../authorities/authority.schemas.js';
import { langTag, langValue, rights, visibility } from '../common/values.schemas.js';

/** Where an object stands in the collection, set by the procedures (entry, accession, exit, loss). */
export const COLLECTION_STATUSES = [
  'accessioned',
  'unaccessioned',
  'returned',
  'deaccessioned',
  'lost',
] as const;

/** Roles an authority can play on an object, and the kind of authority each accepts. */
export const LINK_ROLES = {
  objectNames: { type: ['concept'], scheme: 'object_name' },
  makers: { type: ['person', 'organization'], scheme: null },
  places: { type: ['place'], scheme: null },
  cultures: { type: ['concept'], scheme: 'culture' },
  dynasties: { type: ['concept'], scheme: 'dynasty' },
  periods: { type: ['concept'], scheme: 'period' },
  materials: { type: ['concept'], scheme: 'material' },
  techniques: { type: ['concept'], scheme: 'technique' },
  /** The museum's own collections (Spectrum's “Collection”): manuscripts, ceramics, a bequest… */
  collections: { type: ['concept'], scheme: 'collection' },
} as const;
export type LinkField = keyof typeof LINK_ROLES;
export const LINK_FIELDS = Object.keys(LINK_ROLES) as LinkField[];

/** How a place linked as where an object was made is qualified (lower case, as catalogued); a place without a qualifier counts too. */
export const PRODUCTION_PLACE = ['place of origin', 'place of production', 'production', 'made', 'origin'];
export const isProductionPlace = (qualifier: string | null | undefined) =>
  !qualifier || PRODUCTION_PLACE.includes(qualifier.toLowerCase());

const linkRef = z
  .object({
    id: z.string().uuid(),
    /** A maker's role (calligrapher, author, illuminator…), a place's (production, findspot). */
    qualifier: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const DIMENSION_TYPES = [
  'height',
  'width',
  'depth',
  'length',
  'diameter',
  'thickness',
  'weight',
  'circumference',
] as const;
export const dimension = z
  .object({
    type: z.enum(DIMENSION_TYPES),
    value: z.number().positive().max(1_000_000),
    unit: z.enum(['mm', 'cm', 'm', 'in', 'g', 'kg']),
    /** What was measured: the folio, the image, the binding… */
    part: z.string().trim().max(100).optional(),
  })
  .strict();

export const inscription = z
  .object({
    /** As written, in its own script. */
    text: z.string().trim().min(1).max(20_000),
    lang: langTag.optional(),
    script: z
      .string()
      .regex(/^[A-Z][a-z]{3}$/, { message: 'an ISO 15924 script code such as Arab' })
      .optional(),
    type: z.string().trim().max(100).optional(),
    transliteration: z.string().trim().max(20_000).optional(),
    translations: z.array(langValue).max(20).optional(),
    position: z.string().trim().max(300).optional(),
  })
  .strict();

export const otherNumber = z
  .object({ type: z.string().trim().min(1).max(100), value: z.string().trim().min(1).max(200) })
  .strict();

const linkFields = Object.fromEntries(LINK_FIELDS.map((f) => [f, z.array(linkRef).max(100).optional()])) as {
  [K in LinkField]: z.ZodOptional<z.ZodArray<typeof linkRef>>;
};

/** What a cataloguer submits to create or replace an object record. Unknown fields are refused. */
export const objectInput = z
  .object({
    accessionNumber: z.string().trim().min(1).max(64),
    visibility: visibility.optional(),
    titles: z.array(langValue).min(1).max(50),
    descriptions: z.array(langValue).max(50).optional(),
    otherNumbers: z.array(otherNumber).max(50).optional(),
    ...linkFields,
    /** Date expressions as written: `865 AH/AD 1461`, `القرن العاشر الهجري`, `Folio: 1528; Binding: 19th century`. */
    dates: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
    dimensions: z.array(dimension).max(50).optional(),
    inscriptions: z.array(inscription).max(100).optional(),
    provenance: z.array(langValue).max(20).optional(),
    creditLine: z.array(langValue).max(20).optional(),
    rights: rights.nullable().optional(),
    keywords: z.array(langValue).max(200).optional(),
    /** The version being replaced; when given and stale, the update is refused. */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type ObjectInput = z.infer<typeof objectInput>;

/** A patch: any subset of the fields. */
export const objectPatch = objectInput.partial().strict();

const linkOut = z.object({
  id: z.string(),
  qualifier: z.string().nullable(),
  type: z.string(),
  labels: z.array(authorityLabel),
});
export type ObjectLink = z.infer<typeof linkOut>;

export const parsedDate = z.object({
  label: z.string().nullable(),
  expression: z.string(),
  calendar: z.enum(['gregorian', 'islamic', 'persian', 'byzantine']),
  earliest: z.number().nullable(),
  latest: z.number().nullable(),
  approximate: z.boolean(),
  uncertain: z.boolean(),
  status: z.enum(['parsed', 'undated', 'review']),
});

/** A date as catalogued, its label first (`Binding: 19th century`): the text every export writes and every import reads back. */
export const dateText = (d: { label: string | null; expression: string }) =>
  d.label ? `${d.label}: ${d.expression}` : d.expression;

/** An object as staff see it (API and pages). */
export const objectOutput = z.object({
  id: z.string(),
  museumId: z.string(),
  accessionNumber: z.string(),
  visibility,
  titles: z.array(langValue),
  descriptions: z.array(langValue),
  otherNumbers: z.array(otherNumber),
  ...(Object.fromEntries(LINK_FIELDS.map((f) => [f, z.array(linkOut)])) as {
    [K in LinkField]: z.ZodArray<typeof linkOut>;
  }),
  dates: z.array(parsedDate),
  dateReview: z.boolean(),
  collectionStatus: z.enum(COLLECTION_STATUSES),
  accessionedAt: z.string().nullable(),
  dimensions: z.array(dimension),
  inscriptions: z.array(inscription),
  provenance: z.array(langValue),
  creditLine: z.array(langValue),
  rights: z.string().nullable(),
  keywords: z.array(langValue),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  version: z.number(),
});
export type MuseumObject = z.infer<typeof objectOutput>;

export const OBJECT_SORTS = ['accession', 'title', 'date', 'updated'] as const;

export const objectListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    visibility: visibility.optional(),
    status: z.enum(COLLECTION_STATUSES).optional(),
    /** Objects linked to this authority (a maker, a dynasty, a material…). */
    authority: z.string().uuid().optional(),
    /** Only objects whose date text needs review. */
    review: z.enum(['1']).optional(),
    /** Where the object's digitization stands. */
    digitization: z.enum(['not_started', 'photographed', 'processed', 'checked', 'published']).optional(),
    /** Digitized by this person (as recorded with the status). */
    digitizedBy: z.string().trim().min(1).max(200).optional(),
    from: z.coerce.number().int().min(-5000).max(3000).optional(),
    to: z.coerce.number().int().min(-5000).max(3000).optional(),
    sort: z.enum(OBJECT_SORTS).default('accession'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();
export type ObjectListQuery = z.infer<typeof objectListQuery>;

export const objectSummary = z.object({
  id: z.string(),
  accessionNumber: z.string(),
  visibility,
  titles: z.array(langValue),
  dates: z.array(z.string()),
  dateEarliest: z.number().nullable(),
  dateLatest: z.number().nullable(),
  dateReview: z.boolean(),
  updatedAt: z.string(),
});
export type ObjectSummary = z.infer<typeof objectSummary>;
