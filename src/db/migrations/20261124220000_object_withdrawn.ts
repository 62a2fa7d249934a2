import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * Objects that were public and are no longer (unpublished or deleted), so that their public
 * address answers 410 Gone rather than 404: search engines then drop it for good.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('object_withdrawn')
    .addColumn('object_id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('object_withdrawn').execute();
}
