/**
 * Data in and out. A CSV file of BENCH_IMPORT_ROWS rows (100,000 by default) imported end to end
 * (file read, mapping, validation, authority matching, audit, search index, in transactions of a
 * thousand rows) beside the engine writing the very rows the import wrote (bareFloor); then the same
 * records harvested over OAI-PMH (ListRecords, oai_dc, every page by resumption token) from a
 * server on loopback, and taken in by another instance's harvester from the first served in a
 * process of its own.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { createApp } from '../src/http/app.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';
import { createLogger } from '../src/logger.js';
import { type Engine, freshServices, served } from './common.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const TITLES_AR = ['مصحف', 'إبريق', 'طبق', 'سجادة', 'مخطوطة', 'قنينة', 'مشكاة', 'صحن', 'قلمدان', 'سيف'];
const TITLES_EN = [
  'Qurʾan',
  'Ewer',
  'Dish',
  'Carpet',
  'Manuscript',
  'Bottle',
  'Mosque lamp',
  'Bowl',
  'Pen box',
  'Sword',
];
const MATERIALS = [
  ['brass', 'نحاس أصفر'],
  ['paper', 'ورق'],
  ['silk', 'حرير'],
  ['glass', 'زجاج'],
  ['fritware', 'خزف'],
];

/** The file: titles in Arabic and English, a Hijri date, a material linked by name, a height. */
function csvFile(n: number): Buffer {
  const lines = ['accession_number,title_ar,title_en,materials,dates,dimensions_height'];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    lines.push(
      `IMP.${i},${TITLES_AR[k]} ${i},${TITLES_EN[k]} ${i},${MATERIALS[i % 5]![i % 2]},${700 + (i % 600)} AH,${10 + (i % 90)} cm`,
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function run(engine: Engine, pgUrl: string | null) {
  const file = csvFile(ROWS);
  const out: Record<string, number> = {};
  const { s, url, drop } = await freshServices(engine, pgUrl);
  try {
    const museum = await s.museums.create(SYSTEM_ACTOR, {
      slug: 'bench',
      names: [{ lang: 'en', value: 'Bench' }],
    });
    for (const [en, ar] of MATERIALS)
      await s.authorities.create(SYSTEM_ACTOR, null, {
        type: 'concept',
        scheme: 'material',
        shared: true,
        labels: [
          { lang: 'en', value: en! },
          { lang: 'ar', value: ar! },
        ],
      });
    const started = process.hrtime.bigint();
    const up = await s.imports.upload(SYSTEM_ACTOR, museum.id, 'bench.csv', file);
    const mapping = { columns: up.suggested, visibility: 'public' };
    const batch = await s.imports.runNow(SYSTEM_ACTOR, museum.id, up.batch.id, { mapping });
    if (batch.status !== 'done' || batch.report?.create !== ROWS)
      throw new Error(`import ${batch.status}: ${JSON.stringify(batch.report).slice(0, 500)} ${batch.error}`);
    out.import = ROWS / (Number(process.hrtime.bigint() - started) / 1e9);
    console.error(`${engine} import: ${ROWS} rows, ${Math.round(out.import)} rows/s`);
    const floor = await bareFloor(engine, pgUrl, s);
    out.bare = floor.all;
    for (const [t, us] of Object.entries(floor.perTable)) out[`floor:${t}`] = us;
    out.harvest = await harvest(s);
    out.harvester = await harvester(engine, pgUrl, url);
  } finally {
    await drop();
  }
  return out;
}

/** The tables an import writes, in the order it writes them. */
const WRITTEN = [
  'object',
  'object_date',
  'object_link',
  'search_doc',
  'search_term',
  'audit_event',
  'import_row',
] as const;

/**
 * The engine's floor: every row the import wrote (objects, dates, links, search documents with
 * their full-text index and facet values, terms, audit events, the batch's rows), read back and written
 * into a fresh database straight through the driver (prepared statements on SQLite, multi-row
 * inserts on PostgreSQL), in as many transactions as the import used. Nothing is parsed,
 * validated, matched or serialised: what is left is the engine's own work for the same rows.
 */
async function bareFloor(
  engine: Engine,
  pgUrl: string | null,
  from: Awaited<ReturnType<typeof freshServices>>['s'],
): Promise<{ all: number; perTable: Record<string, number> }> {
  const read = async (t: string) =>
    (await sql.raw(`SELECT * FROM ${t}`).execute(from.database.db)).rows as Record<string, unknown>[];
  const data: Record<string, Record<string, unknown>[]> = {};
  for (const t of [...WRITTEN, ...REFERRED]) data[t] = await read(t);
  // The full-text index: FTS5's written beside each document (see sqliteWriter), PostgreSQL's tsvector column copied as it is.
  // SQLite's documents keep the numbers the import gave them (public ones take numbers of their own); PostgreSQL numbers its own.
  if (engine === 'postgres') for (const r of data.search_doc!) delete r.doc_id;
  const seconds = await writeBare(engine, pgUrl, data, WRITTEN);
  console.error(
    `${engine} bare: the same ${WRITTEN.reduce((n, t) => n + data[t]!.length, 0)} rows in ${seconds.toFixed(2)} s`,
  );
  // Each table alone, into a database holding what it refers to already: where the floor's time goes, in µs per imported row.
  const perTable: Record<string, number> = {};
  for (const [i, t] of WRITTEN.entries())
    perTable[t] = ((await writeBare(engine, pgUrl, data, [t], WRITTEN.slice(0, i))) / ROWS) * 1e6;
  return { all: ROWS / seconds, perTable };
}

/** What the imported rows refer to, written before the clock starts. */
const REFERRED = ['organization', 'museum', 'authority'] as const;

/** Writes these tables' rows into a fresh database in as many transactions as the import used (`before` written first, off the clock): seconds. */
async function writeBare(
  engine: Engine,
  pgUrl: string | null,
  data: Record<string, Record<string, unknown>[]>,
  tables: readonly string[],
  before: readonly string[] = [],
): Promise<number> {
  const { url, drop } = await freshServices(engine, pgUrl);
  const writer = engine === 'sqlite' ? sqliteWriter(url) : await postgresWriter(url);
  const chunks = Math.ceil(ROWS / 1000);
  try {
    for (const t of [...REFERRED, ...before])
      await writer.transaction(async () => writer.insert(t, data[t]!));
    const started = process.hrtime.bigint();
    for (let c = 0; c < chunks; c++) {
      await writer.transaction(async () => {
        for (const t of tables) await writer.insert(t, slice(data[t]!, c, chunks));
      });
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await writer.close();
    await drop();
  }
}

interface BareWriter {
  transaction(f: () => Promise<void>): Promise<void>;
  insert(table: string, rows: Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

/** One prepared statement per table, run row by row inside each transaction. */
function sqliteWriter(url: string): BareWriter {
  const db = new SQLite(url.replace(/^sqlite:/, ''));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const statements = new Map<string, SQLite.Statement>();
  return {
    async transaction(f) {
      db.exec('BEGIN');
      await f();
      db.exec('COMMIT');
    },
    async insert(table, rows) {
      if (!rows.length) return;
      const cols = Object.keys(rows[0]!);
      const st =
        statements.get(table) ??
        db.prepare(
          `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        );
      statements.set(table, st);
      for (const row of rows) st.run(Object.values(row));
      // FTS5's index is written beside the documents, as the platform writes it: in the order of their numbers.
      if (table === 'search_doc') {
        const fts =
          statements.get('search_fts') ??
          db.prepare(
            'INSERT INTO search_fts (rowid, head, head_stems, exact, stems, scope) VALUES (?, ?, ?, ?, ?, ?)',
          );
        statements.set('search_fts', fts);
        for (const r of [...rows].sort((a, b) => Number(a.doc_id) - Number(b.doc_id)))
          fts.run(r.doc_id, r.head, r.head_stems, r.exact, r.stems, r.scope);
      }
    },
    async close() {
      db.close();
    },
  };
}

/** Inserts of 500 rows a statement on one connection. */
async function postgresWriter(url: string): Promise<BareWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async transaction(f) {
      await client.query('BEGIN');
      await f();
      await client.query('COMMIT');
    },
    async insert(table, rows) {
      for (let i = 0; i < rows.length; i += 500) {
        const part = rows.slice(i, i + 500);
        const cols = Object.keys(part[0]!);
        const values = part
          .map((_, r) => `(${cols.map((_, k) => `$${r * cols.length + k + 1}`).join(', ')})`)
          .join(', ');
        await client.query(
          `INSERT INTO ${table} (${cols.map((x) => `"${x}"`).join(', ')}) VALUES ${values}`,
          part.flatMap((row) => Object.values(row)),
        );
      }
    },
    close: () => client.end(),
  };
}

/** The c-th of n even stretches of a table's rows. */
function slice<T>(rows: T[], c: number, n: number): T[] {
  return rows.slice(Math.floor((rows.length * c) / n), Math.floor((rows.length * (c + 1)) / n));
}

/** Every record over OAI-PMH from a server on loopback, page by page: records per second. */
async function harvest(s: Awaited<ReturnType<typeof freshServices>>['s']): Promise<number> {
  const app = createApp(s, createLogger({ LOG_LEVEL: 'silent' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai`;
  let records = 0;
  const started = process.hrtime.bigint();
  try {
    let url = `${base}?verb=ListRecords&metadataPrefix=oai_dc`;
    for (;;) {
      const xml = await (await fetch(url)).text();
      records += xml.split('<record>').length - 1;
      const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
      if (!token) break;
      url = `${base}?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
    }
  } finally {
    await new Promise((r) => server.close(r));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (records !== ROWS) throw new Error(`harvested ${records} of ${ROWS}`);
  console.error(`harvest: ${records} records in ${seconds.toFixed(2)} s`);
  return records / seconds;
}

/**
 * The hub's harvester taking in every record (oai_dc), end to end: records per second. The source
 * is this instance served by `mathaf serve` in a process of its own, as a member's server is its
 * own machine (it shares this one's two cores).
 */
async function harvester(engine: Engine, pgUrl: string | null, sourceUrl: string): Promise<number> {
  const server = await served(sourceUrl, 1);
  const { s: hub, drop } = await freshServices(engine, pgUrl);
  try {
    const registered = await hub.harvests.register(SYSTEM_ACTOR, {
      name: 'Loopback',
      baseUrl: `${server.base}/oai`,
      metadataPrefix: 'oai_dc',
      intervalHours: 0,
      allowPrivate: true,
      slug: 'loopback',
    });
    const started = process.hrtime.bigint();
    const run = await hub.harvests.execute(registered.id, { once: true });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run?.report.added !== ROWS)
      throw new Error(`harvester took in ${run?.report.added} of ${ROWS}: ${run?.report.error}`);
    console.error(`${engine} harvester: ${ROWS} records in ${seconds.toFixed(2)} s`);
    return ROWS / seconds;
  } finally {
    await drop();
    await server.close();
  }
}

export async function benchImports(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const rows = [
    `### CSV import and OAI-PMH harvest (${ROWS.toLocaleString('en')} rows)`,
    '',
    '| engine | import end to end /s | the same rows written bare /s | ratio | OAI-PMH ListRecords over loopback records/s | harvester taking them in records/s |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const results: [Engine, Record<string, number>][] = [];
  for (const engine of engines) {
    const r = await run(engine, pgUrl);
    results.push([engine, r]);
    rows.push(
      `| ${engine} | ${Math.round(r.import!)} | ${Math.round(r.bare!)} | ${(r.import! / r.bare!).toFixed(2)} | ${Math.round(r.harvest!)} | ${Math.round(r.harvester!)} |`,
    );
  }
  rows.push(
    '',
    'Targets (issue 7): import ≥ 20,000 rows/s on SQLite (100,000 rows under 5 s); harvest ≥ 5,000 records/s.',
  );
  rows.push(
    '',
    "The bare floor table by table: each table's rows alone, written into a database that holds what they refer to, in µs per imported row (20,000 rows/s is 50 µs a row for everything).",
    '',
    `| engine | ${WRITTEN.join(' | ')} | sum |`,
    `|---|${WRITTEN.map(() => '---:').join('|')}|---:|`,
  );
  for (const [engine, r] of results)
    rows.push(
      `| ${engine} | ${WRITTEN.map((t) => r[`floor:${t}`]!.toFixed(1)).join(' | ')} | ${WRITTEN.reduce((n, t) => n + r[`floor:${t}`]!, 0).toFixed(1)} |`,
    );
  return rows;
}
