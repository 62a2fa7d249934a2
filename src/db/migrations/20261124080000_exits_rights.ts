import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Object exits with their receipts; rights held in objects; reproduction requests. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('object_exit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('exit_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('object_exit_number_unique', ['museum_id', 'number'])
    .execute();
  await db.schema
    .createTable('object_exit_item')
    .addColumn('exit_id', 'text', (c) => c.notNull().references('object_exit.id').onDelete('cascade'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('object_exit_item_pk', ['exit_id', 'object_id'])
    .execute();

  await db.schema
    .createTable('object_right')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('licence', 'text')
    .addColumn('restrictions', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reproduction_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('requester', 'text', (c) => c.notNull())
    .addColumn('contact', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('object_ids', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('licence', 'text')
    .addColumn('fee_amount', 'text')
    .addColumn('fee_currency', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['reproduction_request', 'object_right', 'object_exit_item', 'object_exit'])
    await db.schema.dropTable(t).execute();
}
