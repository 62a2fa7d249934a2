import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * The directory of museums: the member states, and on each museum what the directory says of it
 * (its kind, founding year, Wikidata id, where its facts come from). A museum listed only (with
 * no collection on the platform) is a museum row all the same: its directory profile is its page.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('country')
    .addColumn('iso2', 'text', (c) => c.primaryKey())
    .addColumn('iso3', 'text', (c) => c.notNull())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('oic_joined', 'integer')
    .addColumn('icesco_member', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('museum').addColumn('museum_type', 'text').execute();
  await db.schema.alterTable('museum').addColumn('founded', 'integer').execute();
  await db.schema.alterTable('museum').addColumn('wikidata', 'text').execute();
  await db.schema.alterTable('museum').addColumn('sources', 'text').execute();
  await db.schema.createIndex('museum_country_idx').on('museum').columns(['country_code', 'city']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('museum_country_idx').execute();
  for (const c of ['sources', 'wikidata', 'founded', 'museum_type'])
    await db.schema.alterTable('museum').dropColumn(c).execute();
  await db.schema.dropTable('country').execute();
}
