import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * The rebuild of the search index under way, if any: where it has got to and when it last showed
 * it was alive, so that a rebuild whose process died is taken up again where it stopped.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('search_rebuild')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('empty_first', 'integer', (c) => c.notNull())
    .addColumn('after_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('beat_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('search_rebuild').execute();
}
