import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { EntryInput, Proposal } from './proposal.schemas.js';

/** Proposals to the directory and the focal points who review them; owns the SQL on `directory_proposal` and `focal_point`. */
export class ProposalRepository {
  async insert(db: Kysely<DB>, p: Proposal, proposedById: string | null): Promise<void> {
    await db
      .insertInto('directory_proposal')
      .values({
        id: p.id,
        kind: p.kind,
        museum_id: p.museumId,
        country_iso2: p.country,
        entry: JSON.stringify(p.entry),
        contact:
          p.contact || p.note
            ? JSON.stringify({ ...(p.contact ?? {}), ...(p.note ? { note: p.note } : {}) })
            : null,
        proposed_by: proposedById,
        proposed_by_label: p.proposedBy,
        status: p.status,
        reviewed_by_label: null,
        reviewed_at: null,
        review_note: null,
        created_at: p.createdAt,
      })
      .execute();
  }

  async find(db: Kysely<DB>, id: string): Promise<Proposal | undefined> {
    const r = await db
      .selectFrom('directory_proposal')
      .leftJoin('museum', 'museum.id', 'directory_proposal.museum_id')
      .selectAll('directory_proposal')
      .select('museum.slug as museum_slug')
      .where('directory_proposal.id', '=', id)
      .executeTakeFirst();
    return r ? { ...toProposal(r), museumSlug: r.museum_slug } : undefined;
  }

  /** Pending proposals of these states (all when null), oldest first. */
  async pending(db: Kysely<DB>, countries: string[] | null): Promise<Proposal[]> {
    if (countries && !countries.length) return [];
    let q = db.selectFrom('directory_proposal').selectAll().where('status', '=', 'pending');
    if (countries) q = q.where('country_iso2', 'in', countries);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(toProposal);
  }

  async ofMuseum(db: Kysely<DB>, museumId: string): Promise<Proposal[]> {
    return (
      await db
        .selectFrom('directory_proposal')
        .selectAll()
        .where('museum_id', '=', museumId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    ).map(toProposal);
  }

  /** Entries of pending proposals for new museums (a second one for the same museum is a duplicate). */
  async pendingNew(db: Kysely<DB>, country: string): Promise<EntryInput[]> {
    const rows = await db
      .selectFrom('directory_proposal')
      .select('entry')
      .where('status', '=', 'pending')
      .where('kind', '=', 'new')
      .where('country_iso2', '=', country)
      .execute();
    return rows.map((r) => readJson<EntryInput>(r.entry, { names: [], countryCode: country }));
  }

  async decide(
    db: Kysely<DB>,
    id: string,
    v: {
      status: 'accepted' | 'refused';
      by: string;
      at: string;
      note: string | null;
      entry: EntryInput;
      museumId: string | null;
    },
  ): Promise<boolean> {
    const r = await db
      .updateTable('directory_proposal')
      .set({
        status: v.status,
        reviewed_by_label: v.by,
        reviewed_at: v.at,
        review_note: v.note,
        entry: JSON.stringify(v.entry),
        museum_id: v.museumId,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async appoint(db: Kysely<DB>, userId: string, country: string, at: string): Promise<void> {
    await db
      .insertInto('focal_point')
      .values({ user_id: userId, country_iso2: country, appointed_at: at })
      .onConflict((oc) => oc.columns(['user_id', 'country_iso2']).doNothing())
      .execute();
  }

  async revoke(db: Kysely<DB>, userId: string, country: string): Promise<void> {
    await db
      .deleteFrom('focal_point')
      .where('user_id', '=', userId)
      .where('country_iso2', '=', country)
      .execute();
  }

  async focalPoints(
    db: Kysely<DB>,
  ): Promise<{ userId: string; name: string; email: string; country: string }[]> {
    const rows = await db
      .selectFrom('focal_point')
      .innerJoin('user', 'user.id', 'focal_point.user_id')
      .select([
        'focal_point.user_id as userId',
        'user.name as name',
        'user.email as email',
        'focal_point.country_iso2 as country',
      ])
      .orderBy('focal_point.country_iso2')
      .execute();
    return rows;
  }
}

function toProposal(r: Selectable<DB['directory_proposal']>): Proposal {
  const contact = readJson<{ name?: string; email?: string; note?: string } | null>(r.contact, null);
  return {
    id: r.id,
    kind: r.kind as Proposal['kind'],
    museumId: r.museum_id,
    country: r.country_iso2,
    entry: readJson<EntryInput>(r.entry, { names: [], countryCode: r.country_iso2 }),
    contact: contact?.email ? { name: contact.name ?? '', email: contact.email } : null,
    note: contact?.note ?? null,
    proposedBy: r.proposed_by_label,
    status: r.status as Proposal['status'],
    reviewedBy: r.reviewed_by_label,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
    createdAt: r.created_at,
  };
}
