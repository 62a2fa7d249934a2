import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** A museum's public profile (description, address and place, hours, fees, access, contact, services), read with its row. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('museum')
    .addColumn('profile', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('museum').dropColumn('profile').execute();
}
