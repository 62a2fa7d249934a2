import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Dialect } from './dialect.js';
import { postgresFullText } from './search.postgres.js';

export const postgresDialect: Dialect = {
  name: 'postgres',
  ilike: 'ilike',
  jsonArrayFrom,
  fullText: postgresFullText,
  isUniqueViolation: (e) => typeof e === 'object' && e !== null && 'code' in e && e.code === '23505',
  isForeignKeyViolation: (e) => typeof e === 'object' && e !== null && 'code' in e && e.code === '23503',
  async holdStill(db: Kysely<unknown>, table: string) {
    await sql`LOCK TABLE ${sql.table(table)} IN SHARE MODE`.execute(db);
  },
  async willWriteFrom(db: Kysely<unknown>, table: string) {
    await sql`LOCK TABLE ${sql.table(table)} IN ROW EXCLUSIVE MODE`.execute(db);
  },
  async currentSchema(db: Kysely<unknown>) {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    return r.rows[0]?.schema;
  },
  async makeAppendOnly(db: Kysely<unknown>, table: string) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '${table} is append-only'; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
      )
      .execute(db);
  },
  async dropAppendOnly(db: Kysely<unknown>, table: string) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS ${table}_append_only()`).execute(db);
  },
};
