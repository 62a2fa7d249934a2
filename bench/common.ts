import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { newId } from '../src/db/ids.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createServices, type Services } from '../src/services.js';

export type Engine = 'sqlite' | 'postgres';
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

/** A fresh, migrated database: a SQLite file (WAL, synchronous=FULL) or a new PostgreSQL schema. */
export async function freshServices(engine: Engine, pgUrl: string | null): Promise<{ s: Services; url: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mathaf-bench-'));
    const url = `sqlite:${join(dir, 'bench.sqlite')}`;
    const database = openDatabase(url);
    const s = createServices(config, database);
    await migrateToLatest(database, s.auth.options);
    return { s, url, drop: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
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
  return { s, url: url.toString(), drop: async () => { await database.close(); await admin.query(`DROP SCHEMA ${schema} CASCADE`); await admin.end(); } };
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
