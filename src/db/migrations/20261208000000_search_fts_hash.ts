import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** FTS5's own default: a megabyte. */
const DEFAULT_HASH = 1024 * 1024;
/**
 * SQLite: FTS5 holds the words of the documents being written in memory up to this size before it
 * writes them out as a segment of its index, to be merged with the others later. At a megabyte a
 * transaction of a thousand documents wrote several small segments; at eight, one, and a rebuild of
 * 100,000 objects took 28.5 and 29.2 s instead of 32.0 and 32.8 (16 MB did no better). It costs the
 * writing connection that much memory while it writes, and searches nothing. Kept in the FTS5
 * table's own configuration.
 */
const HASH = 8 * 1024 * 1024;

const setHash = (db: AnyDb, bytes: number) =>
  sql.raw(`INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', ${bytes})`).execute(db);

export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') await setHash(db, HASH);
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name === 'sqlite') await setHash(db, DEFAULT_HASH);
}
