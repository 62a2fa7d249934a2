import { type Expression, type SqlBool, sql } from 'kysely';

/** `column LIKE '%text%'` with the text's own `%` and `_` taken literally, on both engines. */
export function containsText(column: string, text: string, op: 'like' | 'ilike'): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} ${sql.raw(op)} ${pattern} escape '\\'`;
}

/** `column LIKE 'prefix%'` with the prefix taken literally (materialised paths). */
export function startsWith(column: string, prefix: string): Expression<SqlBool> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
