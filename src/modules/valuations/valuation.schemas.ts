import { z } from 'zod';
import { VALUATION_GRANTEES } from '../access/policy.js';
import { amount, currency, isoDate } from '../common/values.schemas.js';

export const VALUATION_REASONS = ['insurance', 'acquisition', 'loan', 'audit', 'disposal', 'other'] as const;

export const valuationInput = z
  .object({
    amount,
    currency,
    valuedOn: isoDate,
    valuer: z.string().trim().min(1).max(300),
    reason: z.enum(VALUATION_REASONS),
    note: z.string().trim().max(5000).optional(),
  })
  .strict();

export const valuationOutput = z.object({
  id: z.string(),
  objectId: z.string(),
  amount: z.string(),
  currency: z.string(),
  valuedOn: z.string(),
  valuer: z.string(),
  reason: z.enum(VALUATION_REASONS),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Valuation = z.infer<typeof valuationOutput>;

export const policyInput = z
  .object({
    kind: z.enum(['insurance', 'indemnity']),
    insurer: z.string().trim().min(1).max(300),
    policyNumber: z.string().trim().min(1).max(100),
    startsOn: isoDate,
    endsOn: isoDate,
    note: z.string().trim().max(5000).optional(),
    objects: z.array(z.object({ objectId: z.string().uuid(), amount, currency }).strict()).max(10_000),
  })
  .strict()
  .refine((v) => v.startsOn <= v.endsOn, { path: ['endsOn'], message: 'the policy ends before it starts' });

export const policyOutput = z.object({
  id: z.string(),
  kind: z.enum(['insurance', 'indemnity']),
  insurer: z.string(),
  policyNumber: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  note: z.string().nullable(),
  objects: z.array(z.object({ objectId: z.string(), amount: z.string(), currency: z.string() })),
});
export type Policy = z.infer<typeof policyOutput>;

/** The roles, besides directors and registrars, that the museum lets read its valuations and insurance. */
export const valuationReadersInput = z
  .object({
    roles: z.array(z.enum(VALUATION_GRANTEES as [string, ...string[]])).max(VALUATION_GRANTEES.length),
  })
  .strict();
