import { type Expression, type SqlBool, sql } from 'kysely';

/** `column LIKE '%text%'` with the text's own `%` and `_` taken literally, on both engines. */
export function containsText(column: string, text: string, op: 'like' | 'ilike'): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} ${sql.raw(op)} ${pattern} escape '\\'`;
}
