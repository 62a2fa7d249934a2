import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * Object entry, acquisition and accession (Spectrum): entries with their objects, acquisitions
 * with the accession numbers they assigned, numbering sequences, and each object's collection
 * status (accessioned, unaccessioned while it waits on an entry, returned, …).
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('museum')
    .addColumn('accession_pattern', 'text', (c) => c.notNull().defaultTo('{year}.{seq}.{item}'))
    .execute();
  await db.schema
    .alterTable('museum')
    .addColumn('entry_pattern', 'text', (c) => c.notNull().defaultTo('E{year}.{seq}'))
    .execute();
  await db.schema
    .alterTable('object')
    .addColumn('collection_status', 'text', (c) => c.notNull().defaultTo('accessioned'))
    .execute();
  await db.schema.alterTable('object').addColumn('accessioned_at', 'text').execute();
  await db.schema
    .createIndex('object_status_idx')
    .on('object')
    .columns(['museum_id', 'collection_status'])
    .execute();

  await db.schema
    .createTable('number_sequence')
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_sequence_pk', ['museum_id', 'scope'])
    .execute();

  await db.schema
    .createTable('object_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('entered_on', 'text', (c) => c.notNull())
    .addColumn('depositor_id', 'text', (c) => c.references('authority.id').onDelete('restrict'))
    .addColumn('depositor_name', 'text')
    .addColumn('depositor_contact', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('return_by', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('object_entry_number_unique', ['museum_id', 'number'])
    .execute();
  await db.schema
    .createTable('object_entry_item')
    .addColumn('entry_id', 'text', (c) => c.notNull().references('object_entry.id').onDelete('cascade'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('object_entry_item_pk', ['entry_id', 'object_id'])
    .execute();

  await db.schema
    .createTable('acquisition')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('acquired_on', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.references('authority.id').onDelete('restrict'))
    .addColumn('source_name', 'text')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('credit_line', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('acquisition_reference_unique', ['museum_id', 'reference'])
    .execute();
  await db.schema
    .createTable('acquisition_item')
    .addColumn('acquisition_id', 'text', (c) => c.notNull().references('acquisition.id').onDelete('restrict'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('accession_number', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('acquisition_item_pk', ['acquisition_id', 'object_id'])
    .execute();
  await db.schema
    .createIndex('acquisition_item_object_idx')
    .on('acquisition_item')
    .column('object_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['acquisition_item', 'acquisition', 'object_entry_item', 'object_entry', 'number_sequence'])
    await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('object_status_idx').execute();
  await db.schema.alterTable('object').dropColumn('accessioned_at').execute();
  await db.schema.alterTable('object').dropColumn('collection_status').execute();
  await db.schema.alterTable('museum').dropColumn('entry_pattern').execute();
  await db.schema.alterTable('museum').dropColumn('accession_pattern').execute();
}
