import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { newId } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';
import { reusable } from '../../db/reusable.js';
import { pickLang, readJson } from '../common/values.schemas.js';
import {
  type Invitation,
  type Member,
  type Museum,
  type MuseumProfile,
  museumProfile,
} from './museum.schemas.js';

/** Every public page of a museum starts here. */
const BY_SLUG = reusable(
  (db: Kysely<DB>, slug: string) => db.selectFrom('museum').selectAll().where('slug', '=', slug),
  { keyed: true },
);

/**
 * Museums with their better-auth organization, members and invitations. A museum row and its
 * organization row are written together, so a museum always has one.
 */
export class MuseumRepository {
  async insert(db: Kysely<DB>, m: Museum): Promise<void> {
    await db
      .insertInto('organization')
      .values({
        id: m.id,
        name: pickLang(m.names, ['en', 'fr', 'ar'])?.value ?? m.slug,
        slug: m.slug,
        createdAt: m.createdAt,
        logo: null,
        metadata: null,
      })
      .execute();
    await db
      .insertInto('museum')
      .values({
        id: m.id,
        slug: m.slug,
        names: JSON.stringify(m.names),
        country_code: m.countryCode,
        city: m.city,
        default_language: m.defaultLanguage,
        profile: JSON.stringify(m.profile),
        created_at: m.createdAt,
        updated_at: m.updatedAt,
      })
      .execute();
  }

