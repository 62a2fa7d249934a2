import { z } from 'zod';
import { isoDate } from '../common/values.schemas.js';

/** The fixed scale of overall condition. */
export const CONDITIONS = ['good', 'fair', 'poor', 'unacceptable'] as const;
export const CHECK_CONTEXTS = [
  'routine',
  'entry',
  'loan_out_dispatch',
  'loan_out_return',
  'loan_in',
  'exhibition',
  'conservation',
  'inventory',
  'damage',
] as const;
export const DAMAGE_TYPES = [
  'abrasion',
  'corrosion',
  'crack',
  'deformation',
  'discolouration',
  'fading',
  'flaking',
  'insect_damage',
  'loss',
  'mould',
  'stain',
  'tear',
  'water_damage',
  'other',
] as const;
export const SEVERITIES = ['minor', 'moderate', 'severe'] as const;

export const conditionInput = z
  .object({
    checkedOn: isoDate,
    context: z.enum(CHECK_CONTEXTS),
    overall: z.enum(CONDITIONS),
    damages: z
      .array(
        z
          .object({
            type: z.enum(DAMAGE_TYPES),
            severity: z.enum(SEVERITIES),
            location: z.string().trim().max(300).optional(),
            note: z.string().trim().max(2000).optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    note: z.string().trim().max(5000).optional(),
    /** Images of the object (already added to it) that show its condition. */
    mediaIds: z.array(z.string().uuid()).max(50).optional(),
  })
  .strict();

export const conditionOutput = z.object({
  id: z.string(),
  objectId: z.string(),
  checkedOn: z.string(),
  checker: z.string(),
  context: z.enum(CHECK_CONTEXTS),
  overall: z.enum(CONDITIONS),
  damages: z.array(
    z.object({
      type: z.enum(DAMAGE_TYPES),
      severity: z.enum(SEVERITIES),
      location: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  note: z.string().nullable(),
  createdAt: z.string(),
  mediaIds: z.array(z.string()),
});
export type ConditionCheck = z.infer<typeof conditionOutput>;

/** A treatment moves proposed → approved → in progress → completed, or is cancelled before completion. */
export const TREATMENT_STATUSES = ['proposed', 'approved', 'in_progress', 'completed', 'cancelled'] as const;
export type TreatmentStatus = (typeof TREATMENT_STATUSES)[number];
export const TREATMENT_STEPS: Record<TreatmentStatus, TreatmentStatus[]> = {
  proposed: ['approved', 'cancelled'],
  approved: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export const treatmentProposal = z.object({ proposal: z.string().trim().min(1).max(10_000) }).strict();

export const treatmentStep = z
  .object({
    to: z.enum(['approved', 'in_progress', 'completed', 'cancelled']),
    on: isoDate.optional(),
    materials: z
      .array(
        z
          .object({ name: z.string().trim().min(1).max(300), note: z.string().trim().max(1000).optional() })
          .strict(),
      )
      .max(100)
      .optional(),
    report: z.string().trim().max(20_000).optional(),
    recommendations: z.string().trim().max(10_000).optional(),
    /** Images of the object before the work (on starting it) and after (on completing it). */
    beforeImages: z.array(z.string().uuid()).max(50).optional(),
    afterImages: z.array(z.string().uuid()).max(50).optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();

export const treatmentOutput = z.object({
  id: z.string(),
  objectId: z.string(),
  status: z.enum(TREATMENT_STATUSES),
  proposal: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  startedOn: z.string().nullable(),
  completedOn: z.string().nullable(),
  materials: z.array(z.object({ name: z.string(), note: z.string().optional() })),
  report: z.string().nullable(),
  recommendations: z.string().nullable(),
  beforeImages: z.array(z.string()),
  afterImages: z.array(z.string()),
  updatedAt: z.string(),
  version: z.number(),
});
export type Treatment = z.infer<typeof treatmentOutput>;
