import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: gives the PostgreSQL tier a server. Uses TEST_DATABASE_URL when set;
 * otherwise starts a throwaway PostgreSQL cluster on a Unix socket (initdb refuses root, so it
 * runs as the `postgres` user) and stops it when the run ends.
 */
export default function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const initdb = spawnSync('sh', ['-c', 'command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1'], { encoding: 'utf8' }).stdout.trim();
  if (!initdb) {
    if (process.env.CI) throw new Error('PostgreSQL tier: no initdb found and no TEST_DATABASE_URL set');
    console.warn('PostgreSQL tier skipped: install PostgreSQL (initdb) or set TEST_DATABASE_URL');
    project.provide('pgUrl', '');
    return;
  }
  const bin = initdb.replace(/initdb$/, '');
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-pg-'));
  chmodSync(dir, 0o777);
  const asPg = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd: string, args: string[]) => execFileSync(asPg[0] ?? cmd, asPg.length ? [...asPg.slice(1), cmd, ...args] : args, { stdio: 'pipe' });
  run(`${bin}initdb`, ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  run(`${bin}pg_ctl`, [
    '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', 'start',
    '-o', `-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
  ]);
  project.provide('pgUrl', `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`);
  return () => {
    try {
      run(`${bin}pg_ctl`, ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
