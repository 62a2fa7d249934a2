import { z } from 'zod';

export const ITEM_STATUSES = ['pending', 'found', 'misplaced', 'missing', 'unexpected'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** An inventory of a location (and everything inside it) or of a list of objects. */
export const inventoryInput = z
  .object({
    title: z.string().trim().min(1).max(300),
    locationId: z.string().uuid().optional(),
    accessionNumbers: z.array(z.string().trim().min(1).max(64)).max(100_000).optional(),
  })
  .strict()
  .refine((v) => Boolean(v.locationId) !== Boolean(v.accessionNumbers?.length), {
    path: ['locationId'],
    message: 'give a location or a list of accession numbers',
  });

/** An object checked off: where it was found. */
export const checkInput = z
  .object({
    accessionNumber: z.string().trim().min(1).max(64),
    foundAt: z.string().uuid(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

export const closeInput = z.object({ confirmLocations: z.boolean() }).strict();

export interface InventoryItem {
  objectId: string;
  accessionNumber: string;
  status: ItemStatus;
  expectedCode: string | null;
  foundCode: string | null;
  foundLocationId: string | null;
  checkedBy: string | null;
  note: string | null;
}

export interface Inventory {
  id: string;
  title: string;
  locationId: string | null;
  status: 'open' | 'closed';
  startedAt: string;
  startedBy: string;
  closedAt: string | null;
  confirmed: boolean;
  counts: Record<ItemStatus, number>;
  items: InventoryItem[];
}
