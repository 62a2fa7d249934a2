import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * Keeping the directory true: national focal points (a network role, per member state), and
 * proposed entries and changes, which go public only once a focal point accepts them.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('focal_point')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('country_iso2', 'text', (c) => c.notNull())
    .addColumn('appointed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('focal_point_pk', ['user_id', 'country_iso2'])
    .execute();
  await db.schema
    .createTable('directory_proposal')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('museum_id', 'text')
    .addColumn('country_iso2', 'text', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('contact', 'text')
    .addColumn('proposed_by', 'text')
    .addColumn('proposed_by_label', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reviewed_by_label', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('directory_proposal_queue_idx')
    .on('directory_proposal')
    .columns(['status', 'country_iso2', 'created_at'])
    .execute();
  await db.schema
    .createIndex('directory_proposal_museum_idx')
    .on('directory_proposal')
    .columns(['museum_id', 'created_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('directory_proposal').execute();
  await db.schema.dropTable('focal_point').execute();
}
