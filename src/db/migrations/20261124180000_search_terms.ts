import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Every word ever indexed, for "did you mean" (a correction is offered only if it finds something). */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('search_term')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('search_term').execute();
}
