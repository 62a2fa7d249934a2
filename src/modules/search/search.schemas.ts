import { z } from 'zod';
import { DIGITIZATION_STATUSES } from '../media/media.schemas.js';
import { SEARCH_SORTS } from './search.repository.js';

/** A filter that may be given once or several times (`?material=a&material=b`). */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? undefined : [v].flat()), z.array(item).max(20)).optional();
const authorityIds = many(z.string().uuid({ message: 'an authority id' }));

/** A search as typed: words, filters by facet, a span of years in either calendar, an order and a page. */
export const searchInput = z
  .object({
    q: z.string().max(500, { message: 'at most 500 characters' }).default(''),
    /** Museums by address; on the public side, these museums only. */
    museum: many(z.string().trim().min(1).max(64)),
    objectName: authorityIds,
    maker: authorityIds,
    place: authorityIds,
    culture: authorityIds,
    dynasty: authorityIds,
    period: authorityIds,
    material: authorityIds,
    technique: authorityIds,
    collection: authorityIds,
    rights: many(z.string().url().max(200)),
    /** Centuries (1 is years 1–100) in `calendar`. */
    century: many(z.coerce.number().int().min(-50).max(30)),
    /** `yes`: objects with an image to show; `no`: those without. */
    hasImage: many(z.enum(['yes', 'no'])),
    /** Staff only. */
    visibility: many(z.enum(['draft', 'internal', 'public'])),
    /** Staff only: where digitization stands. */
    digitization: many(z.enum(DIGITIZATION_STATUSES)),
    /** Staff only: storage locations, each with everything below it. */
    location: many(z.string().uuid({ message: 'a location id' })),
    calendar: z.enum(['gregorian', 'hijri']).default('gregorian'),
    /** Years in `calendar`, inclusive. */
    from: z.coerce.number().int().min(-5000).max(3000).optional(),
    to: z.coerce.number().int().min(-5000).max(3000).optional(),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    order: z.enum(['asc', 'desc']).default('asc'),
    /** The last word is still being typed (suggestions). */
    prefix: z.enum(['1']).optional(),
    /** `0` leaves the facet counts out (type-ahead). */
    facets: z.enum(['0', '1']).default('1'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
    /** Where the previous page ended (its `next`): pages by cursor go as deep as the results do. */
    cursor: z.string().max(1000).optional(),
  })
  .strict();
export type SearchInput = z.infer<typeof searchInput>;

export const searchHit = z.object({
  id: z.string(),
  museum: z.string(),
  accessionNumber: z.string(),
  titles: z.array(z.object({ lang: z.string(), value: z.string() })),
  /** The image shown for it (its main image, ready to serve through IIIF), or null. */
  image: z
    .object({
      id: z.string(),
      width: z.number(),
      height: z.number(),
      captions: z.array(z.object({ lang: z.string(), value: z.string() })),
    })
    .nullable(),
  /** The title (or description) where the words were found, in its language, with the offsets of the matches. */
  highlight: z
    .object({ lang: z.string(), text: z.string(), marks: z.array(z.tuple([z.number(), z.number()])) })
    .nullable(),
});
export const facetValue = z.object({
  value: z.string(),
  count: z.number(),
  labels: z.array(z.object({ lang: z.string(), value: z.string() })),
});
export const searchOutput = z.object({
  total: z.number(),
  /** True when so many records match that the total and the facet counts are estimates (and results in relevance order come by where the words were found). */
  estimated: z.boolean(),
  /** True when facet counts were made on a sample of the matches (more than 2,000) and scaled. */
  facetsEstimated: z.boolean(),
  /** The cursor of the next page, or null on the last. */
  next: z.string().nullable(),
  /** When nothing was found: a spelling of the words that finds something, or null. */
  didYouMean: z.string().nullable(),
  items: z.array(searchHit),
  facets: z.record(z.string(), z.array(facetValue)),
});
export type SearchOutput = z.infer<typeof searchOutput>;
