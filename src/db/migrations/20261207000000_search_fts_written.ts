import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';
import { createTriggers } from './fts5.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * SQLite: the FTS5 index is written by the search repository, in the statements that write
 * `search_doc` (see `FullText.indexRows` and `unindexRows`), instead of by triggers on the table. FTS5 took almost twice
 * as long to index a document inserted by a trigger as the same document inserted by a statement
 * of its own (277 against 157 µs, over 100,000 documents in transactions of 1,000): the largest
 * part of a rebuild and of an import's search documents. The index itself stays as it is.
 * PostgreSQL keeps its tsvector in the row and has no triggers.
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'sqlite') return;
  for (const t of ['ai', 'ad', 'au']) await sql.raw(`DROP TRIGGER IF EXISTS search_doc_${t}`).execute(db);
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'sqlite') return;
  await createTriggers(db, 'head, head_stems, exact, stems, scope');
}
