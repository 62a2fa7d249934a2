import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Dialect } from './dialect.js';
import { sqliteFullText } from './search.sqlite.js';

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  ilike: 'like',
  jsonArrayFrom,
  fullText: sqliteFullText,
  currentSchema: async () => undefined,
  holdStill: async () => {},
  willWriteFrom: async () => {},
  isUniqueViolation: (e) =>
    typeof e === 'object' &&
    e !== null &&
    'code' in e &&
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
  isForeignKeyViolation: (e) =>
    typeof e === 'object' && e !== null && 'code' in e && e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  async makeAppendOnly(db: Kysely<unknown>, table: string) {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        )
        .execute(db);
    }
  },
  async dropAppendOnly(db: Kysely<unknown>, table: string) {
    for (const op of ['update', 'delete'])
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_${op}`).execute(db);
  },
};
