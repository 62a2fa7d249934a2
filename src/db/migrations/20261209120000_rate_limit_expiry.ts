import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * Each counter says when it lapses, so a job can delete the lapsed ones. The counters kept so far
 * are dropped: their keys held the e-mail addresses as typed (keys are now digests), and a counter
 * lost only forgets a few minutes of attempts.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.deleteFrom('rate_limit').execute();
  await db.schema
    .alterTable('rate_limit')
    .addColumn('expires_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('rate_limit_expires').on('rate_limit').column('expires_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('rate_limit_expires').execute();
  await db.schema.alterTable('rate_limit').dropColumn('expires_at').execute();
}
