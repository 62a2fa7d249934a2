import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** An authority's objects in id order, read from the newest without sorting them all (related objects on a public page). */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('object_link_authority_object_idx')
    .on('object_link')
    .columns(['authority_id', 'object_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('object_link_authority_object_idx').execute();
}
