import { z } from 'zod';
import { isoDate, money, rights as rightsUri } from '../common/values.schemas.js';

export const RIGHT_KINDS = [
  'copyright',
  'related_right',
  'moral_right',
  'donor_restriction',
  'cultural_protocol',
  'other',
] as const;

export const rightInput = z
  .object({
    kind: z.enum(RIGHT_KINDS),
    holder: z.string().trim().min(1).max(500),
    licence: rightsUri.optional(),
    restrictions: z.string().trim().max(5000).optional(),
    startsOn: isoDate.optional(),
    endsOn: isoDate.optional(),
    /** One of the object's images, when the right bears on that image rather than on the object. */
    mediaId: z.string().uuid().optional(),
  })
  .strict();

export const rightOutput = z.object({
  id: z.string(),
  objectId: z.string(),
  kind: z.enum(RIGHT_KINDS),
  holder: z.string(),
  licence: z.string().nullable(),
  restrictions: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  createdAt: z.string(),
  mediaId: z.string().nullable(),
});
export type ObjectRight = z.infer<typeof rightOutput>;

export const REPRODUCTION_PURPOSES = [
  'publication',
  'exhibition',
  'research',
  'education',
  'commercial',
  'media',
  'other',
] as const;
export const REPRODUCTION_STATUSES = [
  'received',
  'under_review',
  'approved',
  'delivered',
  'closed',
  'refused',
] as const;
export type ReproductionStatus = (typeof REPRODUCTION_STATUSES)[number];
export const REPRODUCTION_STEPS: Record<ReproductionStatus, ReproductionStatus[]> = {
  received: ['under_review', 'refused'],
  under_review: ['approved', 'refused'],
  approved: ['delivered'],
  delivered: ['closed'],
  closed: [],
  refused: [],
};

export const requestInput = z
  .object({
    requester: z.string().trim().min(1).max(300),
    /** Personal data of the requester: staff-only. */
    contact: z.string().trim().max(1000).optional(),
    purpose: z.enum(REPRODUCTION_PURPOSES),
    description: z.string().trim().min(1).max(10_000),
    accessionNumbers: z.array(z.string().trim().min(1).max(64)).min(1).max(500),
  })
  .strict();

export const requestStep = z
  .object({
    to: z.enum(REPRODUCTION_STATUSES),
    licence: rightsUri.optional(),
    fee: money.optional(),
  })
  .strict();

export const requestOutput = z.object({
  id: z.string(),
  requester: z.string(),
  contact: z.string().nullable(),
  purpose: z.enum(REPRODUCTION_PURPOSES),
  description: z.string(),
  objectIds: z.array(z.string()),
  status: z.enum(REPRODUCTION_STATUSES),
  licence: z.string().nullable(),
  fee: z.object({ amount: z.string(), currency: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type ReproductionRequest = z.infer<typeof requestOutput>;
