import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** A right may bear on one image of the object (the photographer's copyright in a photograph) rather than the object. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('object_right').addColumn('media_id', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('object_right').dropColumn('media_id').execute();
}
