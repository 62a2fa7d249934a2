/**
 * The directory and the network's figures at a network's size: the directory page over
 * BENCH_DIRECTORY_MUSEUMS museums (5,000 by default), and the figures page over
 * BENCH_DASHBOARD_OBJECTS objects (1,000,000) across 500 museums, a third with an image. Server
 * time per request in-process (p50, p95), and the figures' computation when nothing is cached.
 */
import { newId, nowIso } from '../src/db/ids.js';
import { createApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { museumProfile } from '../src/modules/museums/museum.schemas.js';
import { accessionSortKey } from '../src/modules/common/sort-keys.js';
import { type Engine, freshServices, median } from './common.js';

const MUSEUMS = Number(process.env.BENCH_DIRECTORY_MUSEUMS ?? 5_000);
const OBJECTS = Number(process.env.BENCH_DASHBOARD_OBJECTS ?? 1_000_000);
const STATES = [
  'EG',
  'MA',
  'TN',
  'DZ',
  'JO',
  'SA',
  'TR',
  'IR',
  'PK',
  'ID',
  'MY',
  'NG',
  'SN',
  'SD',
  'IQ',
  'SY',
  'LB',
  'AE',
  'QA',
  'KW',
];
const TYPES = [
  'national',
  'art',
  'archaeology',
  'history',
  'ethnography',
  'islamic-art',
  'science',
  'site-museum',
];
const WORDS = [
  'national',
  'museum',
  'art',
  'heritage',
  'palace',
  'house',
  'manuscripts',
  'ceramics',
  'textiles',
  'coins',
];
const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Museum rows written directly (with the organization each needs): the directory's facts, a city, coordinates for some. */
async function museums(s: Awaited<ReturnType<typeof freshServices>>['s'], n: number): Promise<string[]> {
  const ids: string[] = [];
  const now = nowIso();
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, k) => i + k).map((j) => ({
      id: newId(),
      j,
    }));
    await s.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('organization')
        .values(
          batch.map(({ id, j }) => ({
            id,
            name: `Museum ${j}`,
            slug: `m-${j}`,
            createdAt: now,
            logo: null,
            metadata: null,
          })),
        )
        .execute();
      await trx
        .insertInto('museum')
        .values(
          batch.map(({ id, j }) => ({
            id,
            slug: `m-${j}`,
            names: JSON.stringify([
              { lang: 'en', value: `${WORDS[j % 10]} ${WORDS[(j * 7) % 10]} museum ${j}` },
              { lang: 'ar', value: `متحف ${j}` },
            ]),
            country_code: STATES[j % STATES.length]!,
            city: `City ${j % 97}`,
            default_language: 'en',
            created_at: now,
            updated_at: now,
            profile: JSON.stringify(
              museumProfile.parse(j % 3 ? {} : { latitude: 20 + (j % 20), longitude: 10 + (j % 40) }),
            ),
            museum_type: TYPES[j % TYPES.length]!,
          })),
        )
        .execute();
    });
    ids.push(...batch.map((b) => b.id));
  }
  return ids;
}

/** Objects spread over the museums, 80% public in the index, a third with an image ready. */
async function objects(
  s: Awaited<ReturnType<typeof freshServices>>['s'],
  museumIds: string[],
  n: number,
): Promise<void> {
  const now = nowIso();
  for (let i = 0; i < n; i += 1000) {
    await s.database.db.transaction().execute(async (trx) => {
      const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => i + k).map((j) => ({
        id: newId(),
        j,
        museum: museumIds[j % museumIds.length]!,
      }));
      for (let k = 0; k < rows.length; k += 200) {
        const part = rows.slice(k, k + 200);
        await trx
          .insertInto('object')
          .values(
            part.map(({ id, j, museum }) => ({
              id,
              museum_id: museum,
              accession_number: `D.${j}`,
              accession_sort: accessionSortKey(`D.${j}`),
              visibility: j % 5 ? 'public' : 'internal',
              titles: '[]',
              descriptions: '[]',
              sort_title: '',
              other_numbers: '[]',
              dimensions: '[]',
              inscriptions: '[]',
              provenance: '[]',
              credit_line: '[]',
              keywords: '[]',
              rights: null,
              date_earliest: null,
              date_latest: null,
              date_review: 0,
              created_at: now,
              updated_at: now,
              created_by: null,
              updated_by: null,
              version: 1,
            })),
          )
          .execute();
        const columns = s.database.dialect.fullText.documentColumns;
        await trx
          .insertInto('search_doc')
          .values(
            part.map(({ id, j, museum }) => {
              const d = {
                objectId: id,
                museumId: museum,
                isPublic: j % 5 !== 0,
                head: '',
                headStems: '',
                exact: 'x',
                stems: '',
                facets: [],
              };
              return {
                object_id: id,
                museum_id: museum,
                is_public: d.isPublic ? 1 : 0,
                exact: 'x',
                stems: '',
                updated_at: now,
                ...columns(d),
              };
            }) as never,
          )
          .execute();
        const withImage = part.filter(({ j }) => j % 3 === 0);
        if (withImage.length) {
          await trx
            .insertInto('media')
            .values(
              withImage.map(({ id, museum }) => ({
                id: newId(),
                museum_id: museum,
                object_id: id,
                sha256: id,
                size: 1,
                format: 'jpeg',
                width: 10,
                height: 10,
                pages: null,
                original_name: null,
                storage_key: id,
                position: 0,
                created_at: now,
                created_by_label: 'bench',
                derivatives: '{"pyramid":{"width":10,"height":10}}',
                rights: null,
                credit: null,
              })),
            )
            .execute();
        }
      }
    });
  }
}

