import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * PostgreSQL: the GIN index of the documents' tsvectors split in two partial indexes, public
 * documents and the others, so that a public search reads only the first instead of matching a
 * `_public` lexeme, which documents no longer carry. SQLite numbers public documents apart
 * instead (see the FTS5 dialect): nothing to do there.
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'postgres') return;
  await sql`UPDATE search_doc SET tsv = ts_delete(tsv, CAST('_public' AS text)) WHERE tsv @@ CAST('_public' AS tsquery)`.execute(
    db,
  );
  await sql`CREATE INDEX search_doc_tsv_public_idx ON search_doc USING GIN (tsv) WHERE is_public = 1`.execute(
    db,
  );
  await sql`CREATE INDEX search_doc_tsv_other_idx ON search_doc USING GIN (tsv) WHERE is_public = 0`.execute(
    db,
  );
  await sql`DROP INDEX search_doc_tsv_idx`.execute(db);
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'postgres') return;
  // The lexeme the earlier searches match, for the public documents written without it.
  await sql`UPDATE search_doc SET tsv = tsv || CAST('_public' AS tsvector) WHERE is_public = 1 AND NOT tsv @@ CAST('_public' AS tsquery)`.execute(
    db,
  );
  await sql`CREATE INDEX search_doc_tsv_idx ON search_doc USING GIN (tsv)`.execute(db);
  await sql`DROP INDEX search_doc_tsv_public_idx`.execute(db);
  await sql`DROP INDEX search_doc_tsv_other_idx`.execute(db);
}
