import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { newId } from '../src/db/ids.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createServices, type Services } from '../src/services.js';

export type Engine = 'sqlite' | 'postgres';
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

/** A fresh, migrated database: a SQLite file (WAL, synchronous=FULL) or a new PostgreSQL schema. */
export async function freshServices(
  engine: Engine,
  pgUrl: string | null,
): Promise<{ s: Services; url: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mathaf-bench-'));
    const url = `sqlite:${join(dir, 'bench.sqlite')}`;
    const database = openDatabase(url);
    const s = createServices(config, database);
    await migrateToLatest(database, s.auth.options);
    return {
      s,
      url,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  // The random end of the id: its start is the time, alike for two schemas made in the same minute.
  const schema = `bench_${newId().replace(/-/g, '').slice(-12)}`;
  const admin = new pg.Client({ connectionString: pgUrl! });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = openDatabase(pgUrl!, { searchPath: schema, poolMax: 4 });
  const s = createServices(config, database);
  await migrateToLatest(database, s.auth.options);
  const url = new URL(pgUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    s,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

export async function seconds<T>(f: () => Promise<T>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** `mathaf serve` over the benchmark's database, as it runs on a server, with `workers` HTTP processes. */
export async function served(url: string, workers: number) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(
    process.execPath,
    [fileURLToPath(new URL('../bin/mathaf.js', import.meta.url)), 'serve'],
    {
      env: {
        ...process.env,
        WORKERS: String(workers),
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: base,
        DATABASE_URL: url,
        MEDIA_DIR: join(mkdtempSync(join(tmpdir(), 'mathaf-bench-media-')), 'media'),
        LOG_LEVEL: 'silent',
        NODE_ENV: 'production',
        AUTH_SECRET: 'bench-secret-bench-secret-bench-secret',
      },
      stdio: 'ignore',
    },
  );
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600) throw new Error('mathaf serve did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  // Every process up and warm before the clock starts.
  await Promise.all(Array.from({ length: 50 * workers }, () => fetch(`${base}/healthz`)));
  return {
    base,
    pid: proc.pid!,
    close: () =>
      new Promise<void>((r) => {
        proc.once('exit', () => r());
        proc.kill('SIGTERM');
      }),
  };
}