  async updateProfile(db: Kysely<DB>, id: string, profile: MuseumProfile, at: string): Promise<void> {
    await db
      .updateTable('museum')
      .set({ profile: JSON.stringify(profile), updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** Marks a museum as filled by a harvest source: its records are then read-only but to the harvester. */
  async setHarvestedFrom(db: Kysely<DB>, museumId: string, sourceId: string): Promise<void> {
    await db.updateTable('museum').set({ harvested_from: sourceId }).where('id', '=', museumId).execute();
  }

  async harvestedFrom(db: Kysely<DB>, museumId: string): Promise<string | null> {
    return (
      (await db.selectFrom('museum').select('harvested_from').where('id', '=', museumId).executeTakeFirst())
        ?.harvested_from ?? null
    );
  }

  async findBySlug(db: Kysely<DB>, slug: string): Promise<Museum | undefined> {
    const r = await BY_SLUG.first(db, slug);
    return r ? toMuseum(r) : undefined;
  }

  async findById(db: Kysely<DB>, id: string): Promise<Museum | undefined> {
    const r = await db.selectFrom('museum').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toMuseum(r) : undefined;
  }

  async slugTaken(db: Kysely<DB>, slug: string): Promise<boolean> {
    const a = await db.selectFrom('museum').select('id').where('slug', '=', slug).executeTakeFirst();
    const b = await db.selectFrom('organization').select('id').where('slug', '=', slug).executeTakeFirst();
    return a !== undefined || b !== undefined;
  }

  async list(db: Kysely<DB>, ids?: readonly string[]): Promise<Museum[]> {
    if (ids && ids.length === 0) return [];
    let q = db.selectFrom('museum').selectAll();
    if (ids) q = q.where('id', 'in', [...ids]);
    return (await q.orderBy('slug').execute()).map(toMuseum);
  }

  /** A person's role in each museum where they are not suspended, with the roles each museum lets read its valuations. */
  async rolesOf(
    db: Kysely<DB>,
    userId: string,
  ): Promise<{ museumId: string; role: string; valuationReaders: string[] }[]> {
    const rows = await db
      .selectFrom('member')
      .leftJoin('museum', 'museum.id', 'member.organizationId')
      .leftJoin('member_suspension as s', (j) =>
        j.onRef('s.museum_id', '=', 'member.organizationId').onRef('s.user_id', '=', 'member.userId'),
      )
      .select([
        'member.organizationId as museumId',
        'member.role as role',
        'museum.valuation_readers as readers',
      ])
      .where('member.userId', '=', userId)
      .where('s.user_id', 'is', null)
      .execute();
    return rows.map((r) => ({
      museumId: r.museumId,
      role: r.role,
      valuationReaders: readJson<string[]>(r.readers, []),
    }));
  }

  /** The member states whose directory a person reviews (their network role). */
  async focalPointsOf(db: Kysely<DB>, userId: string): Promise<string[]> {
    return (
      await db.selectFrom('focal_point').select('country_iso2').where('user_id', '=', userId).execute()
    ).map((r) => r.country_iso2);
  }

  /** A museum's names, state and city (a directory change, once accepted). */
  async updateIdentity(
    db: Kysely<DB>,
    id: string,
    v: { names: { lang: string; value: string }[]; countryCode: string | null; city: string | null },
    at: string,
  ): Promise<void> {
    await db
      .updateTable('museum')
      .set({ names: JSON.stringify(v.names), country_code: v.countryCode, city: v.city, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async valuationReaders(db: Kysely<DB>, museumId: string): Promise<string[]> {
    const r = await db
      .selectFrom('museum')
      .select('valuation_readers')
      .where('id', '=', museumId)
      .executeTakeFirst();
    return readJson<string[]>(r?.valuation_readers, []);
  }

  async setValuationReaders(db: Kysely<DB>, museumId: string, roles: readonly string[]): Promise<void> {
    await db
      .updateTable('museum')
      .set({ valuation_readers: JSON.stringify(roles) })
      .where('id', '=', museumId)
      .execute();
  }

  async members(db: Kysely<DB>, museumId: string): Promise<Member[]> {
    const rows = await db
      .selectFrom('member')
      .innerJoin('user', 'user.id', 'member.userId')
      .leftJoin('member_suspension as s', (j) =>
        j.onRef('s.museum_id', '=', 'member.organizationId').onRef('s.user_id', '=', 'member.userId'),
      )
      .select(['user.id', 'user.name', 'user.email', 'member.role', 'member.createdAt', 's.suspended_at'])
      .where('member.organizationId', '=', museumId)
      .orderBy('user.name')
      .execute();
    return rows.map((r) => ({
      userId: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      since: String(r.createdAt),
      suspendedAt: r.suspended_at ?? null,
    }));
  }

  /** A person's place in one museum, suspended or not, if they have one. */
  async membership(
    db: Kysely<DB>,
    museumId: string,
    userId: string,
  ): Promise<{ role: string; suspended: boolean } | undefined> {
    const r = await db
      .selectFrom('member')
      .leftJoin('member_suspension as s', (j) =>
        j.onRef('s.museum_id', '=', 'member.organizationId').onRef('s.user_id', '=', 'member.userId'),
      )
      .select(['member.role', 's.user_id as suspended'])
      .where('member.organizationId', '=', museumId)
      .where('member.userId', '=', userId)
      .executeTakeFirst();
    return r ? { role: r.role, suspended: r.suspended !== null } : undefined;
  }

  async suspend(db: Kysely<DB>, museumId: string, userId: string, by: string, at: string): Promise<void> {
    await db
      .insertInto('member_suspension')
      .values({ museum_id: museumId, user_id: userId, suspended_at: at, suspended_by: by })
      .execute();
  }

  async reinstate(db: Kysely<DB>, museumId: string, userId: string): Promise<void> {
    await db
      .deleteFrom('member_suspension')
      .where('museum_id', '=', museumId)
      .where('user_id', '=', userId)
      .execute();
  }

  async addMember(
    db: Kysely<DB>,
    museumId: string,
    userId: string,
    role: string,
    now: string,
  ): Promise<void> {
    await db
      .insertInto('member')
      .values({ id: newId(), organizationId: museumId, userId, role, createdAt: now })
      .execute();
  }

  async setRole(db: Kysely<DB>, museumId: string, userId: string, role: string): Promise<void> {
    await db
      .updateTable('member')
      .set({ role })
      .where('organizationId', '=', museumId)
      .where('userId', '=', userId)
      .execute();
  }

  async findUserByEmail(db: Kysely<DB>, email: string) {
    return db
      .selectFrom('user')
      .select(['id', 'name', 'email', 'platformRole'])
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  async findUserById(db: Kysely<DB>, id: string) {
    return db
      .selectFrom('user')
      .select(['id', 'name', 'email', 'platformRole'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async hasPlatformAdmin(db: Kysely<DB>): Promise<boolean> {
    return (
      (await db
        .selectFrom('user')
        .select('id')
        .where('platformRole', '=', 'admin')
        .limit(1)
        .executeTakeFirst()) !== undefined
    );
  }

  async setPlatformRole(db: Kysely<DB>, userId: string, role: string | null): Promise<void> {
    await db.updateTable('user').set({ platformRole: role }).where('id', '=', userId).execute();
  }

  /**
   * A pending invitation in better-auth's table; its id is the secret of the invitation link,
   * so it is 192 random bits rather than a guessable id.
   */
  async createInvitation(
    db: Kysely<DB>,
    i: { museumId: string; email: string; role: string; inviterId: string; now: string; expiresAt: string },
  ): Promise<Invitation> {
    const id = randomBytes(24).toString('base64url');
    await db
      .insertInto('invitation')
      .values({
        id,
        organizationId: i.museumId,
        email: i.email,
        role: i.role,
        status: 'pending',
        expiresAt: i.expiresAt,
        createdAt: i.now,
        inviterId: i.inviterId,
      })
      .execute();
    return {
      id,
      museumId: i.museumId,
      email: i.email,
      role: i.role,
      status: 'pending',
      expiresAt: i.expiresAt,
    };
  }

  async findInvitation(db: Kysely<DB>, id: string): Promise<Invitation | undefined> {
    const r = await db.selectFrom('invitation').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toInvitation(r) : undefined;
  }

  async pendingInvitations(db: Kysely<DB>, museumId: string): Promise<Invitation[]> {
    const rows = await db
      .selectFrom('invitation')
      .selectAll()
      .where('organizationId', '=', museumId)
      .where('status', '=', 'pending')
      .execute();
    return rows.map(toInvitation);
  }

  async markInvitation(db: Kysely<DB>, id: string, status: 'accepted' | 'canceled'): Promise<void> {
    await db.updateTable('invitation').set({ status }).where('id', '=', id).execute();
  }
}

/**
 * Profiles as read, by their stored JSON: every public page reads its museum, and checking its
 * profile again each time cost more than the rest of the row. Frozen, since they are shared.
 */
const profiles = new Map<string, MuseumProfile>();
function profileOf(json: string): MuseumProfile {
  let profile = profiles.get(json);
  if (!profile) {
    profile = frozen(museumProfile.parse(readJson(json, {})));
    if (profiles.size >= 1000) profiles.clear();
    profiles.set(json, profile);
  }
  return profile;
}

function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

function toMuseum(r: {
  id: string;
  slug: string;
  names: string;
  country_code: string | null;
  city: string | null;
  default_language: string;
  profile: string;
  harvested_from: string | null;
  created_at: string;
  updated_at: string;
}): Museum {
  return {
    id: r.id,
    slug: r.slug,
    names: readJson(r.names, []),
    countryCode: r.country_code,
    city: r.city,
    defaultLanguage: r.default_language,
    profile: profileOf(r.profile),
    harvested: r.harvested_from !== null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toInvitation(r: Selectable<DB['invitation']>): Invitation {
  return {
    id: r.id,
    museumId: r.organizationId,
    email: r.email,
    role: r.role ?? 'readonly',
    status: r.status,
    expiresAt: new Date(r.expiresAt).toISOString(),
  };
}
