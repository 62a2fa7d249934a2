import { z } from 'zod';
import { langValue } from '../common/values.schemas.js';
import { MUSEUM_TYPES } from './directory.schemas.js';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** No link and no markup in a name or a city: what spam and scripts are made of. */
const plain = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/https?:\/\/|www\.|<|>/i.test(s), { message: 'plain text, without links or markup' });

/** What the directory says of a museum, as proposed: the facts a focal point checks before they go public. */
export const entryInput = z
  .object({
    names: z
      .array(langValue.extend({ value: plain(300) }))
      .min(1)
      .max(10),
    countryCode: z.string().regex(/^[A-Z]{2}$/, { message: 'an ISO 3166 country code such as MA' }),
    city: z.preprocess(blankToUndefined, plain(200).optional()),
    type: z.preprocess(blankToUndefined, z.enum(MUSEUM_TYPES).optional()),
    founded: z.preprocess(blankToUndefined, z.coerce.number().int().min(1000).max(2100).optional()),
    latitude: z.preprocess(blankToUndefined, z.coerce.number().min(-90).max(90).optional()),
    longitude: z.preprocess(blankToUndefined, z.coerce.number().min(-180).max(180).optional()),
    website: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .url()
        .max(300)
        .refine((u) => /^https?:\/\//.test(u), { message: 'an http or https address' })
        .optional(),
    ),
    wikidata: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^Q\d+$/, { message: 'a Wikidata id such as Q12345' })
        .optional(),
    ),
  })
  .strict()
  .refine((e) => (e.latitude === undefined) === (e.longitude === undefined), {
    message: 'latitude and longitude together',
    path: ['longitude'],
  });
export type EntryInput = z.infer<typeof entryInput>;

/** A museum not yet listed, proposed by anyone: its entry, and a contact the focal point may write to (never shown). */
export const publicProposalInput = z
  .object({
    entry: entryInput,
    contact: z.object({ name: plain(200), email: z.string().trim().toLowerCase().email().max(254) }).strict(),
    note: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(2000)
        .refine((s) => !/<\s*script|<\/?[a-z][^>]*>/i.test(s), { message: 'plain text, without markup' })
        .optional(),
    ),
  })
  .strict();

export const reviewInput = z
  .object({
    decision: z.enum(['accept', 'refuse']),
    /** The entry as the focal point leaves it (edited before accepting). */
    entry: entryInput.optional(),
    note: z.preprocess(blankToUndefined, z.string().trim().max(2000).optional()),
  })
  .strict();

export const focalPointInput = z
  .object({ email: z.string().trim().toLowerCase().email(), country: z.string().regex(/^[A-Z]{2}$/) })
  .strict();

export const PROPOSAL_STATUSES = ['pending', 'accepted', 'refused'] as const;
export interface Proposal {
  id: string;
  kind: 'new' | 'change';
  museumId: string | null;
  /** The address of the museum it changes (or that it made, once accepted). */
  museumSlug?: string | null;
  country: string;
  entry: EntryInput;
  /** Staff only: who to write to about a public proposal. */
  contact: { name: string; email: string } | null;
  note: string | null;
  proposedBy: string;
  status: (typeof PROPOSAL_STATUSES)[number];
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  createdAt: string;
}
