import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * The order OAI-PMH harvesters walk, (datestamp, id), as indexes: each page then starts where the
 * last ended instead of sorting every public record again (a full harvest was quadratic).
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('search_doc_oai_idx')
    .on('search_doc')
    .columns(['is_public', 'updated_at', 'object_id'])
    .execute();
  await db.schema
    .createIndex('object_withdrawn_oai_idx')
    .on('object_withdrawn')
    .columns(['withdrawn_at', 'object_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('object_withdrawn_oai_idx').execute();
  await db.schema.dropIndex('search_doc_oai_idx').execute();
}
