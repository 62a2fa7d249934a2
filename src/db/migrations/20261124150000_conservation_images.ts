import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Images of the object attached to a condition check, and a treatment's before and after images. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('condition_check')
    .addColumn('media_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('treatment')
    .addColumn('before_media', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('treatment')
    .addColumn('after_media', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('treatment').dropColumn('after_media').execute();
  await db.schema.alterTable('treatment').dropColumn('before_media').execute();
  await db.schema.alterTable('condition_check').dropColumn('media_ids').execute();
}
