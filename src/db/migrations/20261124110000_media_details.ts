import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Each image's captions, rights and credit, which one is the main image; each object's digitization status. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('media')
    .addColumn('captions', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('media').addColumn('rights', 'text').execute();
  await db.schema.alterTable('media').addColumn('credit', 'text').execute();
  await db.schema
    .alterTable('media')
    .addColumn('is_main', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('object')
    .addColumn('digitization_status', 'text', (c) => c.notNull().defaultTo('not_started'))
    .execute();
  await db.schema.alterTable('object').addColumn('digitized_by', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const c of ['is_main', 'credit', 'rights', 'captions'])
    await db.schema.alterTable('media').dropColumn(c).execute();
  await db.schema.alterTable('object').dropColumn('digitized_by').execute();
  await db.schema.alterTable('object').dropColumn('digitization_status').execute();
}
