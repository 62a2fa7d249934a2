/**
 * A bounded load test on loopback: public object pages and search pages of a platform holding
 * BENCH_PAGES_SIZE objects (100,000 by default), requests per second and the server's own time
 * per request (p50, p95), beside the same server answering a constant page of the same size (the
 * HTTP floor). autocannon and the server share the machine's cores, as a small server would.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import pino from 'pino';
import { createApp } from '../src/http/app.js';
import { words } from '../src/modules/search/normalize.js';
import { type Engine, freshServices, served } from './common.js';
import { generate, vocabulary } from './search.bench.js';
import { hasWrk, wrkLoad } from './wrk.js';

const SIZE = Number(process.env.BENCH_PAGES_SIZE ?? 100_000);
const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 10);
/** Each line's pages asked this long first, unmeasured: a server runs for days, its code compiled by then and its caches filled. */
const WARMUP = Number(process.env.BENCH_PAGES_WARMUP ?? 10);
/** Measured runs of each line on `mathaf serve`, one after another: the median is shown, with the range. */
const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 3);
const WORKERS = (process.env.BENCH_PAGES_WORKERS ?? '1,2').split(',').map(Number);
const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

/** Serves `fetch`, timing each answer inside the server. */
async function timedServer(fetch: (req: Request) => Response | Promise<Response>) {
  const times: number[] = [];
  const server = serve({
    fetch: async (req) => {
      const t = performance.now();
      const res = await fetch(req);
      times.push(performance.now() - t);
      return res;
    },
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((r) => server.once('listening', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    times,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function load(base: string, paths: () => string, connections: number, duration = SECONDS) {
  const r = await autocannon({
    url: base,
    connections,
    duration,
    headers: { 'accept-language': 'ar', 'accept-encoding': 'gzip, deflate, br' },
    requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p975: r.latency.p97_5, errors: r.errors + r.non2xx };
}

/**
 * The pages a line asks for, in order: the k-th request asks `at(k)`, the sequence repeating after
 * `period`; `next` is where the line's next request goes on (never the same first visit twice).
 */
interface Pages {
  at(k: number): string;
  period: number;
  next: number;
}

/**
 * Visits as a collection receives them: a few objects seen often and most rarely, by Zipf's law
 * (the n-th most visited object seen 1/n as often as the first) over every public object, the
 * most visited ones scattered through the collection. Seeded, so every run asks the same pages.
 */
function popularity(ids: string[]): Pages {
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const ranked = [...ids];
  for (let k = ranked.length - 1; k > 0; k--) {
    const j = Math.floor(next() * (k + 1));
    [ranked[k], ranked[j]] = [ranked[j]!, ranked[k]!];
  }
  // Rank r drawn with probability ∝ 1/r: e^(u·ln(n+1)) is continuous Zipf with exponent 1.
  const draws = Array.from(
    { length: 400_000 },
    () =>
      `/ar/m/bench/objects/${ranked[Math.min(ranked.length - 1, Math.floor(Math.exp(next() * Math.log(ranked.length + 1))) - 1)]}`,
  );
  return { at: (k) => draws[k % draws.length]!, period: draws.length, next: 0 };
}

/** Load on a server of its own: wrk where it is installed (lighter on the shared cores), else autocannon. */
async function loadServed(base: string, pages: Pages, seconds: number) {
  if (!hasWrk()) return load(base, () => pages.at(pages.next++), 10, seconds);
  const r = await wrkLoad(
    base,
    Array.from({ length: pages.period }, (_, k) => pages.at(pages.next + k)),
    10,
    seconds,
  );
  pages.next += r.requests;
  return r;
}

async function run(engine: Engine, pgUrl: string | null): Promise<string[]> {
  const { s, url, drop } = await freshServices(engine, pgUrl);
  try {
    const vocab = vocabulary();
    await generate(s, SIZE, vocab);
    await s.rebuilds.run();
    const all = (
      await s.database.db
        .selectFrom('object')
        .select('id')
        .where('visibility', '=', 'public')
        .orderBy('accession_sort')
        .execute()
    ).map((r) => r.id);
    // Never the same page twice in a line: the page cache never answers.
    const objectPages: Pages = {
      at: (k) => `/ar/m/bench/objects/${all[k % all.length]}`,
      period: all.length,
      next: 0,
    };
    const popularPages = popularity(all);
    const searchPages: Pages = {
      at: (k) => `/ar/search?q=${encodeURIComponent(words(vocab.en[(k * 7919) % 2000]!)[0] ?? 'leaf')}`,
      period: 2000,
      next: 0,
    };
    const lineups = [
      ['object page', objectPages],
      ['object page, by popularity', popularPages],
      ['search page', searchPages],
    ] as const;
    const app = createApp(s, pino({ level: 'silent' }));
    const lines: string[] = [];
    for (const [name, pages] of lineups) {
      const path = () => pages.at(pages.next++);
      const sample = await app.request(path());
      const html = await sample.text();
      const server = await timedServer(app.fetch);
      if (WARMUP) await load(server.base, path, 10, WARMUP);
      server.times.length = 0;
      const mine = await load(server.base, path, 10);
      const saturated = [pct(server.times, 0.5), pct(server.times, 0.95)];
      // The same pages asked by one reader at a time: the time a request takes, without its place in a queue.
      server.times.length = 0;
      await load(server.base, path, 1);
      const alone = pct(server.times, 0.95);
      await server.close();
      const bareApp = new Hono().get('*', (c) => c.html(html));
      const bare = await timedServer(bareApp.fetch);
      if (WARMUP) await load(bare.base, path, 10, WARMUP);
      const floor = await load(bare.base, path, 10);
      await bare.close();
      lines.push(
        `| ${engine} | ${SIZE.toLocaleString('en')} | ${name} | in process | ${mine.rps.toFixed(0)} | ${saturated[0]!.toFixed(1)} / ${saturated[1]!.toFixed(1)} | ${alone.toFixed(1)} | ${mine.p50} / ${mine.p975} | ${floor.rps.toFixed(0)} | ${(mine.rps / floor.rps).toFixed(2)} | ${mine.errors} |`,
      );
    }
    for (const workers of WORKERS) {
      const server = await served(url, workers);
      try {
        for (const [name, pages] of lineups) {
          if (WARMUP) await loadServed(server.base, pages, WARMUP);
          // The machine's speed wanders over minutes: the median of a few runs, with their range.
          const runs: Awaited<ReturnType<typeof loadServed>>[] = [];
          for (let k = 0; k < RUNS; k++) runs.push(await loadServed(server.base, pages, SECONDS));
          const r = [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
          const range =
            runs.length > 1
              ? ` (${Math.min(...runs.map((x) => x.rps)).toFixed(0)}–${Math.max(...runs.map((x) => x.rps)).toFixed(0)})`
              : '';
          const errors = runs.reduce((n, x) => n + x.errors, 0);
          lines.push(
            `| ${engine} | ${SIZE.toLocaleString('en')} | ${name} | mathaf serve, WORKERS=${workers} | ${r.rps.toFixed(0)}${range} | | | ${r.p50} / ${r.p975} | | | ${errors} |`,
          );
        }
      } finally {
        await server.close();
      }
    }
    return lines;
  } finally {
    await drop();
  }
}

export async function benchPages(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const rows: string[] = [];
  for (const engine of engines) rows.push(...(await run(engine, pgUrl)));
  return [
    `## Public pages under load (loopback, 10 connections; autocannon in process, ${hasWrk() ? 'wrk' : 'autocannon'} against mathaf serve)`,
    '',
    `${SECONDS} s per line, after ${WARMUP} s of the same requests unmeasured; object pages of every public object in turn (every request a first visit, never answered from the page cache), object pages of all public objects visited by popularity (Zipf's law, exponent 1: the n-th most visited seen 1/n as often as the first), search pages for words of the Walters vocabulary; Arabic, brotli and gzip accepted (brotli sent). "In process": the app served from the benchmark's own process, its time measured inside the server per request (under the full load of ten connections, where each request also waits behind the others — on PostgreSQL for a connection and the server's processes, which share the two cores — and with one reader at a time), beside the same server answering a constant copy of the page (the floor). "mathaf serve": the platform started as on a server with WORKERS processes; its latency is as the client sees it; ${RUNS} runs of ${SECONDS} s each, one after another, their median (its latency) and their range. ${hasWrk() ? 'Its load comes from wrk (one thread), which takes about a third of the CPU autocannon takes for the same requests (0.05 against 0.14–0.16 ms a request; autocannon reads each body into a string): the server keeps the cores it would have with its readers elsewhere.' : 'Its load comes from autocannon (wrk is not installed), which takes its share of the same two cores.'}`,
    '',
    '| Engine | Objects | Page | Served by | req/s | server p50 / p95 ms | server p95 ms, one reader at a time | client p50 / p97.5 ms | floor req/s | ratio | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
