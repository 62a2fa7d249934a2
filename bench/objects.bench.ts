/**
 * Objects created per second through the service layer (validation, date parsing, authority
 * checks, audit event, one transaction each) against a bare insert loop of the same rows.
 */
import { newId, nowIso } from '../src/db/ids.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';
import { accessionSortKey } from '../src/modules/common/sort-keys.js';
import { type Engine, freshServices } from './common.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);

async function run(engine: Engine, n: number, pgUrl: string | null) {
  const results: Record<string, number> = {};
  for (const mode of ['bare', 'service'] as const) {
    const { s, drop } = await freshServices(engine, pgUrl);
    const database = s.database;
    const museum = await s.museums.create(SYSTEM_ACTOR, {
      slug: 'bench',
      names: [{ lang: 'en', value: 'Bench' }],
    });
    const dynasty = await s.authorities.create(SYSTEM_ACTOR, null, {
      type: 'concept',
      scheme: 'dynasty',
      shared: true,
      labels: [
        { lang: 'en', value: 'Mamluk' },
        { lang: 'ar', value: 'المماليك' },
      ],
    });
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const accession = `B.${i}`;
      const titles = [
        { lang: 'ar', value: `قطعة رقم ${i}` },
        { lang: 'en', value: `Object ${i}` },
      ];
      if (mode === 'service') {
        await s.objects.create(SYSTEM_ACTOR, museum.id, {
          accessionNumber: accession,
          titles,
          dates: ['865 AH/AD 1461'],
          dynasties: [{ id: dynasty.id }],
        });
      } else {
        const now = nowIso();
        await database.db
          .insertInto('object')
          .values({
            id: newId(),
            museum_id: museum.id,
            accession_number: accession,
            accession_sort: accessionSortKey(accession),
            visibility: 'draft',
            titles: JSON.stringify(titles),
            descriptions: '[]',
            sort_title: titles[0]!.value,
            other_numbers: '[]',
            dimensions: '[]',
            inscriptions: '[]',
            provenance: '[]',
            credit_line: '[]',
            keywords: '[]',
            rights: null,
            date_earliest: 1461,
            date_latest: 1461,
            date_review: 0,
            created_at: now,
            updated_at: now,
            created_by: null,
            updated_by: null,
            version: 1,
          })
          .execute();
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    results[mode] = n / seconds;
    await drop();
    console.error(`${engine} ${n} ${mode}: ${Math.round(n / seconds)} objects/s`);
  }
  return results;
}

/** Rows of the results table, one per engine and size. */
export async function benchObjects(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const rows = [
    '### Objects created per second',
    '',
    '| engine | objects | service layer (validation + audit) /s | bare insert loop /s | ratio |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const engine of engines) {
    for (const n of SIZES) {
      const r = await run(engine, n, pgUrl);
      rows.push(
        `| ${engine} | ${n.toLocaleString('en')} | ${Math.round(r.service!)} | ${Math.round(r.bare!)} | ${(r.service! / r.bare!).toFixed(2)} |`,
      );
    }
  }
  return rows;
}
