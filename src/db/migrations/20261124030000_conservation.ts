import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Condition checks and conservation treatments (Spectrum: condition checking, conservation and care). */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('condition_check')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('checked_by', 'text')
    .addColumn('checker_label', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('overall', 'text', (c) => c.notNull())
    .addColumn('damages', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('condition_object_idx')
    .on('condition_check')
    .columns(['object_id', 'checked_on', 'id'])
    .execute();

  await db.schema
    .createTable('treatment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposal', 'text', (c) => c.notNull())
    .addColumn('proposed_by_label', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('approved_by_label', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('started_on', 'text')
    .addColumn('completed_on', 'text')
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('recommendations', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('treatment_object_idx')
    .on('treatment')
    .columns(['object_id', 'proposed_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('treatment').execute();
  await db.schema.dropTable('condition_check').execute();
}
