import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * Spreadsheet imports: each batch with its file, mapping, progress and report; what each wrote
 * (the object, and for an update the record as it was) so the batch can be undone; the
 * authorities it created; and mappings saved by name for the next file.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('import_batch')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mapping', 'text')
    .addColumn('skip_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('import_batch_museum_idx')
    .on('import_batch')
    .columns(['museum_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('import_row')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_row_pk', ['batch_id', 'object_id'])
    .execute();
  await db.schema
    .createTable('import_authority')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('authority_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_authority_pk', ['batch_id', 'authority_id'])
    .execute();
  await db.schema
    .createTable('import_mapping')
    .addColumn('museum_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_mapping_pk', ['museum_id', 'name'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['import_mapping', 'import_authority', 'import_row', 'import_batch'])
    await db.schema.dropTable(t).execute();
}
