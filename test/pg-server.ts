import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts a throwaway PostgreSQL cluster on a Unix socket (initdb refuses root, so it runs as
 * the `postgres` user when needed), with these server settings beside its defaults. Returns null
 * when PostgreSQL is not installed.
 */
export function startThrowawayPostgres(
  settings: Record<string, string> = {},
): { url: string; stop(): void; crashAndRestart(): void } | null {
  const initdb = spawnSync(
    'sh',
    ['-c', 'command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1'],
    { encoding: 'utf8' },
  ).stdout.trim();
  if (!initdb) return null;
  const bin = initdb.replace(/initdb$/, '');
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-pg-'));
  chmodSync(dir, 0o777);
  const asPg = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd: string, args: string[]) =>
    execFileSync(asPg[0] ?? cmd, asPg.length ? [...asPg.slice(1), cmd, ...args] : args, { stdio: 'pipe' });
  run(`${bin}initdb`, [
    '-D',
    join(dir, 'data'),
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const start = () =>
    run(`${bin}pg_ctl`, [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
      '-o',
      [
        `-k ${dir} -c listen_addresses='' -c max_connections=200`,
        ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
      ].join(' '),
    ]);
  start();
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`,
    /** Stops the server as a crash would (no checkpoint, connections cut), and starts it again: it recovers from its log. */
    crashAndRestart() {
      run(`${bin}pg_ctl`, ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      start();
    },
    stop() {
      try {
        run(`${bin}pg_ctl`, ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
