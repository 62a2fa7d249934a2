import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';
import { createFts, dropFts } from './fts5.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

const COLS = 'head, head_stems, exact, stems, scope';
const FTS = "tokenize='unicode61 remove_diacritics 0', prefix='2 3'";
/** Where public documents' numbers begin on SQLite (`PUBLIC_FROM` of the FTS5 dialect, as it was when this ran). */
const PUBLIC_FROM = 2 ** 40;

/** `search_doc` on SQLite as it stands, with or without the constraint that keeps public documents in their own range of numbers. */
const table = (name: string, ranged: boolean) => `CREATE TABLE ${name} (
  doc_id INTEGER PRIMARY KEY, object_id TEXT NOT NULL UNIQUE, museum_id TEXT NOT NULL, is_public INTEGER NOT NULL,
  exact TEXT NOT NULL, stems TEXT NOT NULL, updated_at TEXT NOT NULL, facets TEXT NOT NULL DEFAULT '[]',
  head TEXT NOT NULL DEFAULT '', head_stems TEXT NOT NULL DEFAULT '', scope TEXT NOT NULL DEFAULT ''
  ${ranged ? `, CONSTRAINT search_doc_public_range CHECK ((is_public = 1) = (doc_id >= ${PUBLIC_FROM}))` : ''})`;

/** Writes `search_doc` anew on SQLite from `select` (its columns in the table's order), with its indexes and its FTS5 table. */
async function rewrite(db: AnyDb, ranged: boolean, select: string): Promise<void> {
  await dropFts(db);
  await sql.raw(table('search_doc_next', ranged)).execute(db);
  await sql
    .raw(
      `INSERT INTO search_doc_next (doc_id, object_id, museum_id, is_public, exact, stems, updated_at, facets, head, head_stems, scope) ${select}`,
    )
    .execute(db);
  await sql`DROP TABLE search_doc`.execute(db);
  await sql`ALTER TABLE search_doc_next RENAME TO search_doc`.execute(db);
  await sql`CREATE INDEX search_doc_museum_idx ON search_doc (museum_id, is_public)`.execute(db);
  await sql`CREATE INDEX search_doc_oai_idx ON search_doc (is_public, updated_at, object_id)`.execute(db);
  await createFts(db, COLS, FTS);
}

/**
 * A document's facet values become words of its scope (FTS5's scope column, lexemes of the
 * tsvector), as `facetWord` writes them, so that a filter is matched in the full-text index with
 * the words, and indexing an object writes no row per facet value: `search_facet`, its two B-trees
 * and its seven-odd rows per object are gone. The values themselves stay in `search_doc.facets`,
 * which counts them. On SQLite, public documents move to numbers from 2^40 up (a constraint keeps
 * them there and the others below), and the scope no longer needs the word `public`: a public
 * search reads its range of the index alone.
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') {
    await rewrite(
      db,
      true,
      `SELECT doc_id + CASE WHEN is_public = 1 THEN ${PUBLIC_FROM} ELSE 0 END, object_id, museum_id, is_public, exact, stems, updated_at, facets, head, head_stems,
      'm' || replace(museum_id, '-', '') || coalesce((
        SELECT group_concat(' f' || lower(substr(j.value, 1, instr(j.value, ':') - 1)) || '0' || lower(hex(substr(j.value, instr(j.value, ':') + 1))), '')
        FROM json_each(search_doc.facets) j), '')
      FROM search_doc`,
    );
  } else {
    await sql`UPDATE search_doc SET tsv = tsv || array_to_tsvector(ARRAY(
      SELECT '_f' || lower(split_part(fv, ':', 1)) || '0' || encode(convert_to(substr(fv, strpos(fv, ':') + 1), 'UTF8'), 'hex')
      FROM jsonb_array_elements_text(CAST(facets AS jsonb)) AS fv))`.execute(db);
  }
  await db.schema.dropTable('search_facet').execute();
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  const sqlite = dialect.name === 'sqlite';
  await sql
    .raw(`CREATE TABLE search_facet (object_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,
    CONSTRAINT search_facet_pk PRIMARY KEY (object_id, facet, value)) ${sqlite ? 'WITHOUT ROWID' : ''}`)
    .execute(db);
  await sql`CREATE INDEX search_facet_value_idx ON search_facet (facet, value, object_id)`.execute(db);
  if (sqlite) {
    await sql`INSERT INTO search_facet (object_id, facet, value) SELECT d.object_id, substr(j.value, 1, instr(j.value, ':') - 1), substr(j.value, instr(j.value, ':') + 1)
      FROM search_doc d, json_each(d.facets) j`.execute(db);
    // Numbered again from 1 in the order they were written, the public ones after the others.
    await rewrite(
      db,
      false,
      `SELECT row_number() OVER (ORDER BY doc_id), object_id, museum_id, is_public, exact, stems, updated_at, facets, head, head_stems,
      CASE WHEN is_public = 1 THEN 'public ' ELSE '' END || 'm' || replace(museum_id, '-', '') FROM search_doc`,
    );
  } else {
    await sql`INSERT INTO search_facet (object_id, facet, value) SELECT d.object_id, split_part(fv, ':', 1), substr(fv, strpos(fv, ':') + 1)
      FROM search_doc d, jsonb_array_elements_text(CAST(d.facets AS jsonb)) AS fv`.execute(db);
    await sql`UPDATE search_doc SET tsv = ts_delete(tsv, ARRAY(SELECT lexeme FROM unnest(tsv) WHERE lexeme LIKE '\\_f%'))`.execute(
      db,
    );
  }
}
