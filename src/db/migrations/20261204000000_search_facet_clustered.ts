import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * SQLite keeps a table with a primary key as three B-trees (the rows by rowid, the key, and the
 * index by value); as WITHOUT ROWID the rows are the key, and the facet values of an object are
 * written twice instead of three times: a third less to write when objects are indexed, and a
 * third less on disk. PostgreSQL keeps its heap and two indexes as they are.
 */
export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'sqlite') return;
  await rebuild(db, 'WITHOUT ROWID');
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  if (dialect.name !== 'sqlite') return;
  await rebuild(db, '');
}

async function rebuild(db: AnyDb, options: string): Promise<void> {
  await sql
    .raw(`CREATE TABLE search_facet_next (object_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,
    CONSTRAINT search_facet_pk PRIMARY KEY (object_id, facet, value)) ${options}`)
    .execute(db);
  await sql`INSERT INTO search_facet_next (object_id, facet, value) SELECT object_id, facet, value FROM search_facet`.execute(
    db,
  );
  await sql`DROP TABLE search_facet`.execute(db);
  await sql`ALTER TABLE search_facet_next RENAME TO search_facet`.execute(db);
  await sql`CREATE INDEX search_facet_value_idx ON search_facet (facet, value, object_id)`.execute(db);
}
