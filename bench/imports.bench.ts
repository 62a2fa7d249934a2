/**
 * Data in and out. A CSV file of BENCH_IMPORT_ROWS rows (100,000 by default) imported end to end
 * (file read, mapping, validation, authority matching, audit, search index, in transactions of a
 * thousand rows) beside a bare insert of the same rows into the object table; then the same
 * records harvested over OAI-PMH (ListRecords, oai_dc, every page by resumption token) from a
 * server on loopback.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { newId, nowIso } from '../src/db/ids.js';
import { createApp } from '../src/http/app.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';
import { accessionSortKey } from '../src/modules/common/sort-keys.js';
import { createLogger } from '../src/logger.js';
import { type Engine, freshServices } from './common.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const TITLES_AR = ['مصحف', 'إبريق', 'طبق', 'سجادة', 'مخطوطة', 'قنينة', 'مشكاة', 'صحن', 'قلمدان', 'سيف'];
const TITLES_EN = ['Qurʾan', 'Ewer', 'Dish', 'Carpet', 'Manuscript', 'Bottle', 'Mosque lamp', 'Bowl', 'Pen box', 'Sword'];
const MATERIALS = [['brass', 'نحاس أصفر'], ['paper', 'ورق'], ['silk', 'حرير'], ['glass', 'زجاج'], ['fritware', 'خزف']];

/** The file: titles in Arabic and English, a Hijri date, a material linked by name, a height. */
function csvFile(n: number): Buffer {
  const lines = ['accession_number,title_ar,title_en,materials,dates,dimensions_height'];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    lines.push(`IMP.${i},${TITLES_AR[k]} ${i},${TITLES_EN[k]} ${i},${MATERIALS[i % 5]![i % 2]},${700 + (i % 600)} AH,${10 + (i % 90)} cm`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function run(engine: Engine, pgUrl: string | null) {
  const file = csvFile(ROWS);
  const out: Record<string, number> = {};
  for (const mode of ['bare', 'import'] as const) {
    const { s, drop } = await freshServices(engine, pgUrl);
    const museum = await s.museums.create(SYSTEM_ACTOR, { slug: 'bench', names: [{ lang: 'en', value: 'Bench' }] });
    for (const [en, ar] of MATERIALS) await s.authorities.create(SYSTEM_ACTOR, null, { type: 'concept', scheme: 'material', shared: true, labels: [{ lang: 'en', value: en! }, { lang: 'ar', value: ar! }] });
    const started = process.hrtime.bigint();
    if (mode === 'import') {
      const up = await s.imports.upload(SYSTEM_ACTOR, museum.id, 'bench.csv', file);
      const mapping = { columns: up.suggested, visibility: 'public' };
      const batch = await s.imports.runNow(SYSTEM_ACTOR, museum.id, up.batch.id, { mapping });
      if (batch.status !== 'done' || batch.report?.create !== ROWS) throw new Error(`import ${batch.status}: ${JSON.stringify(batch.report).slice(0, 500)} ${batch.error}`);
    } else {
      const now = nowIso();
      const rows = file.toString('utf8').trim().split('\r\n').slice(1).map((line) => line.split(','));
      for (let i = 0; i < rows.length; i += 1000) {
        await s.database.db.transaction().execute(async (trx) => {
          for (let j = i; j < Math.min(rows.length, i + 1000); j += 100) {
            await trx.insertInto('object').values(rows.slice(j, j + 100).map(([accession, ar, en]) => {
              const titles = JSON.stringify([{ lang: 'ar', value: ar }, { lang: 'en', value: en }]);
              return {
                id: newId(), museum_id: museum.id, accession_number: accession!, accession_sort: accessionSortKey(accession!), visibility: 'public', titles, descriptions: '[]',
                sort_title: ar!, other_numbers: '[]', dimensions: '[]', inscriptions: '[]', provenance: '[]', credit_line: '[]', keywords: '[]', rights: null,
                date_earliest: null, date_latest: null, date_review: 0, created_at: now, updated_at: now, created_by: null, updated_by: null, version: 1,
              };
            })).execute();
          }
        });
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    out[mode] = ROWS / seconds;
    console.error(`${engine} ${mode}: ${ROWS} rows in ${seconds.toFixed(2)} s, ${Math.round(ROWS / seconds)} rows/s`);
    if (mode === 'import') {
      out.harvest = await harvest(s);
      out.harvester = await harvester(engine, pgUrl, s);
    }
    await drop();
  }
  return out;
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

/** The hub's harvester taking in every record (oai_dc) from this instance on loopback, end to end: records per second. */
async function harvester(engine: Engine, pgUrl: string | null, source: Awaited<ReturnType<typeof freshServices>>['s']): Promise<number> {
  const app = createApp(source, createLogger({ LOG_LEVEL: 'silent' }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const { s: hub, drop } = await freshServices(engine, pgUrl);
  try {
    const registered = await hub.harvests.register(SYSTEM_ACTOR, { name: 'Loopback', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai`, metadataPrefix: 'oai_dc', intervalHours: 0, allowPrivate: true, slug: 'loopback' });
    const started = process.hrtime.bigint();
    const run = await hub.harvests.execute(registered.id, { once: true });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run?.report.added !== ROWS) throw new Error(`harvester took in ${run?.report.added} of ${ROWS}: ${run?.report.error}`);
    console.error(`${engine} harvester: ${ROWS} records in ${seconds.toFixed(2)} s`);
    return ROWS / seconds;
  } finally {
    await drop();
    await new Promise((r) => server.close(r));
  }
}

export async function benchImports(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const rows = [
    `### CSV import and OAI-PMH harvest (${ROWS.toLocaleString('en')} rows)`,
    '',
    '| engine | import end to end /s | bare insert of the rows /s | ratio | OAI-PMH ListRecords over loopback records/s | harvester taking them in records/s |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const engine of engines) {
    const r = await run(engine, pgUrl);
    rows.push(`| ${engine} | ${Math.round(r.import!)} | ${Math.round(r.bare!)} | ${(r.import! / r.bare!).toFixed(2)} | ${Math.round(r.harvest!)} | ${Math.round(r.harvester!)} |`);
  }
  rows.push('', 'Targets (issue 7): import ≥ 20,000 rows/s on SQLite (100,000 rows under 5 s); harvest ≥ 5,000 records/s.');
  return rows;
}
