import { z } from 'zod';

/** A search as typed: the words, and the page wanted. */
export const searchInput = z
  .object({
    q: z.string().max(500, { message: 'at most 500 characters' }).default(''),
    /** Only this museum (its address), on the public side. */
    museum: z.string().trim().max(64).optional(),
    /** The last word is still being typed (suggestions). */
    prefix: z.enum(['1']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .strict();

export const searchHit = z.object({
  id: z.string(),
  museum: z.string(),
  accessionNumber: z.string(),
  titles: z.array(z.object({ lang: z.string(), value: z.string() })),
});
export const searchOutput = z.object({ total: z.number(), items: z.array(searchHit) });
export type SearchOutput = z.infer<typeof searchOutput>;
