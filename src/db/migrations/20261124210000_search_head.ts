import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

const TRIGGERS = (cols: string) => [
  `CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_fts(rowid, ${cols}) VALUES (new.doc_id, ${cols.split(', ').map((c) => `new.${c}`).join(', ')}); END`,
  `CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
    INSERT INTO search_fts(search_fts, rowid, ${cols}) VALUES ('delete', old.doc_id, ${cols.split(', ').map((c) => `old.${c}`).join(', ')}); END`,
  `CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
    INSERT INTO search_fts(search_fts, rowid, ${cols}) VALUES ('delete', old.doc_id, ${cols.split(', ').map((c) => `old.${c}`).join(', ')});
    INSERT INTO search_fts(rowid, ${cols}) VALUES (new.doc_id, ${cols.split(', ').map((c) => `new.${c}`).join(', ')}); END`,
];

async function recreateFts(db: AnyDb, cols: string): Promise<void> {
  for (const t of ['ai', 'ad', 'au']) await sql.raw(`DROP TRIGGER IF EXISTS search_doc_${t}`).execute(db);
  await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
  await sql.raw(`CREATE VIRTUAL TABLE search_fts USING fts5(${cols}, content='search_doc', content_rowid='doc_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')`).execute(db);
  for (const t of TRIGGERS(cols)) await sql.raw(t).execute(db);
  await sql`INSERT INTO search_fts(search_fts) VALUES ('rebuild')`.execute(db);
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
  await db.schema.alterTable('search_doc').addColumn('head', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('search_doc').addColumn('head_stems', 'text', (c) => c.notNull().defaultTo('')).execute();
  if (dialect.name === 'sqlite') {
    // The scope as words of its own column: `public`, and the museum's id as one word.
    await db.schema.alterTable('search_doc').addColumn('scope', 'text', (c) => c.notNull().defaultTo('')).execute();
    await sql`UPDATE search_doc SET scope = CASE WHEN is_public = 1 THEN 'public ' ELSE '' END || 'm' || replace(museum_id, '-', '')`.execute(db);
    await recreateFts(db, 'head, head_stems, exact, stems, scope');
  }
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') {
    await sql`UPDATE search_doc SET exact = trim(head || ' ' || exact), stems = trim(head_stems || ' ' || stems)`.execute(db);
    await recreateFts(db, 'exact, stems');
    await db.schema.alterTable('search_doc').dropColumn('scope').execute();
  }
  await db.schema.alterTable('search_doc').dropColumn('head').execute();
  await db.schema.alterTable('search_doc').dropColumn('head_stems').execute();
}
