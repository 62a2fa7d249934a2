/**
 * Search at 10k, 100k (and 1M with BENCH_SEARCH_SIZES) objects whose multilingual titles and
 * descriptions are drawn from real vocabulary: the Walters records (English), the RASAM
 * manuscript lines (Arabic) and, where ../shared is present, the Arabic stop-word list (read
 * there, never copied). Reports the full index build and its size, then ranked top-20 searches
 * with facets (single words, two words, prefixes, Arabic), each beside the bare FTS query.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { newId, nowIso } from '../src/db/ids.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';
import { accessionSortKey } from '../src/modules/common/sort-keys.js';
import { words } from '../src/modules/search/normalize.js';
import type { Services } from '../src/services.js';
import { type Engine, freshServices, median } from './common.js';

const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '10000,100000').split(',').map(Number);
const ROOT = new URL('..', import.meta.url).pathname;
const STOPWORDS = join(ROOT, '../shared/data/arabic-stopwords-vocalized/stopwordsallforms.csv');

export type Vocabulary = ReturnType<typeof vocabulary>;

export function vocabulary() {
  const en = new Set<string>();
  for (const line of readFileSync(join(ROOT, 'data/samples/walters/objects.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as Record<string, string>;
    for (const f of ['Title', 'Description', 'Medium', 'Keywords', 'ObjectName'])
      for (const w of (r[f] ?? '').split(/[^A-Za-z'-]+/)) if (w.length > 2 && w !== 'None') en.add(w);
  }
  const ar = new Set<string>();
  for (const line of readFileSync(join(ROOT, 'data/samples/rasam/lines.tsv'), 'utf8').split('\n').slice(1))
    for (const w of (line.split('\t')[6] ?? '').split(/\s+/)) if (w.length > 1) ar.add(w);
  // Vocalised stop words make the Arabic text as people write it (the list stays in ../shared).
  const stop = existsSync(STOPWORDS)
    ? readFileSync(STOPWORDS, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split('\t')[1]!)
        .filter(Boolean)
    : [];
  return { en: [...en], ar: [...ar], stop };
}

/** A seeded generator, and a Zipf-like pick (common words common, rare ones rare). */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const zipf = <T>(xs: readonly T[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length * next() ** 3))]!;
  return {
    next,
    zipf,
    phrase: <T>(xs: readonly T[], n: number) => Array.from({ length: n }, () => zipf(xs)).join(' '),
  };
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Fills fresh services with `n` generated objects by bare inserts (the index is not written). */
export async function generate(s: Services, n: number, vocab: Vocabulary): Promise<void> {
  const db = s.database.db;
  const r = rng(7);
  const arText = [...vocab.ar, ...vocab.stop];
  const museum = await s.museums.create(SYSTEM_ACTOR, {
    slug: 'bench',
    names: [{ lang: 'en', value: 'Bench' }],
  });
  const authorities: string[] = [];
  for (let i = 0; i < 60; i++) {
    authorities.push(
      (
        await s.authorities.create(SYSTEM_ACTOR, museum.id, {
          type: 'concept',
          scheme: (['dynasty', 'material', 'technique', 'object_name'] as const)[i % 4],
          labels: [
            { lang: 'en', value: `${r.zipf(vocab.en)} ${i}`, preferred: true },
            { lang: 'ar', value: r.phrase(vocab.ar, 2) },
          ],
        })
      ).id,
    );
  }
  const roles = ['dynasty', 'material', 'technique', 'object_name'];
  for (let i = 0; i < n; i += 500) {
    await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const rows = [];
      const dates = [];
      const links = [];
      for (let j = i; j < Math.min(n, i + 500); j++) {
        const id = newId();
        const year = 700 + Math.floor(r.next() * 1200);
        const arTitle = `${r.phrase(vocab.ar, 2 + Math.floor(r.next() * 4))}${vocab.stop.length ? ` ${r.zipf(vocab.stop)}` : ''}`;
        const titles = [
          { lang: 'en', value: r.phrase(vocab.en, 3 + Math.floor(r.next() * 4)) },
          { lang: 'ar', value: arTitle },
        ];
        const descriptions = [
          { lang: 'en', value: r.phrase(vocab.en, 20 + Math.floor(r.next() * 20)) },
          { lang: 'ar', value: r.phrase(arText, 20 + Math.floor(r.next() * 20)) },
        ];
        rows.push({
          id,
          museum_id: museum.id,
          accession_number: `G.${j}`,
          accession_sort: accessionSortKey(`G.${j}`),
          visibility: r.next() < 0.9 ? 'public' : 'internal',
          titles: JSON.stringify(titles),
          descriptions: JSON.stringify(descriptions),
          sort_title: titles[0]!.value,
          other_numbers: '[]',
          dimensions: '[]',
          inscriptions: '[]',
          provenance: '[]',
          credit_line: '[]',
          keywords: '[]',
          rights: null,
          date_earliest: year,
          date_latest: year + 50,
          date_review: 0,
          created_at: now,
          updated_at: now,
          created_by: null,
          updated_by: null,
          version: 1,
        });
        dates.push({
          object_id: id,
          position: 0,
          label: null,
          expression: `${year}-${year + 50}`,
          calendar: 'gregorian',
          earliest: year,
          latest: year + 50,
          approximate: 0,
          uncertain: 0,
          status: 'parsed',
        });
        for (let k = 0; k < 1 + Math.floor(r.next() * 3); k++) {
          const a = Math.floor(r.next() * authorities.length);
          links.push({
            object_id: id,
            role: roles[a % 4]!,
            position: k,
            authority_id: authorities[a]!,
            qualifier: null,
          });
        }
      }
      for (let k = 0; k < rows.length; k += 100)
        await trx
          .insertInto('object')
          .values(rows.slice(k, k + 100))
          .execute();
      for (let k = 0; k < dates.length; k += 200)
        await trx
          .insertInto('object_date')
          .values(dates.slice(k, k + 200))
          .execute();
      const unique = [...new Map(links.map((l) => [`${l.object_id}${l.role}${l.authority_id}`, l])).values()];
      for (let k = 0; k < unique.length; k += 200)
        await trx
          .insertInto('object_link')
          .values(unique.slice(k, k + 200))
          .execute();
    });
  }
}

