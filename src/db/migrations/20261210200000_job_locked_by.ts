import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Which process holds a running job (see process-owner.ts): the job of one that is gone from this machine is taken up at once. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('job').addColumn('locked_by', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('job').dropColumn('locked_by').execute();
}
