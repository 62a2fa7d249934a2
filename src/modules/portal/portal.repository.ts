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

  /**
   * Public objects linked to any of these authorities, other than `except`: those sharing the
   * first authority first (the order given is the order of closeness), at most `limit`.
   */
  async publicLinkedTo(db: Kysely<DB>, authorityIds: string[], except: string, limit: number): Promise<string[]> {
    const out: string[] = [];
    for (const id of authorityIds) {
      if (out.length >= limit) break;
      // Walks the authority's links from the newest object down (an index), stopping at the page's worth.
      const rows = await db.selectFrom('object_link').innerJoin('object', 'object.id', 'object_link.object_id')
        .select('object_link.object_id as id')
        .where('object_link.authority_id', '=', id).where('object.visibility', '=', 'public').where('object_link.object_id', '!=', except)
        .orderBy('object_link.object_id', 'desc').limit(limit + out.length + 3).execute();
      for (const r of rows) if (out.length < limit && !out.includes(r.id)) out.push(r.id);
    }
    return out;
  }

  /** Public objects in id order, a stretch at a time, with their museum's address and default language. */
  async publicObjects(db: Kysely<DB>, offset: number, limit: number): Promise<{ id: string; slug: string; lang: string; updatedAt: string }[]> {
    const rows = await db.selectFrom('object').innerJoin('museum', 'museum.id', 'object.museum_id')
      .select(['object.id as id', 'museum.slug as slug', 'museum.default_language as lang', 'object.updated_at as updatedAt'])
      .where('object.visibility', '=', 'public').orderBy('object.id').limit(limit).offset(offset).execute();
    return rows;
  }
}
