import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('museum')
    .addColumn('id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('restrict'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('country_code', 'text')
    .addColumn('city', 'text')
    .addColumn('default_language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authority')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.references('museum.id').onDelete('restrict'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text')
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('label_text', 'text', (c) => c.notNull())
    .addColumn('sort_label', 'text', (c) => c.notNull())
    .addColumn('name_parts', 'text')
    .addColumn('begin_year', 'integer')
    .addColumn('end_year', 'integer')
    .addColumn('dates_text', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('parent_id', 'text', (c) => c.references('authority.id').onDelete('set null'))
    .addColumn('external_ids', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('authority_type_idx')
    .on('authority')
    .columns(['type', 'scheme', 'sort_label'])
    .execute();
  await db.schema
    .createIndex('authority_museum_idx')
    .on('authority')
    .columns(['museum_id', 'type'])
    .execute();

  await db.schema
    .createTable('object')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text', (c) => c.notNull().references('museum.id').onDelete('restrict'))
    .addColumn('accession_number', 'text', (c) => c.notNull())
    .addColumn('accession_sort', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('titles', 'text', (c) => c.notNull())
    .addColumn('descriptions', 'text', (c) => c.notNull())
    .addColumn('sort_title', 'text', (c) => c.notNull())
    .addColumn('other_numbers', 'text', (c) => c.notNull())
    .addColumn('dimensions', 'text', (c) => c.notNull())
    .addColumn('inscriptions', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('credit_line', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('rights', 'text')
    .addColumn('date_earliest', 'integer')
    .addColumn('date_latest', 'integer')
    .addColumn('date_review', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('object_accession_unique', ['museum_id', 'accession_number'])
    .execute();
  for (const col of ['accession_sort', 'sort_title', 'updated_at', 'date_earliest']) {
    await db.schema.createIndex(`object_${col}_idx`).on('object').columns(['museum_id', col]).execute();
  }

  await db.schema
    .createTable('object_date')
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('expression', 'text', (c) => c.notNull())
    .addColumn('calendar', 'text', (c) => c.notNull())
    .addColumn('earliest', 'integer')
    .addColumn('latest', 'integer')
    .addColumn('approximate', 'integer', (c) => c.notNull())
    .addColumn('uncertain', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('object_date_pk', ['object_id', 'position'])
    .execute();

  await db.schema
    .createTable('object_link')
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('authority_id', 'text', (c) => c.notNull().references('authority.id').onDelete('restrict'))
    .addColumn('qualifier', 'text')
    .addPrimaryKeyConstraint('object_link_pk', ['object_id', 'role', 'position'])
    .execute();
  await db.schema
    .createIndex('object_link_authority_idx')
    .on('object_link')
    .columns(['authority_id', 'role'])
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('museum_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_entity_idx')
    .on('audit_event')
    .columns(['entity_type', 'entity_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_museum_idx').on('audit_event').columns(['museum_id', 'id']).execute();
  await dialect.makeAppendOnly(db, 'audit_event');

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('rate_limit')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb, { dialect }: MigrationContext): Promise<void> {
  await dialect.dropAppendOnly(db, 'audit_event');
  for (const t of [
    'rate_limit',
    'api_token',
    'audit_event',
    'object_link',
    'object_date',
    'object',
    'authority',
    'museum',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
