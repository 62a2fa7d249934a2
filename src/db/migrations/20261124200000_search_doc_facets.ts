import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** A document's facet values beside its words (a JSON array of "facet:value"), so counting them needs no join. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('search_doc')
    .addColumn('facets', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('search_doc').dropColumn('facets').execute();
}
