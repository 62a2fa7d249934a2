import { z } from 'zod';
import { isoDate, langValue } from '../common/values.schemas.js';

/** Why objects come in (Spectrum: object entry). */
export const ENTRY_REASONS = [
  'enquiry',
  'identification',
  'proposed_acquisition',
  'deposit',
  'loan_in',
  'conservation',
  'other',
] as const;
/** How an object was acquired. */
export const ACQUISITION_METHODS = [
  'gift',
  'purchase',
  'bequest',
  'field_collection',
  'transfer',
  'exchange',
  'found_in_collection',
] as const;

export const entryInput = z
  .object({
    enteredOn: isoDate,
    depositorId: z.string().uuid().optional(),
    depositorName: z.string().trim().min(1).max(300).optional(),
    /** Address, telephone or e-mail of the depositor: staff-only. */
    depositorContact: z.string().trim().max(1000).optional(),
    reason: z.enum(ENTRY_REASONS),
    returnBy: isoDate.optional(),
    note: z.string().trim().max(5000).optional(),
    objects: z
      .array(
        z
          .object({
            titles: z.array(langValue).min(1).max(10),
            descriptions: z.array(langValue).max(10).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict()
  .refine((v) => v.depositorId || v.depositorName, {
    path: ['depositorName'],
    message: 'name the depositor',
  });

export interface Entry {
  id: string;
  museumId: string;
  number: string;
  enteredOn: string;
  depositorId: string | null;
  depositorName: string | null;
  depositorContact: string | null;
  reason: (typeof ENTRY_REASONS)[number];
  returnBy: string | null;
  note: string | null;
  status: 'open' | 'accessioned' | 'returned';
  createdAt: string;
  updatedAt: string;
  version: number;
  objects: {
    id: string;
    accessionNumber: string;
    titles: { lang: string; value: string }[];
    collectionStatus: string;
  }[];
}

export const acquisitionInput = z
  .object({
    method: z.enum(ACQUISITION_METHODS),
    acquiredOn: isoDate,
    sourceId: z.string().uuid().optional(),
    sourceName: z.string().trim().min(1).max(300).optional(),
    decision: z
      .object({
        body: z.string().trim().min(1).max(300),
        date: isoDate.optional(),
        reference: z.string().trim().max(200).optional(),
      })
      .strict(),
    documents: z
      .array(
        z
          .object({
            title: z.string().trim().min(1).max(300),
            reference: z.string().trim().max(300).optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    creditLine: z.array(langValue).max(10).optional(),
    note: z.string().trim().max(5000).optional(),
    objectIds: z.array(z.string().uuid()).min(1).max(1000),
  })
  .strict();

export interface Acquisition {
  id: string;
  museumId: string;
  reference: string;
  method: (typeof ACQUISITION_METHODS)[number];
  acquiredOn: string;
  sourceId: string | null;
  sourceName: string | null;
  decision: { body: string; date?: string; reference?: string };
  documents: { title: string; reference?: string }[];
  creditLine: { lang: string; value: string }[];
  note: string | null;
  createdAt: string;
  items: { objectId: string; accessionNumber: string; titles: { lang: string; value: string }[] }[];
}

export const registerQuery = z
  .object({ year: z.coerce.number().int().min(1000).max(3000).optional() })
  .strict();

export interface RegisterLine {
  accessionNumber: string;
  objectId: string;
  titles: { lang: string; value: string }[];
  accessionedAt: string | null;
  reference: string;
  method: string;
  acquiredOn: string;
  source: string | null;
  creditLine: { lang: string; value: string }[];
}

export const numberingInput = z
  .object({
    accessionPattern: z
      .string()
      .trim()
      .regex(/^(?=.*\{seq\})(?=.*\{item\})\S{1,60}$/, {
        message: 'a pattern with {seq} and {item}, such as {year}.{seq}.{item}',
      }),
    entryPattern: z
      .string()
      .trim()
      .regex(/^(?=.*\{seq\})\S{1,60}$/, { message: 'a pattern with {seq}, such as E{year}.{seq}' }),
  })
  .strict();
