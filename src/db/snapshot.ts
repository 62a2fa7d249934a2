import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl } from '../config.js';

const run = promisify(execFile);

/** A PostgreSQL client program: on the PATH, or in Debian's versioned directory (the newest). */
export function pgProgram(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(`/usr/lib/postgresql/${v}/bin/${name}`)) return `/usr/lib/postgresql/${v}/bin/${name}`;
  throw new Error(`${name} was not found; install the PostgreSQL client (apt-get install postgresql-client)`);
}

/**
 * A consistent copy of the whole database while the platform runs. SQLite: its online backup API,
 * page by page between other writes. PostgreSQL: pg_dump in its custom format, one snapshot
 * transaction (only Mathaf's schema when it works in one).
 */
export async function snapshotDatabase(url: string, file: string, handle: { sqlite?: SQLite.Database; searchPath?: string | undefined }): Promise<void> {
  if (!isPostgresUrl(url)) {
    if (!handle.sqlite) throw new Error('no SQLite connection to back up');
    await handle.sqlite.backup(file);
    return;
  }
  await run(pgProgram('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, ...(handle.searchPath ? [`--schema=${handle.searchPath}`] : []), `--dbname=${url}`]);
}

/**
 * Puts a snapshot back as the database at `url`, which must be empty (a fresh machine) unless
 * `force`. SQLite: the file copied into place (and stale WAL files removed); PostgreSQL: pg_restore.
 */
export async function restoreDatabase(url: string, file: string, { force = false, schema = 'public' }: { force?: boolean; schema?: string } = {}): Promise<void> {
  if (!isPostgresUrl(url)) {
    const target = url.replace(/^sqlite:/, '');
    if (!target || target === ':memory:') throw new Error('restore needs a database file (DATABASE_URL=sqlite:path)');
    const size = await stat(target).then((s) => s.size, () => 0);
    if (size > 0 && !force) throw new Error(`${target} already holds a database; restore into a new one, or give --force to replace it`);
    for (const suffix of ['-wal', '-shm']) await rm(`${target}${suffix}`, { force: true });
    await copyFile(file, target);
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT LIKE 'pg_%'", [schema]);
    if (r.rows[0].n > 0 && !force) throw new Error(`The database already has tables in ${schema}; restore into an empty one, or give --force to replace them`);
  } finally {
    await client.end();
  }
  await run(pgProgram('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', ...(force ? ['--clean', '--if-exists'] : []), `--dbname=${url}`, file]);
}
