import type { Kysely } from 'kysely';
import { nowIso } from '../../db/ids.js';
import type { Dialect } from '../../db/dialect/dialect.js';
import type { FullTextQuery } from '../../db/dialect/search.js';
import type { DB } from '../../db/schema.js';
import type { SearchDocument } from './search.document.js';

/** The search index: one document per object, written in the transaction that changes the object. */
export class SearchRepository {
  constructor(private readonly dialect: Dialect) {}

  async upsert(db: Kysely<DB>, d: SearchDocument): Promise<void> {
    const fields = { museum_id: d.museumId, is_public: d.isPublic ? 1 : 0, exact: d.exact, stems: d.stems, updated_at: nowIso(), ...this.dialect.fullText.documentColumns(d.exact, d.stems) };
    // The engine's own columns (a tsvector) are not in the shared table type, hence the casts.
    await db.insertInto('search_doc').values({ object_id: d.objectId, ...fields } as never)
      .onConflict((oc) => oc.column('object_id').doUpdateSet(fields as never))
      .execute();
  }

  async remove(db: Kysely<DB>, objectId: string): Promise<void> {
    await db.deleteFrom('search_doc').where('object_id', '=', objectId).execute();
  }

  async clear(db: Kysely<DB>): Promise<void> {
    await db.deleteFrom('search_doc').execute();
  }

  search(db: Kysely<DB>, q: FullTextQuery) {
    return this.dialect.fullText.search(db as unknown as Kysely<unknown>, q);
  }

  count(db: Kysely<DB>, q: FullTextQuery) {
    return this.dialect.fullText.count(db as unknown as Kysely<unknown>, q);
  }

  /** Every document, to compare a rebuilt index with one kept up as records changed. */
  async all(db: Kysely<DB>) {
    return db.selectFrom('search_doc').select(['object_id', 'museum_id', 'is_public', 'exact', 'stems']).orderBy('object_id').execute();
  }
}
