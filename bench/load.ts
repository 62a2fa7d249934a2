import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  bytes: number;
  failures: number;
}

/** Requests every path once, `concurrency` at a time over kept-alive connections; latencies in ms. */
export async function load(base: string, paths: readonly string[], concurrency: number): Promise<LoadResult> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let bytes = 0;
  let failures = 0;
  let next = 0;
  const one = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const t = performance.now();
      const req = request({ host: url.hostname, port: url.port, path, agent }, (res) => {
        res.on('data', (c: Buffer) => {
          bytes += c.length;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) failures++;
          latencies.push(performance.now() - t);
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) await one(paths[next++]!);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    requests: paths.length,
    perSecond: paths.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    bytes,
    failures,
  };
}

/** A repeatable shuffle (mulberry32), so both servers get the same order. */
export function shuffled<T>(xs: readonly T[], seed = 42): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
