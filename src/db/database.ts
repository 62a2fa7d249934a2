import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { isPostgresUrl, SQLITE_MMAP_DEFAULT } from '../config.js';
import type { Dialect } from './dialect/dialect.js';
import { postgresDialect } from './dialect/postgres.js';
import { preparingStatements } from './prepared.js';
import { sqliteDialect } from './dialect/sqlite.js';
import type { DB } from './schema.js';
import { snapshotDatabase } from './snapshot.js';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** A consistent copy of the whole database, taken while it runs, and the rows of each table in it (see snapshot.ts). */
  snapshot(file: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  poolMax?: number;
  /** PostgreSQL: queries seen before go as prepared statements (see prepared.ts); on unless false. */
  prepare?: boolean;
  /** PostgreSQL only: the schema to work in (tests use one schema per test file). */
  searchPath?: string;
  /** SQLite only: bytes of the file read through memory mapping (SQLITE_MMAP_DEFAULT unless given). */
  mmapBytes?: number;
}

/**
 * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, I/O errors); the ROLLBACK
 * Kysely sends next then fails ("no transaction is active") and hides the error that says why: a
 * full disk answered a generic 500 instead of 507. That ROLLBACK is skipped.
 */
class SqliteKeepingErrors extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override createDriver() {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (this.sqlite.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

/**
 * Opens the database named by a URL: `sqlite:<file>`, `sqlite::memory:` or `postgres://…`.
 * SQLite runs in WAL mode with synchronous=FULL (a committed write survives a power cut),
 * foreign keys on, and a busy timeout so concurrent writers wait instead of failing.
 */
/**
 * Prepared statements kept by their SQL and reused (Kysely prepares one for every query, and
 * preparing costs more than running a small one). Mathaf never streams rows, so a statement is
 * never in use by two queries at once on this one connection.
 */
function cachingStatements(sqlite: SQLite.Database, size = 500): SQLite.Database {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
    } else {
      stmt = prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
  return sqlite;
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  if (isPostgresUrl(url)) {
    // int8 (counts) as numbers: Mathaf's counts stay far below 2^53.
    pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolMax ?? 10,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    // A connection the server cuts (a restart, a failover) is dropped by the pool and replaced on next
    // use, and the query on it fails; unheard, its 'error' event would end the process, whether the
    // connection was idle in the pool (the pool's event) or held between two queries (the client's).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    if (options.prepare !== false) pool.on('connect', preparingStatements);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: postgresDialect,
      snapshot: (file) => snapshotDatabase(url, file, { searchPath: options.searchPath }),
      close: () => db.destroy(),
    };
  }
  const file = url.replace(/^sqlite:/, '') || ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`mmap_size = ${Math.max(0, Math.trunc(options.mmapBytes ?? SQLITE_MMAP_DEFAULT))}`);
  const db = new Kysely<DB>({ dialect: new SqliteKeepingErrors(cachingStatements(sqlite)) });
  return {
    db,
    dialect: sqliteDialect,
    snapshot: (file) => snapshotDatabase(url, file, { sqlite }),
    close: () => db.destroy(),
  };
}
