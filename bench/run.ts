/**
 * `npm run bench`: objects created per second through the service layer (validation, date
 * parsing, authority checks, audit event, one transaction each) against a bare insert loop of
 * the same rows, at 10k and 100k objects, on SQLite (a file, WAL, synchronous=FULL) and on
 * PostgreSQL. Writes a Markdown table to stdout and to bench/results.md.
 * BENCH_SIZES=1000,5000 runs other sizes; TEST_DATABASE_URL picks a PostgreSQL server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { newId, nowIso } from '../src/db/ids.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';
import { accessionSortKey } from '../src/modules/common/sort-keys.js';
import { createServices } from '../src/services.js';
import { startThrowawayPostgres } from '../test/pg-server.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

async function fresh(engine: 'sqlite' | 'postgres', pgUrl: string | null) {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mathaf-bench-'));
    const database = openDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
    return { database, drop: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `bench_${newId().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: pgUrl! });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = openDatabase(pgUrl!, { searchPath: schema, poolMax: 4 });
  return { database, drop: async () => { await database.close(); await admin.query(`DROP SCHEMA ${schema} CASCADE`); await admin.end(); } };
}

async function run(engine: 'sqlite' | 'postgres', n: number, pgUrl: string | null) {
  const results: Record<string, number> = {};
  for (const mode of ['bare', 'service'] as const) {
    const { database, drop } = await fresh(engine, pgUrl);
    const s = createServices(config, database);
    await migrateToLatest(database, s.auth.options);
    const museum = await s.museums.create(SYSTEM_ACTOR, { slug: 'bench', names: [{ lang: 'en', value: 'Bench' }] });
    const dynasty = await s.authorities.create(SYSTEM_ACTOR, null, { type: 'concept', scheme: 'dynasty', shared: true, labels: [{ lang: 'en', value: 'Mamluk' }, { lang: 'ar', value: 'المماليك' }] });
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const accession = `B.${i}`;
      const titles = [{ lang: 'ar', value: `قطعة رقم ${i}` }, { lang: 'en', value: `Object ${i}` }];
      if (mode === 'service') {
        await s.objects.create(SYSTEM_ACTOR, museum.id, { accessionNumber: accession, titles, dates: ['865 AH/AD 1461'], dynasties: [{ id: dynasty.id }] });
      } else {
        const now = nowIso();
        await database.db.insertInto('object').values({
          id: newId(), museum_id: museum.id, accession_number: accession, accession_sort: accessionSortKey(accession), visibility: 'draft',
          titles: JSON.stringify(titles), descriptions: '[]', sort_title: titles[0]!.value, other_numbers: '[]', dimensions: '[]', inscriptions: '[]',
          provenance: '[]', credit_line: '[]', keywords: '[]', rights: null, date_earliest: 1461, date_latest: 1461, date_review: 0,
          created_at: now, updated_at: now, created_by: null, updated_by: null, version: 1,
        }).execute();
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    results[mode] = n / seconds;
    await drop();
    console.error(`${engine} ${n} ${mode}: ${Math.round(n / seconds)} objects/s`);
  }
  return results;
}

const pgServer = process.env.TEST_DATABASE_URL ? { url: process.env.TEST_DATABASE_URL, stop() {} } : startThrowawayPostgres();
const rows: string[] = [];
try {
  for (const engine of ['sqlite', 'postgres'] as const) {
    if (engine === 'postgres' && !pgServer) {
      console.error('PostgreSQL not available: skipped');
      continue;
    }
    for (const n of SIZES) {
      const r = await run(engine, n, pgServer?.url ?? null);
      rows.push(`| ${engine} | ${n.toLocaleString('en')} | ${Math.round(r.service!)} | ${Math.round(r.bare!)} | ${(r.service! / r.bare!).toFixed(2)} |`);
    }
  }
} finally {
  pgServer?.stop();
}
const table = [
  `Objects created per second — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
  '',
  '| engine | objects | service layer (validation + audit) /s | bare insert loop /s | ratio |',
  '|---|---:|---:|---:|---:|',
  ...rows,
  '',
].join('\n');
console.log(table);
writeFileSync(new URL('./results.md', import.meta.url), table);
