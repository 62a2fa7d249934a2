import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** What museums offer one another and what they need, and the messages that answer them (delivered to the director). */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('partnership_post')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partnership_post_idx')
    .on('partnership_post')
    .columns(['status', 'theme', 'created_at'])
    .execute();
  await db.schema
    .createTable('museum_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_museum_id', 'text', (c) => c.notNull())
    .addColumn('from_label', 'text', (c) => c.notNull())
    .addColumn('to_museum_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('museum_message_to_idx')
    .on('museum_message')
    .columns(['to_museum_id', 'created_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('museum_message').execute();
  await db.schema.dropTable('partnership_post').execute();
}
