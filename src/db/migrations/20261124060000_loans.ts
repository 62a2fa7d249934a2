import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migrator.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed today
type AnyDb = Kysely<any>;

/**
 * Loans in and out. A loan between two museums of the platform is one record that both see;
 * with an outside institution, one side is named in `external_party`.
 */
export async function up(db: AnyDb, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('loan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('lender_museum_id', 'text', (c) => c.references('museum.id').onDelete('restrict'))
    .addColumn('borrower_museum_id', 'text', (c) => c.references('museum.id').onDelete('restrict'))
    .addColumn('external_party', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('venues', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request_note', 'text')
    .addColumn('conditions', 'text')
    .addColumn('couriers', 'text', (c) => c.notNull())
    .addColumn('agreement', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('loan_lender_idx').on('loan').columns(['lender_museum_id', 'status']).execute();
  await db.schema
    .createIndex('loan_borrower_idx')
    .on('loan')
    .columns(['borrower_museum_id', 'status'])
    .execute();
  await db.schema
    .createTable('loan_object')
    .addColumn('loan_id', 'text', (c) => c.notNull().references('loan.id').onDelete('cascade'))
    .addColumn('object_id', 'text', (c) => c.notNull().references('object.id').onDelete('restrict'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // The value each object is insured for during the loan: restricted like valuations.
    .addColumn('insurance_amount', 'text')
    .addColumn('insurance_currency', 'text')
    .addPrimaryKeyConstraint('loan_object_pk', ['loan_id', 'object_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('loan_object').execute();
  await db.schema.dropTable('loan').execute();
}
