import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

/** The SQL of multi-row inserts already built, by the statement's SQL for one row and the number of rows. */
const built = new Map<string, string>();

type Value = string | number | bigint | boolean | null | Uint8Array;
const isValue = (v: unknown): v is Value =>
  v === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof v) || v instanceof Uint8Array;

/**
 * Rows written `chunk` at a time by the insert `build` makes of them (`insertInto(…).values(rows)`,
 * with clauses that take no values of their own, such as `onConflict(…).doNothing()`). Its SQL is
 * built once for each shape of chunk and then sent with each chunk's values: building a statement
 * of a few thousand values costs Kysely more than the database takes to run it (an import, a
 * rebuild of the search index). The shape is the statement's SQL for one row (table, columns,
 * clauses, the engine's way of writing a value's place) and the number of rows. A statement that
 * does not take its values row after row, column after column, is built each time, as is a chunk
 * whose rows differ in their columns, and the last chunk, shorter than the others.
 */
export async function insertRows<D, R extends Record<string, unknown>>(
  db: Kysely<D>,
  rows: readonly R[],
  chunk: number,
  build: (rows: R[]) => Compilable,
): Promise<void> {
  // The statement's SQL for one row, built only once a full chunk needs it (an insert of a row or a few never does).
  let shape: string | undefined;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const columns = Object.keys(part[0]!);
    const values: Value[] = [];
    const uniform = part.every((r) => {
      const keys = Object.keys(r);
      if (keys.length !== columns.length || keys.some((k, j) => k !== columns[j])) return false;
      for (const k of columns) {
        const v = r[k];
        if (!isValue(v)) return false;
        values.push(v);
      }
      return true;
    });
    if (!uniform || part.length < chunk) {
      await db.executeQuery(build(part).compile());
      continue;
    }
    shape ??= build([rows[0]!]).compile().sql;
    const key = `${part.length}|${columns.join(',')}|${shape}`;
    const text = built.get(key);
    if (text !== undefined) {
      await db.executeQuery(CompiledQuery.raw(text, values));
      continue;
    }
    const compiled = build(part).compile();
    // Kept only if its values are the rows', in order: nothing else of the statement varies.
    if (compiled.parameters.length === values.length && compiled.parameters.every((p, j) => p === values[j]))
      built.set(key, compiled.sql);
    await db.executeQuery(compiled);
  }
}
