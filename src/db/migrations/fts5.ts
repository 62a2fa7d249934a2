import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** The triggers that keep the FTS5 table over `search_doc` (external content) true as documents are written. */
const triggers = (cols: string) => {
  const of = (row: 'new' | 'old') =>
    cols
      .split(', ')
      .map((c) => `${row}.${c}`)
      .join(', ');
  return [
    `CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
      INSERT INTO search_fts(rowid, ${cols}) VALUES (new.doc_id, ${of('new')}); END`,
    `CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
      INSERT INTO search_fts(search_fts, rowid, ${cols}) VALUES ('delete', old.doc_id, ${of('old')}); END`,
    `CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
      INSERT INTO search_fts(search_fts, rowid, ${cols}) VALUES ('delete', old.doc_id, ${of('old')});
      INSERT INTO search_fts(rowid, ${cols}) VALUES (new.doc_id, ${of('new')}); END`,
  ];
};

/** The triggers alone, over an FTS5 table as it stands (a migration taking them away again, undone). */
export async function createTriggers(db: AnyDb, cols: string): Promise<void> {
  for (const t of triggers(cols)) await sql.raw(t).execute(db);
}

/** Drops the FTS5 table and its triggers, so that `search_doc` can be rewritten without them. */
export async function dropFts(db: AnyDb): Promise<void> {
  for (const t of ['ai', 'ad', 'au']) await sql.raw(`DROP TRIGGER IF EXISTS search_doc_${t}`).execute(db);
  await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
}

/** Creates the FTS5 table over `search_doc` with these columns and options, its triggers, and indexes every document. */
export async function createFts(db: AnyDb, cols: string, options: string): Promise<void> {
  await sql
    .raw(
      `CREATE VIRTUAL TABLE search_fts USING fts5(${cols}, content='search_doc', content_rowid='doc_id', ${options})`,
    )
    .execute(db);
  await createTriggers(db, cols);
  await sql`INSERT INTO search_fts(search_fts) VALUES ('rebuild')`.execute(db);
}
