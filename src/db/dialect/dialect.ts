import type { Kysely } from 'kysely';
import type { jsonArrayFrom } from 'kysely/helpers/sqlite';
import type { FullText } from './search.js';

/**
 * What differs between SQLite and PostgreSQL, and nothing else. Every other line of SQL in
 * Mathaf is written once with Kysely and runs on both engines.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The operator for a case-insensitive LIKE (SQLite's LIKE already folds ASCII case). */
  readonly ilike: 'like' | 'ilike';
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** True when the error is a foreign key that refused a delete (a record still referred to). */
  isForeignKeyViolation(error: unknown): boolean;
  /** Makes a table append-only: UPDATE and DELETE raise an error inside the database itself. */
  makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void>;
  dropAppendOnly(db: Kysely<unknown>, table: string): Promise<void>;
  /**
   * Keeps a table's rows from being written by others until the transaction ends, for a transaction
   * that reads them and writes what follows from them (PostgreSQL: a SHARE lock, which writers wait
   * for and readers do not). SQLite needs nothing: a transaction that writes before it reads holds
   * the database's one write lock.
   */
  holdStill(db: Kysely<unknown>, table: string): Promise<void>;
  /**
   * For a transaction about to write what follows from a table's rows without writing the rows
   * (objects' search documents after their authority changed): waits for any transaction holding
   * the table still, and keeps such a transaction waiting until this one ends (PostgreSQL: ROW
   * EXCLUSIVE, as a write of the rows takes). Taken before anything else is written, so that the
   * two never wait for each other. SQLite needs nothing, as above.
   */
  willWriteFrom(db: Kysely<unknown>, table: string): Promise<void>;
  /** The schema Mathaf's tables live in (PostgreSQL's current schema), or undefined where there are none. */
  currentSchema(db: Kysely<unknown>): Promise<string | undefined>;
  /**
   * The rows of a subquery as one JSON array, a column of the outer query (explicit selections
   * only): read with `jsonRows`, since SQLite hands it over as text and PostgreSQL parsed.
   */
  readonly jsonArrayFrom: typeof jsonArrayFrom;
  /** Full-text search over the search index (FTS5, or tsvector with GIN). */
  readonly fullText: FullText;
}

/** A column made by `jsonArrayFrom`, as rows. */
export function jsonRows<T>(column: T[] | string): T[] {
  return typeof column === 'string' ? (JSON.parse(column) as T[]) : column;
}
