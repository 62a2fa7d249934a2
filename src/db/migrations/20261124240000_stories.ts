import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/** Stories and virtual exhibitions: a museum's, addressed by a slug, drafted then published; sections as JSON read with the row. */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('story')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('titles', 'text', (c) => c.notNull())
    .addColumn('summaries', 'text', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('story_slug_uq', ['museum_id', 'slug'])
    .execute();
  await db.schema
    .createIndex('story_published_idx')
    .on('story')
    .columns(['status', 'published_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('story').execute();
}