async function time(
  app: ReturnType<typeof createApp>,
  paths: string[],
  rounds: number,
): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const p of paths) {
      const t = performance.now();
      const res = await app.request(p);
      await res.text();
      if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
      times.push(performance.now() - t);
    }
  }
  return { p50: median(times), p95: pct(times, 0.95) };
}

async function run(engine: Engine, pgUrl: string | null): Promise<string[]> {
  const { s, drop } = await freshServices(engine, pgUrl);
  try {
    const ids = await museums(s, MUSEUMS);
    const app = createApp(s, createLogger({ LOG_LEVEL: 'silent' }));
    const coldDirectory = performance.now();
    await (await app.request('/en/directory')).text();
    const cold = performance.now() - coldDirectory;
    const dir = await time(
      app,
      [
        '/en/directory',
        '/ar/directory?country=EG',
        '/en/directory?type=art&offset=50',
        '/fr/directory?q=palace',
        '/en/directory?country=MA&online=no',
        '/directory.csv?country=TN',
      ],
      50,
    );
    console.error(
      `${engine} directory: cold ${cold.toFixed(0)} ms, p50 ${dir.p50.toFixed(1)}, p95 ${dir.p95.toFixed(1)}`,
    );
    const loadStart = performance.now();
    await objects(s, ids.slice(0, 500), OBJECTS);
    console.error(
      `${engine}: ${OBJECTS} objects written in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`,
    );
    const figuresStart = performance.now();
    const f = await s.network.refresh();
    const figures = performance.now() - figuresStart;
    if (f.objectsCatalogued !== OBJECTS) throw new Error(`counted ${f.objectsCatalogued} objects`);
    const dash = await time(app, ['/en/network', '/ar/network', '/network/summary.csv'], 50);
    console.error(
      `${engine} figures: computed in ${figures.toFixed(0)} ms, page p50 ${dash.p50.toFixed(1)}, p95 ${dash.p95.toFixed(1)}`,
    );
    return [
      `| ${engine} | directory (${MUSEUMS.toLocaleString('en')} museums) | ${cold.toFixed(0)} | ${dir.p50.toFixed(1)} | ${dir.p95.toFixed(1)} |`,
      `| ${engine} | figures (${OBJECTS.toLocaleString('en')} objects, 500 museums; counted by the job) | ${figures.toFixed(0)} | ${dash.p50.toFixed(1)} | ${dash.p95.toFixed(1)} |`,
    ];
  } finally {
    await drop();
  }
}

export async function benchDirectory(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const rows = [
    '### The directory and the network’s figures',
    '',
    '| engine | page | first request, or the job’s count (ms) | p50 (ms) | p95 (ms) |',
    '|---|---|---:|---:|---:|',
  ];
  for (const engine of engines) rows.push(...(await run(engine, pgUrl)));
  rows.push(
    '',
    'Targets (issue 8): directory p95 ≤ 50 ms, figures p95 ≤ 200 ms on 2 cores. The directory keeps its list a minute (its first request reads every museum); the figures are counted by a job every five minutes and requests read the stored result (its count is the first column).',
  );
  return rows;
}
