import { z } from 'zod';
import { isoDate } from '../common/values.schemas.js';

export const DISPOSAL_METHODS = [
  'transfer',
  'return_to_owner',
  'repatriation',
  'exchange',
  'sale',
  'destruction',
  'other',
] as const;
export const DEACCESSION_STATUSES = ['proposed', 'approved', 'refused', 'completed'] as const;

export const deaccessionInput = z
  .object({
    objectIds: z.array(z.string().uuid()).min(1).max(1000),
    reason: z.string().trim().min(1).max(10_000),
    disposalMethod: z.enum(DISPOSAL_METHODS),
    recipient: z.string().trim().max(300).optional(),
  })
  .strict();

export const deaccessionDecision = z
  .object({ decision: z.enum(['approved', 'refused']), note: z.string().trim().max(5000).optional() })
  .strict();

export const deaccessionOutput = z.object({
  id: z.string(),
  status: z.enum(DEACCESSION_STATUSES),
  reason: z.string(),
  disposalMethod: z.enum(DISPOSAL_METHODS),
  recipient: z.string().nullable(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  completedAt: z.string().nullable(),
  version: z.number(),
  objectIds: z.array(z.string()),
});
export type Deaccession = z.infer<typeof deaccessionOutput>;

export const INCIDENT_KINDS = ['damage', 'loss', 'theft'] as const;

export const incidentInput = z
  .object({
    kind: z.enum(INCIDENT_KINDS),
    occurredOn: isoDate.optional(),
    discoveredOn: isoDate,
    circumstances: z.string().trim().min(1).max(10_000),
    actionTaken: z.string().trim().max(10_000).optional(),
  })
  .strict();

export const incidentResolution = z
  .object({ resolvedOn: isoDate, actionTaken: z.string().trim().max(10_000).optional() })
  .strict();

export const incidentOutput = z.object({
  id: z.string(),
  objectId: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  occurredOn: z.string().nullable(),
  discoveredOn: z.string(),
  circumstances: z.string(),
  actionTaken: z.string().nullable(),
  reportedBy: z.string(),
  resolvedOn: z.string().nullable(),
  createdAt: z.string(),
});
export type Incident = z.infer<typeof incidentOutput>;
