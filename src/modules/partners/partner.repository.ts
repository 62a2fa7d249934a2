import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Message, Post } from './partner.schemas.js';

/** Offers, needs and the messages between museums; owns the SQL on `partnership_post` and `museum_message`. */
export class PartnerRepository {
  async insertPost(db: Kysely<DB>, p: Post): Promise<void> {
    await db
      .insertInto('partnership_post')
      .values({
        id: p.id,
        museum_id: p.museumId,
        kind: p.kind,
        theme: p.theme,
        title: p.title,
        body: p.body,
        lang: p.lang,
        status: p.status,
        created_at: p.createdAt,
        updated_at: p.createdAt,
      })
      .execute();
  }

  async post(db: Kysely<DB>, id: string): Promise<Post | undefined> {
    const r = await db.selectFrom('partnership_post').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toPost(r) : undefined;
  }

  async setStatus(
    db: Kysely<DB>,
    museumId: string,
    id: string,
    status: Post['status'],
    at: string,
  ): Promise<boolean> {
    const r = await db
      .updateTable('partnership_post')
      .set({ status, updated_at: at })
      .where('id', '=', id)
      .where('museum_id', '=', museumId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Open posts, newest first, with their museum's state and kind for filtering. */
  async open(
    db: Kysely<DB>,
    f: { kind?: string; theme?: string; country?: string; type?: string },
  ): Promise<(Post & { country: string | null; museumType: string | null })[]> {
    let q = db
      .selectFrom('partnership_post')
      .innerJoin('museum', 'museum.id', 'partnership_post.museum_id')
      .selectAll('partnership_post')
      .select([
        'museum.country_code as country',
        'museum.museum_type as museum_type',
        'museum.slug as museum_slug',
        'museum.names as museum_names',
      ])
      .where('partnership_post.status', '=', 'open');
    if (f.kind) q = q.where('partnership_post.kind', '=', f.kind);
    if (f.theme) q = q.where('partnership_post.theme', '=', f.theme);
    if (f.country) q = q.where('museum.country_code', '=', f.country);
    if (f.type) q = q.where('museum.museum_type', '=', f.type);
    const rows = await q.orderBy('partnership_post.created_at', 'desc').limit(500).execute();
    return rows.map((r) => ({
      ...toPost(r),
      museum: { slug: r.museum_slug, names: readJson(r.museum_names, []) },
      country: r.country,
      museumType: r.museum_type,
    }));
  }

  async ofMuseum(db: Kysely<DB>, museumId: string): Promise<Post[]> {
    return (
      await db
        .selectFrom('partnership_post')
        .selectAll()
        .where('museum_id', '=', museumId)
        .orderBy('created_at', 'desc')
        .execute()
    ).map(toPost);
  }

  async insertMessage(db: Kysely<DB>, m: Message): Promise<void> {
    await db
      .insertInto('museum_message')
      .values({
        id: m.id,
        from_museum_id: m.fromMuseumId,
        from_label: m.fromLabel,
        to_museum_id: m.toMuseumId,
        post_id: m.postId,
        subject: m.subject,
        body: m.body,
        created_at: m.createdAt,
        read_at: null,
      })
      .execute();
  }

  async inbox(db: Kysely<DB>, museumId: string): Promise<Message[]> {
    const rows = await db
      .selectFrom('museum_message')
      .innerJoin('museum', 'museum.id', 'museum_message.from_museum_id')
      .selectAll('museum_message')
      .select(['museum.slug as museum_slug', 'museum.names as museum_names'])
      .where('to_museum_id', '=', museumId)
      .orderBy('museum_message.created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      fromMuseumId: r.from_museum_id,
      fromMuseum: { slug: r.museum_slug, names: readJson(r.museum_names, []) },
      fromLabel: r.from_label,
      toMuseumId: r.to_museum_id,
      postId: r.post_id,
      subject: r.subject,
      body: r.body,
      createdAt: r.created_at,
      readAt: r.read_at,
    }));
  }

  async markRead(db: Kysely<DB>, museumId: string, at: string): Promise<void> {
    await db
      .updateTable('museum_message')
      .set({ read_at: at })
      .where('to_museum_id', '=', museumId)
      .where('read_at', 'is', null)
      .execute();
  }
}

function toPost(r: Selectable<DB['partnership_post']>): Post {
  return {
    id: r.id,
    museumId: r.museum_id,
    kind: r.kind as Post['kind'],
    theme: r.theme as Post['theme'],
    title: r.title,
    body: r.body,
    lang: r.lang,
    status: r.status as Post['status'],
    createdAt: r.created_at,
  };
}
