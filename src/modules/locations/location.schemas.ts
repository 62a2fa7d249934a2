import { z } from 'zod';
import { langValue } from '../common/values.schemas.js';

/** Levels of a museum's storage, from the site down to a box; reserves are storerooms. */
export const LOCATION_KINDS = [
  'site',
  'building',
  'room',
  'reserve',
  'gallery',
  'unit',
  'case',
  'shelf',
  'drawer',
  'box',
] as const;
/** Why an object moved (Spectrum: location and movement control). */
export const MOVE_REASONS = [
  'storage',
  'exhibition',
  'conservation',
  'photography',
  'research',
  'loan',
  'inventory',
  'packing',
  'other',
] as const;

export const locationInput = z
  .object({
    parentId: z.string().uuid().nullable().optional(),
    kind: z.enum(LOCATION_KINDS),
    code: z.string().trim().min(1).max(64),
    names: z.array(langValue).min(1).max(20),
    notes: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();
export type LocationInput = z.infer<typeof locationInput>;

export const locationOutput = z.object({
  id: z.string(),
  museumId: z.string(),
  parentId: z.string().nullable(),
  path: z.string(),
  kind: z.enum(LOCATION_KINDS),
  code: z.string(),
  names: z.array(langValue),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Location = z.infer<typeof locationOutput>;

/** Moves one object or a selection, named by id or by accession number (as scanned or typed). */
export const moveInput = z
  .object({
    to: z.string().uuid(),
    objectIds: z.array(z.string().uuid()).max(10_000).optional(),
    accessionNumbers: z.array(z.string().trim().min(1).max(64)).max(10_000).optional(),
    reason: z.enum(MOVE_REASONS),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((v) => (v.objectIds?.length ?? 0) + (v.accessionNumbers?.length ?? 0) > 0, {
    path: ['accessionNumbers'],
    message: 'name at least one object',
  });
export type MoveInput = z.infer<typeof moveInput>;

export const movementOutput = z.object({
  id: z.string(),
  objectId: z.string(),
  from: z.object({ id: z.string(), code: z.string() }).nullable(),
  to: z.object({ id: z.string(), code: z.string() }),
  movedAt: z.string(),
  movedBy: z.string(),
  reason: z.enum(MOVE_REASONS),
  note: z.string().nullable(),
  batchId: z.string(),
});
export type Movement = z.infer<typeof movementOutput>;

export const locationObjectsQuery = z
  .object({
    /** Include everything in the locations below this one. */
    deep: z.enum(['0', '1']).default('1'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export interface LocatedObject {
  id: string;
  accessionNumber: string;
  titles: { lang: string; value: string }[];
  locationId: string;
  locationCode: string;
  movedAt: string;
}
