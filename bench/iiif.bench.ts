import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { iipimageInstalled, startIipImage, waitFor } from './iipimage.js';
import { type LoadResult, load, shuffled } from './load.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TILE = 256;

function child(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/iiif-prepare.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`iiif-prepare ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function startMathaf(
  dir: string,
  port: number,
): Promise<{ base: string; peakMb: () => number; stop: () => Promise<void> }> {
  const proc: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/mathaf.js'), 'serve'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${join(dir, 'mathaf.sqlite')}`,
      MEDIA_DIR: join(dir, 'media'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`);
  return {
    base,
    peakMb: () =>
      Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

const fmt = (r: LoadResult) =>
  `${Math.round(r.perSecond).toLocaleString('en')}/s | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)}${r.failures ? ` (${r.failures} failed)` : ''}`;

/**
 * The IIIF server against a 200-megapixel image made here: ingest time and peak memory; cold
 * 256-pixel tiles (every tile of the full-resolution level once, shuffled) at 1, 4 and 16
 * concurrent requests, on servers warmed on another level; a cached tile; arbitrary regions; info.json — each beside IIPImage
 * serving the same pyramid, when it is installed. Each cold run starts both servers afresh.
 */
export async function benchIiif(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-iiif-bench-'));
  try {
    const made = child(['make-image', dir]);
    const ingest = child(['ingest', dir]) as {
      mediaId: string;
      pyramid: string;
      size: number;
      storeSeconds: number;
      derivativesSeconds: number;
      peakMb: number;
    };
    const { WIDTH, HEIGHT } = { WIDTH: 16_000, HEIGHT: 12_500 };
    const cols = Math.ceil(WIDTH / TILE);
    const rows = Math.ceil(HEIGHT / TILE);
    const regions = Array.from({ length: cols * rows }, (_, i) => {
      const x = (i % cols) * TILE;
      const y = Math.floor(i / cols) * TILE;
      return { x, y, w: Math.min(TILE, WIDTH - x), h: Math.min(TILE, HEIGHT - y) };
    });
    const order = shuffled(regions);
    const iiif3 = (r: (typeof regions)[number]) =>
      `/iiif/3/${ingest.mediaId}/${r.x},${r.y},${r.w},${r.h}/${r.w},${r.h}/0/default.jpg`;
    const iip = (r: (typeof regions)[number]) =>
      `/fcgi-bin/iipsrv.fcgi?IIIF=p.tif/${r.x},${r.y},${r.w},${r.h}/${r.w},/0/default.jpg`;
    let seed = 7;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const arbitrary = Array.from({ length: 300 }, () => {
      const w = 300 + Math.floor(rand() * 700);
      const h = 300 + Math.floor(rand() * 700);
      return {
        x: 1 + Math.floor(rand() * (WIDTH - w - 2)),
        y: 1 + Math.floor(rand() * (HEIGHT - h - 2)),
        w,
        h,
      };
    });
    // Each fresh server is first warmed (code compiled, files opened) on tiles of the half-size
    // level, which leaves the full-resolution tiles measured below cold in every cache.
    const warm = regions
      .filter((r) => r.x % 512 === 0 && r.y % 512 === 0)
      .slice(0, 400)
      .map((r) => ({ ...r, w: Math.min(512, WIDTH - r.x), h: Math.min(512, HEIGHT - r.y) }));
    const warmMine = warm.map(
      (r) =>
        `/iiif/3/${ingest.mediaId}/${r.x},${r.y},${r.w},${r.h}/${Math.ceil(r.w / 2)},${Math.ceil(r.h / 2)}/0/default.jpg`,
    );
    const warmIip = warm.map(
      (r) =>
        `/fcgi-bin/iipsrv.fcgi?IIIF=p.tif/${r.x},${r.y},${r.w},${r.h}/${Math.ceil(r.w / 2)},/0/default.jpg`,
    );
    const withIip = iipimageInstalled();
    const rowsOut: string[] = [];
    const procs = cpus().length;
    let servingPeak = 0;
    for (const c of [1, 4, 16]) {
      const m = await startMathaf(dir, 18_080);
      await load(m.base, warmMine, 4);
      const mine = await load(m.base, order.map(iiif3), c);
      servingPeak = Math.max(servingPeak, m.peakMb());
      await m.stop();
      let theirs: LoadResult | null = null;
      if (withIip) {
        const s = await startIipImage(dir, ingest.pyramid, 18_090, procs);
        await load(s.base, warmIip, 4);
        theirs = await load(s.base, order.map(iip), c);
        await s.stop();
      }
      rowsOut.push(
        `| Cold 256-px tiles, ${c} at a time (${regions.length.toLocaleString('en')} tiles) | ${fmt(mine)} | ${theirs ? fmt(theirs) : '—'} |`,
      );
    }
    const m = await startMathaf(dir, 18_080);
    await load(m.base, warmMine, 4);
    const s = withIip ? await startIipImage(dir, ingest.pyramid, 18_090, procs) : null;
    const oneTile = regions[cols * 10 + 10]!;
    const cached = [
      await load(m.base, Array(3000).fill(iiif3(oneTile)), 4),
      s ? await load(s.base, Array(3000).fill(iip(oneTile)), 4) : null,
    ];
    const arb = [
      await load(
        m.base,
        arbitrary.map((r) => `/iiif/3/${ingest.mediaId}/${r.x},${r.y},${r.w},${r.h}/max/0/default.jpg`),
        4,
      ),
      s
        ? await load(
            s.base,
            arbitrary.map(
              (r) => `/fcgi-bin/iipsrv.fcgi?IIIF=p.tif/${r.x},${r.y},${r.w},${r.h}/full/0/default.jpg`,
            ),
            4,
          )
        : null,
    ];
    const info = [
      await load(m.base, Array(1000).fill(`/iiif/3/${ingest.mediaId}/info.json`), 4),
      s ? await load(s.base, Array(1000).fill('/fcgi-bin/iipsrv.fcgi?IIIF=p.tif/info.json'), 4) : null,
    ];
    servingPeak = Math.max(servingPeak, m.peakMb());
    await m.stop();
    await s?.stop();
    const pair = (x: (LoadResult | null)[]) => `${fmt(x[0]!)} | ${x[1] ? fmt(x[1]) : '—'}`;
    return [
      '## IIIF Image API: a 200-megapixel image (16,000 × 12,500)',
      '',
      `Original: uncompressed RGB TIFF, ${(ingest.size / 1e6).toFixed(0)} MB (made by the benchmark; making it peaked at ${Math.round(made.peakMb as number)} MB).`,
      `Ingest: stored, hashed and probed in ${ingest.storeSeconds.toFixed(1)} s; pyramid, thumbnail and display size in ${ingest.derivativesSeconds.toFixed(1)} s; peak resident memory of the ingesting process ${Math.round(ingest.peakMb)} MB.`,
      `Serving: peak resident memory of the Mathaf server ${Math.round(servingPeak)} MB. IIPImage: ${withIip ? `iipsrv 1.1 (Debian), ${procs} FastCGI processes behind lighttpd, the same pyramid` : 'not installed'}.`,
      '',
      '| Requests over HTTP on loopback | Mathaf (per second \\| p50 ms \\| p95 ms) | IIPImage (per second \\| p50 ms \\| p95 ms) |',
      '|---|---|---|',
      ...rowsOut,
      `| The same tile 3,000 times, 4 at a time (cached) | ${pair(cached)} |`,
      `| Arbitrary regions of 300–1,000 px, not aligned to tiles, 300 of them, 4 at a time | ${pair(arb)} |`,
      `| info.json, 1,000 times, 4 at a time | ${pair(info)} |`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
