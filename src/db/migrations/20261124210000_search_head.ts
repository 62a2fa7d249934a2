import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';
import { createFts, dropFts } from './fts5.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

async function recreateFts(db: AnyDb, cols: string): Promise<void> {
  await dropFts(db);
  await createFts(db, cols, "tokenize='unicode61 remove_diacritics 0', prefix='2 3'");
}

/**
 * A document's head (what the object is called: its accession number, titles, object names and
 * makers) and the head's stems apart from the rest of its words and stems, so that a match there
 * ranks first, and so that a search matching a great part of the collection can order by it
 * without scoring every match. PostgreSQL weighs them A, B, C and D; SQLite's FTS5 table has a
 * fifth column, the document's scope (`public`, the museum), matched with its words. Documents written before keep
 * all their words in `exact` and `stems` until the index is rebuilt (`mathaf search:rebuild`).
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('search_doc')
    .addColumn('head', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('search_doc')
    .addColumn('head_stems', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  if (dialect.name === 'sqlite') {
    // The scope as words of its own column: `public`, and the museum's id as one word.
    await db.schema
      .alterTable('search_doc')
      .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await sql`UPDATE search_doc SET scope = CASE WHEN is_public = 1 THEN 'public ' ELSE '' END || 'm' || replace(museum_id, '-', '')`.execute(
      db,
    );
    await recreateFts(db, 'head, head_stems, exact, stems, scope');
  }
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') {
    await sql`UPDATE search_doc SET exact = trim(head || ' ' || exact), stems = trim(head_stems || ' ' || stems)`.execute(
      db,
    );
    await recreateFts(db, 'exact, stems');
    await db.schema.alterTable('search_doc').dropColumn('scope').execute();
  }
  await db.schema.alterTable('search_doc').dropColumn('head').execute();
  await db.schema.alterTable('search_doc').dropColumn('head_stems').execute();
}
