import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Inventory campaigns: what was expected where, what was found, and the discrepancies. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('inventory')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.references('location.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('started_by_label', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('inventory_item')
    .addColumn('inventory_id', 'text', (c) => c.notNull().references('inventory.id').onDelete('cascade'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('expected_location_id', 'text', (c) => c.references('location.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('found_location_id', 'text', (c) => c.references('location.id').onDelete('restrict'))
    .addColumn('checked_at', 'text')
    .addColumn('checked_by_label', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('inventory_item_pk', ['inventory_id', 'object_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('inventory_item').execute();
  await db.schema.dropTable('inventory').execute();
}
