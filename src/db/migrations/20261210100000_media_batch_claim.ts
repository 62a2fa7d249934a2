import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * A batch being saved is held by a claim that expires unless its process renews it: a batch whose
 * process died goes back to be saved again, and one a live process is saving is left to it.
 * A batch left in `saving` before this has no claim, and counts as expired.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('media_batch').addColumn('claim', 'text').execute();
  await db.schema.alterTable('media_batch').addColumn('locked_until', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('media_batch').dropColumn('locked_until').execute();
  await db.schema.alterTable('media_batch').dropColumn('claim').execute();
}
