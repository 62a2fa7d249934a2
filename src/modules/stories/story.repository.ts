import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Story } from './story.schemas.js';

type Row = Selectable<DB['story']>;

/** Stories and exhibitions. Every read of a museum's stories is scoped to it; the public reads published ones only. */
export class StoryRepository {
  async insert(db: Kysely<DB>, s: Story): Promise<void> {
    await db.insertInto('story').values(toRow(s)).execute();
  }

  async update(db: Kysely<DB>, s: Story): Promise<void> {
    const { id: _id, museum_id: _m, created_at: _c, ...rest } = toRow(s);
    await db
      .updateTable('story')
      .set(rest)
      .where('id', '=', s.id)
      .where('museum_id', '=', s.museumId)
      .execute();
  }

  async delete(db: Kysely<DB>, museumId: string, id: string): Promise<void> {
    await db.deleteFrom('story').where('id', '=', id).where('museum_id', '=', museumId).execute();
  }

  async find(db: Kysely<DB>, museumId: string, id: string): Promise<Story | undefined> {
    const r = await db
      .selectFrom('story')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toStory(r) : undefined;
  }

  async findBySlug(db: Kysely<DB>, museumId: string, slug: string): Promise<Story | undefined> {
    const r = await db
      .selectFrom('story')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('slug', '=', slug)
      .executeTakeFirst();
    return r ? toStory(r) : undefined;
  }

  async slugTaken(db: Kysely<DB>, museumId: string, slug: string, except?: string): Promise<boolean> {
    let q = db.selectFrom('story').select('id').where('museum_id', '=', museumId).where('slug', '=', slug);
    if (except) q = q.where('id', '!=', except);
    return Boolean(await q.executeTakeFirst());
  }

  async ofMuseum(db: Kysely<DB>, museumId: string): Promise<Story[]> {
    return (
      await db
        .selectFrom('story')
        .selectAll()
        .where('museum_id', '=', museumId)
        .orderBy('updated_at', 'desc')
        .execute()
    ).map(toStory);
  }

  /** Published stories, the newest first: of one museum, or of all. */
  async published(
    db: Kysely<DB>,
    museumId: string | null,
    limit: number,
  ): Promise<(Story & { museumSlug: string })[]> {
    let q = db
      .selectFrom('story')
      .innerJoin('museum', 'museum.id', 'story.museum_id')
      .selectAll('story')
      .select('museum.slug as museumSlug')
      .where('story.status', '=', 'published')
      .orderBy('story.published_at', 'desc')
      .limit(limit);
    if (museumId) q = q.where('story.museum_id', '=', museumId);
    return (await q.execute()).map((r) => ({ ...toStory(r), museumSlug: r.museumSlug }));
  }
}

function toRow(s: Story): Row {
  return {
    id: s.id,
    museum_id: s.museumId,
    kind: s.kind,
    slug: s.slug,
    status: s.status,
    titles: JSON.stringify(s.titles),
    summaries: JSON.stringify(s.summaries),
    sections: JSON.stringify(s.sections),
    published_at: s.publishedAt,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    version: s.version,
  };
}

function toStory(r: Row): Story {
  return {
    id: r.id,
    museumId: r.museum_id,
    kind: r.kind as Story['kind'],
    slug: r.slug,
    status: r.status as Story['status'],
    titles: readJson(r.titles, []),
    summaries: readJson(r.summaries, []),
    sections: readJson(r.sections, []),
    publishedAt: r.published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}
