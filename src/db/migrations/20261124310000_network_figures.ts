import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** The network's figures: counters kept by month (images served), and a snapshot of every figure each month. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('usage_count')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_count_pk', ['name', 'month'])
    .execute();
  await db.schema
    .createTable('network_snapshot')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('network_snapshot').execute();
  await db.schema.dropTable('usage_count').execute();
}
