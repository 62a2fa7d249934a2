import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Deaccession proposals (approved by a director before they take effect) and reports of damage or loss. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('deaccession')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('disposal_method', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('proposed_by_label', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by_label', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('deaccession_item')
    .addColumn('deaccession_id', 'text', (c) => c.notNull().references('deaccession.id').onDelete('cascade'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('deaccession_item_pk', ['deaccession_id', 'object_id'])
    .execute();

  await db.schema
    .createTable('incident')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text')
    .addColumn('discovered_on', 'text', (c) => c.notNull())
    .addColumn('circumstances', 'text', (c) => c.notNull())
    .addColumn('action_taken', 'text')
    .addColumn('reported_by_label', 'text', (c) => c.notNull())
    .addColumn('resolved_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_object_idx')
    .on('incident')
    .columns(['object_id', 'discovered_on'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['incident', 'deaccession_item', 'deaccession']) await db.schema.dropTable(t).execute();
}
