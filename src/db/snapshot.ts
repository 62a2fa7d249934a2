import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { isPostgresUrl } from '../config.js';

const run = promisify(execFile);

/** A PostgreSQL client program: on the PATH, or in Debian's versioned directory (the newest). */
export function pgProgram(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions)
    if (existsSync(`/usr/lib/postgresql/${v}/bin/${name}`)) return `/usr/lib/postgresql/${v}/bin/${name}`;
  throw new Error(`${name} was not found; install the PostgreSQL client (apt-get install postgresql-client)`);
}

/** Rows in every table a connection sees (of the schema it works in, on PostgreSQL), at the moment of its transaction. */
export async function tableCounts(db: Kysely<unknown>, schema?: string): Promise<Record<string, number>> {
  const tables = (await db.introspection.getTables())
    .filter((t) => !t.isView && (!schema || t.schema === schema))
    .map((t) => t.name)
    .sort();
  const out: Record<string, number> = {};
  for (const name of tables) {
    const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(db);
    out[name] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

/**
 * A consistent copy of the whole database while the platform runs, and the rows of every table in
 * that very copy (counted on the live database after it, the counts of a backup taken during writes
 * were those of a later moment, and its restore could never match them).
 * SQLite: `VACUUM INTO`, one read transaction that writers in WAL mode go on beside (the online
 * backup API starts again whenever another connection writes, and under steady writes may never
 * end). PostgreSQL: a transaction exports its snapshot, pg_dump dumps from it (custom format, only
 * Mathaf's schema when it works in one), and the rows are counted in it.
 */
export async function snapshotDatabase(
  url: string,
  file: string,
  handle: { sqlite?: SQLite.Database; searchPath?: string | undefined },
): Promise<Record<string, number>> {
  if (!isPostgresUrl(url)) {
    if (!handle.sqlite) throw new Error('no SQLite connection to back up');
    handle.sqlite.prepare('VACUUM INTO ?').run(file);
    const copy = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new SQLite(file, { readonly: true }) }),
    });
    try {
      return await tableCounts(copy);
    } finally {
      await copy.destroy();
    }
  }
  const client = new pg.Client({
    connectionString: url,
    ...(handle.searchPath ? { options: `-c search_path=${handle.searchPath}` } : {}),
  });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const { rows } = await client.query<{ id: string; schema: string }>(
      'SELECT pg_export_snapshot() AS id, current_schema() AS schema',
    );
    const { id, schema } = rows[0]!;
    await run(pgProgram('pg_dump'), [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--snapshot=${id}`,
      `--file=${file}`,
      ...(handle.searchPath ? [`--schema=${handle.searchPath}`] : []),
      `--dbname=${url}`,
    ]);
    // Counted through the client that holds the snapshot, as a pool of that one connection.
    const one = {
      connect: async () => ({ query: client.query.bind(client), release: () => undefined }),
      end: async () => undefined,
    };
    return await tableCounts(
      new Kysely<unknown>({ dialect: new PostgresDialect({ pool: one as unknown as pg.Pool }) }),
      schema,
    );
  } finally {
    await client.query('COMMIT').catch(() => undefined);
    await client.end();
  }
}

/**
 * Puts a snapshot back as the database at `url`, which must be empty (a fresh machine) unless
 * `force`. SQLite: the file copied into place (and stale WAL files removed); PostgreSQL: pg_restore.
 */
export async function restoreDatabase(
  url: string,
  file: string,
  { force = false, schema = 'public' }: { force?: boolean; schema?: string } = {},
): Promise<void> {
  if (!isPostgresUrl(url)) {
    const target = url.replace(/^sqlite:/, '');
    if (!target || target === ':memory:')
      throw new Error('restore needs a database file (DATABASE_URL=sqlite:path)');
    const size = await stat(target).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && !force)
      throw new Error(
        `${target} already holds a database; restore into a new one, or give --force to replace it`,
      );
    for (const suffix of ['-wal', '-shm']) await rm(`${target}${suffix}`, { force: true });
    await copyFile(file, target);
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT LIKE 'pg_%'",
      [schema],
    );
    if (r.rows[0].n > 0 && !force)
      throw new Error(
        `The database already has tables in ${schema}; restore into an empty one, or give --force to replace them`,
      );
  } finally {
    await client.end();
  }
  await run(pgProgram('pg_restore'), [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    ...(force ? ['--clean', '--if-exists'] : []),
    `--dbname=${url}`,
    file,
  ]);
}
