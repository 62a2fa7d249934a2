import { z } from 'zod';

export const VERBS = [
  'Identify',
  'ListMetadataFormats',
  'ListSets',
  'ListIdentifiers',
  'ListRecords',
  'GetRecord',
] as const;
export type Verb = (typeof VERBS)[number];

/** Each verb's arguments (OAI-PMH 2.0 §4): required, optional, and the exclusive resumption token. */
export const ARGUMENTS: Record<Verb, { required: string[]; optional: string[]; token: boolean }> = {
  Identify: { required: [], optional: [], token: false },
  ListMetadataFormats: { required: [], optional: ['identifier'], token: false },
  ListSets: { required: [], optional: [], token: true },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], token: true },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], token: true },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [], token: false },
};

/**
 * What a resumption token carries: the request it continues and where the last page ended. It is
 * the whole state of a harvest, so it survives a restart and any app server can take it up.
 */
export const resumption = z
  .object({
    v: z.literal(1),
    p: z.string().max(40),
    s: z.string().max(200).nullable(),
    f: z.string().max(40).nullable(),
    u: z.string().max(40).nullable(),
    a: z.tuple([z.string().max(40), z.string().max(60)]),
    c: z.number().int().min(0),
  })
  .strict();
export type Resumption = z.infer<typeof resumption>;

export const encodeToken = (t: Resumption) => Buffer.from(JSON.stringify(t)).toString('base64url');
export function decodeToken(s: string): Resumption | null {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(s)) return null;
  try {
    const r = resumption.safeParse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * A `from` or `until` as an inclusive bound on stored ISO timestamps (milliseconds), with its
 * granularity; null when it is not a real date in either granularity.
 */
export function dateBound(
  value: string,
  end: boolean,
): { iso: string; granularity: 'day' | 'second' } | null {
  const granularity = DAY.test(value) ? 'day' : SECOND.test(value) ? 'second' : null;
  if (!granularity) return null;
  const iso =
    granularity === 'day'
      ? `${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`
      : `${value.slice(0, 19)}.${end ? '999' : '000'}Z`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) || d.toISOString() !== iso ? null : { iso, granularity };
}
