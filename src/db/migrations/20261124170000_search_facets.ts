import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** The facet values of each indexed object (museum, authorities by role, centuries in both calendars, rights, visibility). */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('search_facet')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_facet_pk', ['object_id', 'facet', 'value'])
    .execute();
  await db.schema
    .createIndex('search_facet_value_idx')
    .on('search_facet')
    .columns(['facet', 'value', 'object_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('search_facet').execute();
}
