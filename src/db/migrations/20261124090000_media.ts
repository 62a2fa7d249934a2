import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Original files of objects (immutable, checksummed) and the preservation events about them. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('restrict'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('pages', 'integer')
    .addColumn('original_name', 'text')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addUniqueConstraint('media_sha_unique', ['museum_id', 'sha256'])
    .execute();
  await db.schema.createIndex('media_object_idx').on('media').columns(['object_id', 'position']).execute();
  await db.schema
    .createTable('preservation_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text')
    .addColumn('media_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('preservation_media_idx')
    .on('preservation_event')
    .columns(['media_id', 'at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('preservation_event').execute();
  await db.schema.dropTable('media').execute();
}
