import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';
import { createFts, dropFts } from './fts5.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

const COLS = 'head, head_stems, exact, stems, scope';
const BEFORE = "tokenize='unicode61 remove_diacritics 0', prefix='2 3'";
const AFTER = "tokenize='unicode61 remove_diacritics 0', prefix='2 3'";

/**
 * A document's facet values become words of its scope (FTS5's scope column, lexemes of the
 * tsvector), as `facetWord` writes them, so that a filter is matched in the full-text index with
 * the words and the scope, and indexing an object writes no row per facet value: `search_facet`,
 * its two B-trees and its seven-odd rows per object are gone. The values themselves stay in
 * `search_doc.facets`, which counts them.
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') {
    await dropFts(db);
    await sql`UPDATE search_doc SET scope = CASE WHEN is_public = 1 THEN 'public ' ELSE '' END || 'm' || replace(museum_id, '-', '') || coalesce((
      SELECT group_concat(' f' || lower(substr(j.value, 1, instr(j.value, ':') - 1)) || '0' || lower(hex(substr(j.value, instr(j.value, ':') + 1))), '')
      FROM json_each(search_doc.facets) j), '')`.execute(db);
    await createFts(db, COLS, AFTER);
  } else {
    await sql`UPDATE search_doc SET tsv = tsv || array_to_tsvector(ARRAY(
      SELECT '_f' || lower(split_part(fv, ':', 1)) || '0' || encode(convert_to(substr(fv, strpos(fv, ':') + 1), 'UTF8'), 'hex')
      FROM jsonb_array_elements_text(CAST(facets AS jsonb)) AS fv))`.execute(db);
  }
  await db.schema.dropTable('search_facet').execute();
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  const sqlite = dialect.name === 'sqlite';
  await sql.raw(`CREATE TABLE search_facet (object_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,
    CONSTRAINT search_facet_pk PRIMARY KEY (object_id, facet, value)) ${sqlite ? 'WITHOUT ROWID' : ''}`).execute(db);
  await sql`CREATE INDEX search_facet_value_idx ON search_facet (facet, value, object_id)`.execute(db);
  if (sqlite) {
    await sql`INSERT INTO search_facet (object_id, facet, value) SELECT d.object_id, substr(j.value, 1, instr(j.value, ':') - 1), substr(j.value, instr(j.value, ':') + 1)
      FROM search_doc d, json_each(d.facets) j`.execute(db);
    await dropFts(db);
    await sql`UPDATE search_doc SET scope = CASE WHEN is_public = 1 THEN 'public ' ELSE '' END || 'm' || replace(museum_id, '-', '')`.execute(db);
    await createFts(db, COLS, BEFORE);
  } else {
    await sql`INSERT INTO search_facet (object_id, facet, value) SELECT d.object_id, split_part(fv, ':', 1), substr(fv, strpos(fv, ':') + 1)
      FROM search_doc d, jsonb_array_elements_text(CAST(d.facets AS jsonb)) AS fv`.execute(db);
    await sql`UPDATE search_doc SET tsv = ts_delete(tsv, ARRAY(SELECT lexeme FROM unnest(tsv) WHERE lexeme LIKE '\\_f%'))`.execute(db);
  }
}
