import { z } from 'zod';

export const HARVEST_PREFIXES = ['oai_dc', 'lido'] as const;

/** An OAI-PMH endpoint the hub harvests: another Mathaf, or any museum's repository. */
export const sourceInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The repository's base URL (what `?verb=Identify` is appended to). */
    baseUrl: z
      .string()
      .trim()
      .url()
      .max(500)
      .refine((u) => /^https?:\/\//.test(u), { message: 'an http or https address' }),
    metadataPrefix: z.enum(HARVEST_PREFIXES).default('oai_dc'),
    /** One set of the repository, or all of it. */
    set: z.string().trim().min(1).max(200).optional(),
    /** Hours between harvests; 0 harvests only when asked. */
    intervalHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 90)
      .default(24),
    /** Lets this source be on a private network or this machine (refused otherwise, so a source cannot reach inside). */
    allowPrivate: z.boolean().default(false),
    /** The address of the museum its records fill (made for it). */
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'lower-case letters, digits and hyphens' }),
    /** The language its records are mostly in. */
    defaultLanguage: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .default('en'),
  })
  .strict();
export type SourceInput = z.infer<typeof sourceInput>;

export const harvestSource = z.object({
  id: z.string(),
  museumId: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  metadataPrefix: z.enum(HARVEST_PREFIXES),
  set: z.string().nullable(),
  intervalHours: z.number(),
  allowPrivate: z.boolean(),
  /** The last complete harvest reached the source's records up to this moment (the next one asks `from` it). */
  harvestedUntil: z.string().nullable(),
  /** Where an interrupted harvest stands: it goes on from here. */
  resume: z
    .object({
      token: z.string(),
      runId: z.string(),
      mode: z.enum(['full', 'incremental']),
      responseDate: z.string(),
    })
    .nullable(),
  nextRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HarvestSource = z.infer<typeof harvestSource>;

export const harvestReport = z.object({
  pages: z.number(),
  bytes: z.number(),
  added: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  deleted: z.number(),
  rejected: z.number(),
  /** Records refused, by identifier (the first 200). */
  rejections: z.array(z.object({ identifier: z.string(), reason: z.string() })),
  /** Why the run stopped, when it did not finish. */
  error: z.string().nullable(),
  retries: z.number(),
});
export type HarvestReport = z.infer<typeof harvestReport>;

export const harvestRun = z.object({
  id: z.string(),
  sourceId: z.string(),
  mode: z.enum(['full', 'incremental']),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  report: harvestReport,
});
export type HarvestRun = z.infer<typeof harvestRun>;

export const runInput = z.object({ full: z.boolean().default(false) }).strict();
