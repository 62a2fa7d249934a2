import { z } from 'zod';
import { isoDate, langValue, money } from '../common/values.schemas.js';

export const LOAN_PURPOSES = ['exhibition', 'research', 'conservation', 'photography', 'other'] as const;
export const LOAN_STATUSES = [
  'requested',
  'under_review',
  'approved',
  'agreement_signed',
  'dispatched',
  'on_loan',
  'returned',
  'closed',
  'refused',
  'cancelled',
] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

/** Who moves a loan from one state to the next: the lender's side or the borrower's. */
export const LOAN_STEPS: Record<LoanStatus, Partial<Record<LoanStatus, 'lender' | 'borrower' | 'either'>>> = {
  requested: { under_review: 'lender', refused: 'lender', cancelled: 'either' },
  under_review: { approved: 'lender', refused: 'lender', cancelled: 'either' },
  approved: { agreement_signed: 'lender', cancelled: 'either' },
  agreement_signed: { dispatched: 'lender', cancelled: 'either' },
  dispatched: { on_loan: 'borrower' },
  on_loan: { returned: 'lender' },
  returned: { closed: 'lender' },
  closed: {},
  refused: {},
  cancelled: {},
};

export const venue = z
  .object({
    name: z.string().trim().min(1).max(300),
    city: z.string().trim().max(200).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    startsOn: isoDate.optional(),
    endsOn: isoDate.optional(),
  })
  .strict();

/**
 * A new loan, from either side. `lenderMuseum` and `borrowerMuseum` are museum addresses (slugs)
 * on this platform; one of them may be left out and named in `externalParty` instead.
 */
export const loanInput = z
  .object({
    lenderMuseum: z.string().trim().min(1).max(64).optional(),
    borrowerMuseum: z.string().trim().min(1).max(64).optional(),
    externalParty: z.string().trim().min(1).max(500).optional(),
    purpose: z.enum(LOAN_PURPOSES),
    title: z.string().trim().min(1).max(500),
    venues: z.array(venue).max(20).optional(),
    startsOn: isoDate,
    endsOn: isoDate,
    requestNote: z.string().trim().max(10_000).optional(),
    conditions: z.string().trim().max(10_000).optional(),
    couriers: z
      .array(
        z
          .object({ name: z.string().trim().min(1).max(300), note: z.string().trim().max(1000).optional() })
          .strict(),
      )
      .max(20)
      .optional(),
  })
  .strict()
  .refine((v) => v.startsOn <= v.endsOn, { path: ['endsOn'], message: 'the loan ends before it starts' })
  .refine((v) => (v.lenderMuseum ? 1 : 0) + (v.borrowerMuseum ? 1 : 0) + (v.externalParty ? 1 : 0) === 2, {
    path: ['externalParty'],
    message:
      'name the lender and the borrower: two museums of the platform, or one and an outside institution',
  });

export const loanObjectsInput = z
  .object({
    objects: z
      .array(z.object({ objectId: z.string().uuid(), insuranceValue: money.optional() }).strict())
      .max(1000),
  })
  .strict();

export const loanStep = z
  .object({
    to: z.enum(LOAN_STATUSES),
    agreement: z
      .object({ reference: z.string().trim().min(1).max(300), signedOn: isoDate })
      .strict()
      .optional(),
    note: z.string().trim().max(5000).optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();

export interface LoanObject {
  objectId: string;
  accessionNumber: string;
  titles: z.infer<typeof langValue>[];
  /** Only for those allowed to see valuations in their own museum. */
  insuranceValue?: { amount: string; currency: string };
}

export interface Loan {
  id: string;
  number: string;
  lenderMuseumId: string | null;
  borrowerMuseumId: string | null;
  externalParty: string | null;
  /** The names of the two museums (public, as in the directory); empty for an outside party. */
  lenderNames: z.infer<typeof langValue>[];
  borrowerNames: z.infer<typeof langValue>[];
  purpose: (typeof LOAN_PURPOSES)[number];
  title: string;
  venues: z.infer<typeof venue>[];
  startsOn: string;
  endsOn: string;
  status: LoanStatus;
  requestNote: string | null;
  conditions: string | null;
  couriers: { name: string; note?: string }[];
  agreement: { reference: string; signedOn: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  objects: LoanObject[];
}

export const loanOutput = z.object({
  id: z.string(),
  number: z.string(),
  lenderMuseumId: z.string().nullable(),
  borrowerMuseumId: z.string().nullable(),
  externalParty: z.string().nullable(),
  lenderNames: z.array(langValue),
  borrowerNames: z.array(langValue),
  purpose: z.enum(LOAN_PURPOSES),
  title: z.string(),
  venues: z.array(venue),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(LOAN_STATUSES),
  requestNote: z.string().nullable(),
  conditions: z.string().nullable(),
  couriers: z.array(z.object({ name: z.string(), note: z.string().optional() })),
  agreement: z.object({ reference: z.string(), signedOn: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  objects: z.array(
    z.object({
      objectId: z.string(),
      accessionNumber: z.string(),
      titles: z.array(langValue),
      insuranceValue: money.optional(),
    }),
  ),
});
