/**
 * Capacity under overload: `mathaf serve` (one process) over BENCH_PAGES_SIZE objects, asked for
 * search and object pages by ten readers (what it serves), then by far more than it serves at once
 * (256 kept-alive connections), and by a crowd of new connections all at once (as harvesters or a
 * link shared widely bring): requests served per second, the share shed (503 with Retry-After),
 * the latency as the client sees it, connections dropped or unanswered, and the server's peak memory.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { words } from '../src/modules/search/normalize.js';
import { crowd } from '../test/crowd.js';
import { type Engine, freshServices, served } from './common.js';
import { generate, vocabulary } from './search.bench.js';
import { hasWrk, wrkLoad } from './wrk.js';

const SIZE = Number(process.env.BENCH_PAGES_SIZE ?? 100_000);
const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_PAGES_WARMUP ?? 10);
/** Readers at once past capacity, each on a kept-alive connection. */
const OVER = Number(process.env.BENCH_OVERLOAD_CONNECTIONS ?? 256);
/** New connections opened together, each asking one page. */
const CROWD = Number(process.env.BENCH_OVERLOAD_CROWD ?? 1000);

interface Measure {
  rps: number;
  shed: number;
  p50: number;
  p975: number;
  errors: number;
}

/** Load over `connections` kept-alive connections: wrk where installed, else autocannon. */
async function load(base: string, paths: string[], connections: number, seconds: number): Promise<Measure> {
  if (hasWrk()) {
    // Answers are waited for 30 s: a slow one is measured, and only one never answered is an error.
    const r = await wrkLoad(base, paths, connections, seconds, 30);
    return {
      rps: (r.requests - r.status) / (r.requests / r.rps),
      shed: r.status / r.requests,
      p50: r.p50,
      p975: r.p975,
      errors: r.errors - r.status,
    };
  }
  let k = 0;
  const r = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: { 'accept-language': 'ar', 'accept-encoding': 'gzip, deflate, br' },
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length]! }) }],
  });
  return {
    rps: r['2xx'] / seconds,
    shed: r.non2xx / Math.max(1, r.requests.total),
    p50: r.latency.p50,
    p975: r.latency.p97_5,
    errors: r.errors + r.timeouts,
  };
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
/** A line of the process's status (/proc), in MB: VmHWM the most memory it has held, RssAnon what it holds of its own (not the database file SQLite reads through memory mapping). */
const memory = (pid: number, field: 'VmHWM' | 'RssAnon') =>
  Math.round(
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) /
      1024,
  );

async function run(engine: Engine, pgUrl: string | null): Promise<string[]> {
  const { s, url, drop } = await freshServices(engine, pgUrl);
  try {
    const vocab = vocabulary();
    await generate(s, SIZE, vocab);
    await s.rebuilds.run();
    const ids = (
      await s.database.db
        .selectFrom('object')
        .select('id')
        .where('visibility', '=', 'public')
        .orderBy('accession_sort')
        .execute()
    ).map((r) => r.id);
    const lineups = [
      [
        'search page',
        Array.from(
          { length: 2000 },
          (_, k) => `/ar/search?q=${encodeURIComponent(words(vocab.en[(k * 7919) % 2000]!)[0] ?? 'leaf')}`,
        ),
      ],
      ['object page', ids.map((id) => `/ar/m/bench/objects/${id}`)],
    ] as const;
    const server = await served(url, 1);
    const lines: string[] = [];
    const row = (page: string, readers: string, m: Measure) =>
      lines.push(
        `| ${engine} | ${SIZE.toLocaleString('en')} | ${page} | ${readers} | ${m.rps.toFixed(0)} | ${(m.shed * 100).toFixed(0)}% | ${m.p50} / ${m.p975} | ${m.errors} |`,
      );
    try {
      for (const [page, paths] of lineups) {
        // Each line asks pages no earlier line asked (never answered from the page cache).
        let at = 0;
        const next = (n: number) => Array.from({ length: n }, () => paths[at++ % paths.length]!);
        if (WARMUP) await load(server.base, next(5000), 10, WARMUP);
        row(page, '10 connections (capacity)', await load(server.base, next(20000), 10, SECONDS));
        row(page, `${OVER} connections`, await load(server.base, next(20000), OVER, SECONDS));
      }
      // A crowd of new connections at once, each asking a search page: every one answered, or not.
      const started = performance.now();
      const answers = await crowd(
        server.base,
        lineups[0][1]
          .slice(0, CROWD)
          .map((path) => ({ path, headers: { 'accept-language': 'ar', 'accept-encoding': 'gzip' } })),
      );
      const seconds = (performance.now() - started) / 1000;
      const ok = answers.filter((a) => a.status === 200).length;
      const shed = answers.filter((a) => a.status === 503 && Number(a.retryAfter) > 0).length;
      const ms = answers.map((a) => a.ms);
      lines.push(
        `| ${engine} | ${SIZE.toLocaleString('en')} | search page | ${CROWD} new connections at once | ${(ok / seconds).toFixed(0)} | ${((shed / answers.length) * 100).toFixed(0)}% | ${pct(ms, 0.5)} / ${pct(ms, 0.975)} (last ${Math.max(...ms)}) | ${answers.length - ok - shed} |`,
      );
      lines.push(
        `The server process (${engine}) after these lines: at most ${memory(server.pid, 'VmHWM')} MB resident${engine === 'sqlite' ? ' (with the pages of the database file it reads through memory mapping)' : ''}, ${memory(server.pid, 'RssAnon')} MB of its own memory at the end.`,
      );
    } finally {
      await server.close();
    }
    return lines;
  } finally {
    await drop();
  }
}

export async function benchOverload(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const out: string[] = [];
  const rows: string[] = [];
  for (const engine of engines) {
    const lines = await run(engine, pgUrl);
    rows.push(...lines.filter((l) => l.startsWith('|')));
    out.push(...lines.filter((l) => !l.startsWith('|')));
  }
  return [
    `## Capacity under overload (mathaf serve, WORKERS=1, loopback; ${hasWrk() ? 'wrk' : 'autocannon'}, and a crowd of new connections from a process of its own)`,
    '',
    `${SECONDS} s per line after ${WARMUP} s unmeasured; MAX_REQUESTS_IN_FLIGHT at its default (256, of which 192 for readers not signed in, who are let in only while the work waiting before them is under half a second). "req/s served": answers 200 a second; "shed": the share answered 503 with Retry-After; latency as the client sees it, of every answer (served or shed); "errors": connections refused, dropped or unanswered within 30 s, and any other status. The crowd: ${CROWD} connections opened together, then every request written at once (test/crowd.ts), each connection closed after its answer.`,
    '',
    '| Engine | Objects | Page | Readers | req/s served | shed | client p50 / p97.5 ms | errors |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    ...out.flatMap((note) => ['', note]),
  ];
}
