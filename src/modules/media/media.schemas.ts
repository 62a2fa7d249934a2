import { z } from 'zod';
import { langValue, rights } from '../common/values.schemas.js';

export const mediaOutput = z.object({
  id: z.string(),
  objectId: z.string(),
  sha256: z.string(),
  size: z.number(),
  format: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  pages: z.number().nullable(),
  originalName: z.string().nullable(),
  position: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  captions: z.array(langValue),
  rights: z.string().nullable(),
  credit: z.string().nullable(),
  isMain: z.boolean(),
  technical: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

/** An image's captions (any languages), rights (a Creative Commons licence or rightsstatements.org statement) and credit. */
export const mediaUpdate = z
  .object({
    captions: z.array(langValue).max(20).optional(),
    rights: rights.nullable().optional(),
    credit: z.string().trim().max(500).nullable().optional(),
    main: z.literal(true).optional(),
  })
  .strict();

export const mediaOrder = z.object({ ids: z.array(z.string().uuid()).min(1).max(1000) }).strict();

export const DIGITIZATION_STATUSES = [
  'not_started',
  'photographed',
  'processed',
  'checked',
  'published',
] as const;
export const digitizationInput = z
  .object({ status: z.enum(DIGITIZATION_STATUSES), by: z.string().trim().min(1).max(200).optional() })
  .strict();
/** Sizes made for every image: a thumbnail for lists and a display size for pages. */
export const DERIVATIVE_SIZES = { thumb: 256, display: 1600 } as const;
export type DerivativeName = keyof typeof DERIVATIVE_SIZES;
export type Derivatives = Partial<
  Record<DerivativeName | 'pyramid', { key: string; width: number; height: number }>
>;

export type Media = z.infer<typeof mediaOutput> & { storageKey: string; derivatives: Derivatives | null };

/** What a client may state about an upload: the digest it expects (hex SHA-256) and the file's name. */
export const uploadMeta = z
  .object({
    expectedSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { message: 'a SHA-256 in hexadecimal' })
      .optional(),
    // A name is kept as a label only; one that names a path is refused all the same, to say so.
    originalName: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .refine(
        (n) => !/[/\\]/.test(n) && ![...n].some((ch) => ch.charCodeAt(0) < 32) && n !== '.' && n !== '..',
        { message: 'a file name without slashes, backslashes or control characters' },
      )
      .optional(),
  })
  .strict();

export interface FixityReport {
  checked: number;
  ok: number;
  changed: { mediaId: string; storageKey: string }[];
  missing: { mediaId: string; storageKey: string }[];
  /** Originals no record names, too recent to set aside (an upload may be on its way). */
  untracked: string[];
  /** Originals no record names, moved to `orphans/` (their process died before recording them). */
  setAside: string[];
  /** Originals found missing and brought back from `orphans/`. */
  restored: { mediaId: string; storageKey: string }[];
}

/** File names of a batch (a folder or the contents of a ZIP), to match before uploading. */
export const matchInput = z
  .object({ files: z.array(z.string().trim().min(1).max(500)).min(1).max(20_000) })
  .strict();

export const BATCH_STATUSES = ['staged', 'saving', 'saved', 'dropped'] as const;
/** One file of a staged batch: where it is in the archive, and the object its name stands for. */
export const batchEntry = z.object({
  path: z.string(),
  file: z.string(),
  size: z.number(),
  accessionNumber: z.string().nullable(),
  objectId: z.string().nullable(),
  /** Once saved: the image made from it, or why it was refused. */
  mediaId: z.string().nullable().optional(),
  duplicate: z.boolean().optional(),
  error: z.string().optional(),
});
export const batchOutput = z.object({
  id: z.string(),
  status: z.enum(BATCH_STATUSES),
  createdAt: z.string(),
  createdBy: z.string(),
  entries: z.array(batchEntry),
});
export type BatchEntry = z.infer<typeof batchEntry>;
export type Batch = z.infer<typeof batchOutput> & { storageKey: string };
