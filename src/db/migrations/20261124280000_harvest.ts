import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * The hub's harvester: OAI-PMH sources (each feeding a museum of its own, whose records are
 * read-only), their runs and reports, and which record of a source became which object.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('museum').addColumn('harvested_from', 'text').execute();
  await db.schema
    .createTable('harvest_source')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('metadata_prefix', 'text', (c) => c.notNull())
    .addColumn('set_spec', 'text')
    .addColumn('interval_hours', 'integer', (c) => c.notNull())
    .addColumn('allow_private', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('harvested_until', 'text')
    .addColumn('resume', 'text')
    .addColumn('next_run_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('harvest_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('harvest_run_source_idx')
    .on('harvest_run')
    .columns(['source_id', 'started_at'])
    .execute();
  await db.schema
    .createTable('harvested_record')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('datestamp', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('seen_in', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('harvested_record_pk', ['source_id', 'identifier'])
    .execute();
  await db.schema
    .createIndex('harvested_record_object_idx')
    .on('harvested_record')
    .column('object_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['harvested_record', 'harvest_run', 'harvest_source'])
    await db.schema.dropTable(t).execute();
  await db.schema.alterTable('museum').dropColumn('harvested_from').execute();
}
