import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * The search index: one document per object (its words normalised, and the stems of its Arabic
 * words), kept in the same transaction as the object. SQLite searches it with FTS5 (an external-
 * content table kept in step by triggers); PostgreSQL with a tsvector written from the same words
 * (exact forms weighted A, stems B, with positions), never through its own parser, under a GIN index.
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') {
    await sql`CREATE TABLE search_doc (
      doc_id INTEGER PRIMARY KEY, object_id TEXT NOT NULL UNIQUE, museum_id TEXT NOT NULL, is_public INTEGER NOT NULL,
      exact TEXT NOT NULL, stems TEXT NOT NULL, updated_at TEXT NOT NULL)`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(exact, stems, content='search_doc', content_rowid='doc_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(
      db,
    );
    await sql`CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
      INSERT INTO search_fts(rowid, exact, stems) VALUES (new.doc_id, new.exact, new.stems); END`.execute(db);
    await sql`CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
      INSERT INTO search_fts(search_fts, rowid, exact, stems) VALUES ('delete', old.doc_id, old.exact, old.stems); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
      INSERT INTO search_fts(search_fts, rowid, exact, stems) VALUES ('delete', old.doc_id, old.exact, old.stems);
      INSERT INTO search_fts(rowid, exact, stems) VALUES (new.doc_id, new.exact, new.stems); END`.execute(db);
  } else {
    await sql`CREATE TABLE search_doc (
      doc_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, object_id TEXT NOT NULL UNIQUE, museum_id TEXT NOT NULL, is_public INTEGER NOT NULL,
      exact TEXT NOT NULL, stems TEXT NOT NULL, updated_at TEXT NOT NULL, tsv tsvector NOT NULL)`.execute(db);
    await sql`CREATE INDEX search_doc_tsv_idx ON search_doc USING GIN (tsv)`.execute(db);
  }
  await db.schema
    .createIndex('search_doc_museum_idx')
    .on('search_doc')
    .columns(['museum_id', 'is_public'])
    .execute();
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') {
    await sql`DROP TABLE search_fts`.execute(db);
  }
  await db.schema.dropTable('search_doc').execute();
}
