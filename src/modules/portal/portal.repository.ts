import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The public side's own reads across records: the addresses of public objects for the sitemaps.
 * Public records only, by the one column that says so.
 */
export class PortalRepository {
  async publicObjectCount(db: Kysely<DB>): Promise<number> {
    const r = await db.selectFrom('object').select((eb) => eb.fn.countAll<number>().as('n')).where('visibility', '=', 'public').executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Public objects in id order, a stretch at a time, with their museum's address and default language. */
  async publicObjects(db: Kysely<DB>, offset: number, limit: number): Promise<{ id: string; slug: string; lang: string; updatedAt: string }[]> {
    const rows = await db.selectFrom('object').innerJoin('museum', 'museum.id', 'object.museum_id')
      .select(['object.id as id', 'museum.slug as slug', 'museum.default_language as lang', 'object.updated_at as updatedAt'])
      .where('object.visibility', '=', 'public').orderBy('object.id').limit(limit).offset(offset).execute();
    return rows;
  }
}
