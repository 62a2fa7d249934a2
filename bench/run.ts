/**
 * `npm run bench`: Mathaf's benchmarks on SQLite (a file, WAL, synchronous=FULL) and PostgreSQL,
 * each beside the bare engine doing the same work. Writes Markdown to stdout and bench/results.md.
 *   BENCH=objects,locations,search,pages,overload,iiif,imports   which benchmarks (default: all)
 *   BENCH_IMPORT_ROWS=100000  rows of the CSV import (and of the OAI-PMH harvest that follows)
 *   BENCH_DIRECTORY_MUSEUMS=5000, BENCH_DASHBOARD_OBJECTS=1000000   the directory's and the figures' sizes
 *   BENCH_PAGES_SIZE=100000   objects behind the public pages under load
 *   BENCH_PAGES_RUNS=3        measured runs of each line on mathaf serve (their median and range)
 *   BENCH_OVERLOAD_CONNECTIONS=256, BENCH_OVERLOAD_CROWD=1000   readers past capacity, kept-alive and as new connections at once
 *   BENCH_SEARCH_SIZES=10000,100000,1000000   object counts for the search benchmark
 *   BENCH_SIZES=10000,100000  object counts for the creation benchmark
 *   BENCH_HELD=100000         objects held in the storeroom of the storage benchmark
 *   BENCH_ENGINES=sqlite,postgres   which engines (default: both, PostgreSQL when a server can be had)
 *   TEST_DATABASE_URL         a PostgreSQL server to use instead of a throwaway cluster
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { startThrowawayPostgres } from '../test/pg-server.js';
import type { Engine } from './common.js';
import { benchIiif } from './iiif.bench.js';
import { benchImports } from './imports.bench.js';
import { benchDirectory } from './directory.bench.js';
import { benchLocations } from './locations.bench.js';
import { benchSearch } from './search.bench.js';
import { benchObjects } from './objects.bench.js';
import { benchOverload } from './overload.bench.js';
import { benchPages } from './pages.bench.js';

const wanted = new Set(
  (process.env.BENCH ?? 'objects,locations,search,pages,overload,iiif,imports,directory').split(','),
);
const wantedEngines = new Set((process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(','));
const needsPg =
  wantedEngines.has('postgres') &&
  (wanted.has('objects') ||
    wanted.has('locations') ||
    wanted.has('search') ||
    wanted.has('pages') ||
    wanted.has('overload') ||
    wanted.has('imports') ||
    wanted.has('directory'));
// A server set up as the README's deployment says: shared buffers of a quarter of a 4 GB server's
// memory, where PostgreSQL's default (128 MB) holds less than the search index of 100,000 objects.
const pgServer = !needsPg
  ? null
  : process.env.TEST_DATABASE_URL
    ? { url: process.env.TEST_DATABASE_URL, stop() {} }
    : startThrowawayPostgres({ shared_buffers: '1GB' });
const engines: Engine[] = [
  ...(wantedEngines.has('sqlite') ? ['sqlite' as const] : []),
  ...(pgServer ? ['postgres' as const] : []),
];
if (needsPg && !pgServer) console.error('PostgreSQL not available: SQLite only');
const sections: string[] = [];
try {
  if (wanted.has('objects')) sections.push(...(await benchObjects(engines, pgServer?.url ?? null)), '');
  if (wanted.has('locations')) sections.push(...(await benchLocations(engines, pgServer?.url ?? null)), '');
  if (wanted.has('search')) sections.push(...(await benchSearch(engines, pgServer?.url ?? null)), '');
  if (wanted.has('pages')) sections.push(...(await benchPages(engines, pgServer?.url ?? null)), '');
  if (wanted.has('overload')) sections.push(...(await benchOverload(engines, pgServer?.url ?? null)), '');
  if (wanted.has('iiif')) sections.push(...(await benchIiif()), '');
  if (wanted.has('imports')) sections.push(...(await benchImports(engines, pgServer?.url ?? null)), '');
  if (wanted.has('directory')) sections.push(...(await benchDirectory(engines, pgServer?.url ?? null)), '');
} finally {
  pgServer?.stop();
}
const text = [
  `# Benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
  '',
  ...sections,
].join('\n');
console.log(text);
writeFileSync(
  new URL(`./results${process.env.BENCH ? `-${[...wanted].join('-')}` : ''}.md`, import.meta.url),
  text,
);
