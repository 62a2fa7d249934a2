import { z } from 'zod';
import { isoDate } from '../common/values.schemas.js';

/** Why objects leave the museum (Spectrum: object exit). */
export const EXIT_REASONS = [
  'return_of_deposit',
  'return_of_loan_in',
  'loan_out',
  'disposal',
  'conservation',
  'other',
] as const;

export const exitInput = z
  .object({
    exitOn: isoDate,
    reason: z.enum(EXIT_REASONS),
    recipient: z.string().trim().min(1).max(500),
    note: z.string().trim().max(5000).optional(),
    accessionNumbers: z.array(z.string().trim().min(1).max(64)).min(1).max(1000),
  })
  .strict();

export const exitOutput = z.object({
  id: z.string(),
  number: z.string(),
  exitOn: z.string(),
  reason: z.enum(EXIT_REASONS),
  recipient: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  objects: z.array(
    z.object({
      id: z.string(),
      accessionNumber: z.string(),
      titles: z.array(z.object({ lang: z.string(), value: z.string() })),
    }),
  ),
});
export type ObjectExit = z.infer<typeof exitOutput>;
