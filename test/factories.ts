import { randomBytes } from 'node:crypto';
import type { Actor, MuseumRole } from '../src/modules/access/roles.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';
import type { Authority } from '../src/modules/authorities/authority.schemas.js';
import type { Museum } from '../src/modules/museums/museum.schemas.js';
import type { Services } from '../src/services.js';

const uniq = () => randomBytes(4).toString('hex');

export async function makeMuseum(s: Services, slug = `museum-${uniq()}`): Promise<Museum> {
  return s.museums.create(SYSTEM_ACTOR, {
    slug,
    names: [
      { lang: 'en', value: `Museum ${slug}` },
      { lang: 'ar', value: `متحف ${slug}` },
    ],
    countryCode: 'MA',
    defaultLanguage: 'ar',
  });
}

export const TEST_PASSWORD = 'correct-horse-battery';

/** A person with an account and, when given, a role in a museum; returns their actor. */
export async function makeUser(
  s: Services,
  opts: { museum?: Museum; role?: MuseumRole; admin?: boolean; email?: string } = {},
): Promise<Actor> {
  const email = opts.email ?? `user-${uniq()}@example.org`;
  const userId = await s.museums.createAccount({
    name: `Test ${email.split('@')[0]}`,
    email,
    password: TEST_PASSWORD,
  });
  if (opts.admin) await s.museums.makePlatformAdmin(userId);
  if (opts.museum) await s.museums.addMember(SYSTEM_ACTOR, opts.museum.id, userId, opts.role ?? 'curator');
  const actor = await s.actors.forUser(userId);
  if (!actor) throw new Error('user not created');
  return actor;
}

export async function makeConcept(
  s: Services,
  scheme: string,
  en: string,
  ar?: string,
  museumId: string | null = null,
): Promise<Authority> {
  return s.authorities.create(SYSTEM_ACTOR, museumId, {
    type: 'concept',
    scheme,
    labels: [{ lang: 'en', value: en, preferred: true }, ...(ar ? [{ lang: 'ar', value: ar }] : [])],
    shared: museumId === null,
  });
}

export async function makePerson(
  s: Services,
  en: string,
  ar?: string,
  museumId: string | null = null,
): Promise<Authority> {
  return s.authorities.create(SYSTEM_ACTOR, museumId, {
    type: 'person',
    labels: [{ lang: 'en', value: en, preferred: true }, ...(ar ? [{ lang: 'ar', value: ar }] : [])],
    shared: museumId === null,
  });
}

/** A minimal valid object input. */
export function objectInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accessionNumber: `T.${uniq()}`,
    titles: [
      { lang: 'ar', value: 'مصحف شريف' },
      { lang: 'en', value: "Qur'an" },
    ],
    ...over,
  };
}

/** Every row of the tables a write can touch, to show that a refused write changed nothing. */
export async function snapshot(s: Services): Promise<string> {
  const db = s.database.db;
  const tables = [
    'object',
    'object_date',
    'object_link',
    'authority',
    'audit_event',
    'museum',
    'member',
    'location',
    'object_movement',
    'object_location',
    'number_sequence',
    'object_entry',
    'object_entry_item',
    'acquisition',
    'acquisition_item',
    'condition_check',
    'treatment',
    'valuation',
    'insurance_policy',
    'insured_object',
    'deaccession',
    'deaccession_item',
    'incident',
    'loan',
    'loan_object',
    'inventory',
    'inventory_item',
    'object_exit',
    'object_exit_item',
    'object_right',
    'reproduction_request',
    'media',
    'preservation_event',
    'job',
    'media_batch',
    'search_doc',
    'search_term',
    'object_withdrawn',
    'story',
  ] as const;
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await db.selectFrom(t).selectAll().execute();
  return JSON.stringify(out);
}
