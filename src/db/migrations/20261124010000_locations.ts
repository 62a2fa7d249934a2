import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Storage locations, the movements of objects between them, and each object's current place. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('location')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('parent_id', 'text', (c) => c.references('location.id').onDelete('restrict'))
    // Materialised path of ids, `/root/…/self/`, so a whole subtree is one prefix query.
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('location_code_unique', ['museum_id', 'code'])
    .execute();
  await db.schema.createIndex('location_path_idx').on('location').columns(['museum_id', 'path']).execute();

  await db.schema
    .createTable('object_movement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('from_location_id', 'text', (c) => c.references('location.id').onDelete('restrict'))
    .addColumn('to_location_id', 'text', (c) => c.notNull().references('location.id').onDelete('restrict'))
    .addColumn('moved_at', 'text', (c) => c.notNull())
    .addColumn('moved_by', 'text')
    .addColumn('moved_by_label', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('movement_object_idx')
    .on('object_movement')
    .columns(['object_id', 'moved_at', 'id'])
    .execute();

  // Derived from the movements, kept in the same transaction as each one: where every object is now.
  await db.schema
    .createTable('object_location')
    .addColumn('object_id', 'text', (c) => c.primaryKey().references('object.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('location.id').onDelete('restrict'))
    .addColumn('movement_id', 'text', (c) => c.notNull())
    .addColumn('moved_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('object_location_idx')
    .on('object_location')
    .columns(['location_id', 'object_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['object_location', 'object_movement', 'location']) await db.schema.dropTable(t).execute();
}