/** The engine's own indexing of the same words, without Mathaf: the floor of a rebuild. */
async function bareBuild(engine: Engine, db: Services['database']['db']): Promise<number> {
  if (engine === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE bare_fts USING fts5(head, head_stems, exact, stems, scope, tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(
      db,
    );
    const t = performance.now();
    await sql`INSERT INTO bare_fts SELECT head, head_stems, exact, stems, scope FROM search_doc`.execute(db);
    const seconds = (performance.now() - t) / 1000;
    await sql`DROP TABLE bare_fts`.execute(db);
    return seconds;
  }
  await sql`CREATE TABLE bare_doc (tsv tsvector NOT NULL)`.execute(db);
  await sql`CREATE INDEX bare_doc_idx ON bare_doc USING GIN (tsv)`.execute(db);
  const t = performance.now();
  await sql`INSERT INTO bare_doc SELECT tsv FROM search_doc`.execute(db);
  const seconds = (performance.now() - t) / 1000;
  await sql`DROP TABLE bare_doc`.execute(db);
  return seconds;
}

/**
 * What a server has done long before its readers come: the build's writes flushed to disk (a
 * checkpoint, which on SQLite also empties the write-ahead log), so that the searches measured
 * are not slowed by the operating system writing gigabytes behind them.
 */
async function settle(engine: Engine, db: Services['database']['db']): Promise<void> {
  if (engine === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  else await sql`CHECKPOINT`.execute(db);
}

/** Ours, then the engine's bare query, for one search: milliseconds each. */
async function timeOne(
  engine: Engine,
  s: Services,
  q: string,
  prefix: boolean,
): Promise<{ mine: number; bare: number; estimated: boolean }> {
  const db = s.database.db;
  const t0 = performance.now();
  const r = await s.searches.searchPublic({ q, limit: '20', ...(prefix ? { prefix: '1' } : {}) });
  const mine = performance.now() - t0;
  const w = words(q);
  const t1 = performance.now();
  if (engine === 'sqlite') {
    const match = w.map((x, i) => (prefix && i === w.length - 1 ? `"${x}"*` : `"${x}"`)).join(' AND ');
    await sql`SELECT rowid FROM search_fts WHERE search_fts MATCH ${match} ORDER BY rank LIMIT 20`.execute(
      db,
    );
  } else {
    const tq = w.map((x, i) => (prefix && i === w.length - 1 ? `'${x}':*` : `'${x}'`)).join(' & ');
    // Over the public documents' index: there is no index of all documents to read.
    await sql`SELECT object_id FROM search_doc, CAST(${tq} AS tsquery) q WHERE is_public = 1 AND tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 20`.execute(
      db,
    );
  }
  return { mine, bare: performance.now() - t1, estimated: r.estimated };
}

async function run(engine: Engine, n: number, pgUrl: string | null, vocab: Vocabulary): Promise<string[]> {
  const { s, drop } = await freshServices(engine, pgUrl);
  const db = s.database.db;
  const r = rng(11);
  try {
    const loadStart = performance.now();
    await generate(s, n, vocab);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const buildStart = performance.now();
    await s.rebuilds.run();
    const buildSeconds = (performance.now() - buildStart) / 1000;
    await settle(engine, db);
    // The pages in use (not those left free by tables dropped), before the bare build adds its own.
    const size =
      engine === 'sqlite'
        ? Number(
            (
              await sql<{
                n: number;
              }>`SELECT (page_count - freelist_count) * page_size AS n FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()`.execute(
                db,
              )
            ).rows[0]!.n,
          )
        : Number(
            (
              await sql<{
                n: string;
              }>`SELECT pg_total_relation_size('search_doc') + pg_total_relation_size('search_term') AS n`.execute(
                db,
              )
            ).rows[0]!.n,
          );

    type Draw = ReturnType<typeof rng>;
    const en = (g: Draw) => words(g.zipf(vocab.en))[0] ?? 'leaf';
    const sets: [string, (g: Draw) => string][] = [
      ['one word', en],
      ['two words', (g) => `${en(g)} ${en(g)}`],
      ['prefix (3 letters)', (g) => en(g).slice(0, 3)],
      ['Arabic word', (g) => words(g.zipf(vocab.ar))[0] ?? 'الله'],
    ];
    // Warmed as a running server is, by searches of the same kinds drawn apart from those measured.
    const warm = rng(13);
    for (const [name, make] of sets)
      for (let i = 0; i < 50; i++) await timeOne(engine, s, make(warm), name.startsWith('prefix'));
    const lines: string[] = [];
    for (const [name, make] of sets) {
      const qs = Array.from({ length: 200 }, () => make(r));
      const mine: number[] = [];
      const bare: number[] = [];
      let estimated = 0;
      for (const q of qs) {
        const t = await timeOne(engine, s, q, name.startsWith('prefix'));
        mine.push(t.mine);
        bare.push(t.bare);
        if (t.estimated) estimated++;
      }
      lines.push(
        `| ${engine} | ${n.toLocaleString('en')} | ${name} | ${median(mine).toFixed(1)} | ${pct(mine, 0.95).toFixed(1)} | ${pct(mine, 0.99).toFixed(1)} | ${median(bare).toFixed(1)} | ${pct(bare, 0.95).toFixed(1)} | ${((100 * estimated) / qs.length).toFixed(0)}% |`,
      );
    }
    // A rebuild of the full index, each document written in place of its old one (searches find every record meanwhile).
    const inPlaceStart = performance.now();
    await s.rebuilds.run();
    const inPlaceSeconds = (performance.now() - inPlaceStart) / 1000;
    const bareBuildSeconds = await bareBuild(engine, db);
    console.error(
      `${engine} ${n}: loaded in ${loadSeconds.toFixed(1)} s, index built in ${buildSeconds.toFixed(1)} s`,
    );
    return [
      `| ${engine} | ${n.toLocaleString('en')} | index build | ${buildSeconds.toFixed(1)} s | size ${(size / 1e6).toFixed(0)} MB${engine === 'sqlite' ? ' (whole file, pages in use)' : ' (index tables)'} | | ${bareBuildSeconds.toFixed(1)} s | | |`,
      `| ${engine} | ${n.toLocaleString('en')} | rebuild of the full index, in place | ${inPlaceSeconds.toFixed(1)} s | | | | | |`,
      ...lines,
    ];
  } finally {
    await drop();
  }
}

export async function benchSearch(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const vocab = vocabulary();
  const rows: string[] = [];
  for (const n of SIZES) for (const engine of engines) rows.push(...(await run(engine, n, pgUrl, vocab)));
  return [
    '## Search: ranked top 20 with facets, milliseconds',
    '',
    `Objects with English and Arabic titles and descriptions drawn from ${vocab.en.length.toLocaleString('en')} Walters words and ${vocab.ar.length.toLocaleString('en')} RASAM words${vocab.stop.length ? ` and ${vocab.stop.length.toLocaleString('en')} vocalised Arabic stop words` : ''}; 1–3 authority links each; 90% public. 200 queries per line, words picked as often as they occur (the commonest is in most records), measured once the build's writes are flushed (a checkpoint) and after 50 searches of each kind drawn apart from those measured, as on a server that has been running. "Bare" is the engine's own FTS query (top 20 by rank, no facets, no filters, no scope; on PostgreSQL over the public documents' index, the one it has); for the build, the engine's own indexing of the same words (FTS5 inserts in one transaction; PostgreSQL copying the tsvectors into a GIN-indexed table). The build fills an empty index; the rebuild in place, after the searches, writes every document again over the full index, as \`mathaf search:rebuild\` does on a running platform (searches find every record meanwhile). "Estimated" is the share of searches matching more than the exact limit (10,000 on SQLite, 2,000 on PostgreSQL), answered with an estimated total, sampled facets and results by tier.`,
    '',
    '| Engine | Objects | Queries | p50 | p95 | p99 | bare p50 | bare p95 | estimated |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
