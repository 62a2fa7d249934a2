import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * PostgreSQL: a document's tsvector (two kilobytes or so) and its facet values kept in its row
 * (storage MAIN) and its ids never moved out of it (PLAIN). PostgreSQL moved the tsvector, the
 * largest value of a row, to the table's TOAST relation, so ranking a match read four or five
 * pages more through that relation's own index: at 100,000 objects a search page's ranking took
 * three times as long. The words kept as text beside the tsvector, read only to compare a rebuilt
 * index, are moved out instead. The table is rewritten (CLUSTER, in the documents' order) so that
 * rows written before take the new layout. SQLite has nothing of the kind.
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'postgres') return;
  await sql`ALTER TABLE search_doc ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN facets SET STORAGE MAIN,
    ALTER COLUMN object_id SET STORAGE PLAIN, ALTER COLUMN museum_id SET STORAGE PLAIN, ALTER COLUMN updated_at SET STORAGE PLAIN`.execute(
    db,
  );
  await rewrite(db);
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'postgres') return;
  await sql`ALTER TABLE search_doc ALTER COLUMN tsv SET STORAGE EXTENDED, ALTER COLUMN facets SET STORAGE EXTENDED,
    ALTER COLUMN object_id SET STORAGE EXTENDED, ALTER COLUMN museum_id SET STORAGE EXTENDED, ALTER COLUMN updated_at SET STORAGE EXTENDED`.execute(
    db,
  );
  await rewrite(db);
}

/** Every row written again under the columns' storage as it is now (a rewrite fetches and stores each moved value anew). */
async function rewrite(db: AnyDb): Promise<void> {
  await sql`CLUSTER search_doc USING search_doc_pkey`.execute(db);
  // Not to be clustered again by a plain CLUSTER of the database: the order was only the rewrite's.
  await sql`ALTER TABLE search_doc SET WITHOUT CLUSTER`.execute(db);
}
