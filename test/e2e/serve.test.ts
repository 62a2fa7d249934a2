// In the serial tier: it starts whole processes, which a loaded machine starts slowly.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/mathaf.js', import.meta.url).pathname;

// The HTTP processes are the node children: a cold start also has the TypeScript loader's esbuild as a child.
const children = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([p, comm]) => p && comm === 'node')
    .map(([p]) => Number(p));

async function until<T>(f: () => Promise<T | undefined> | T | undefined, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve()
      .then(f)
      .catch((e: Error) => (e.message === 'exited' ? Promise.reject(e) : undefined));
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `mathaf serve` as it runs on a server: several HTTP processes on one port over one SQLite file. */
describe('mathaf serve with WORKERS=2', () => {
  let dir: string;
  let proc: ChildProcess;
  let base: string;
  let output = '';
  /** The HTTP processes that have said they take requests. */
  const ready = () =>
    new Set([...output.matchAll(/"pid":(\d+)[^\n]*HTTP process ready/g)].map((m) => Number(m[1])));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-serve-'));
    // Port 0: the processes share the port the system picks, which the first one logs (no race for a free port).
    proc = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        WORKERS: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dir, 'm.sqlite')}`,
        MEDIA_DIR: join(dir, 'media'),
        LOG_LEVEL: 'info',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    proc.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const port = await until(() => {
      if (proc.exitCode !== null) throw new Error('exited');
      return output.match(/"port":(\d+)/)?.[1];
    }, 200_000).catch(() => {
      throw new Error(`mathaf serve did not start:\n${output}`);
    });
    base = `http://127.0.0.1:${port}`;
    await until(async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
    // Both listening before one is killed: with port 0, the port closes if the only process listening on it dies.
    await until(() =>
      children(proc.pid!).length === 2 && children(proc.pid!).every((pid) => ready().has(pid))
        ? true
        : undefined,
    );
  }, 300_000);
  afterAll(async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves from two processes, compressed, and replaces one that dies', async () => {
    const res = await fetch(`${base}/en`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
    const [first] = children(proc.pid!);
    process.kill(first!, 'SIGKILL');
    const replaced = await until(() => {
      const now = children(proc.pid!);
      return now.length === 2 && !now.includes(first!) ? now : undefined;
    });
    expect(replaced).toHaveLength(2);
    await until(() => (replaced.every((pid) => ready().has(pid)) ? true : undefined));
    for (let i = 0; i < 6; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // What the processes answer is the same whichever answers.
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${base}/en/search?q=x`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c)).on('end', () =>
            resolve(
              r.headers['content-encoding'] === 'gzip'
                ? gunzipSync(Buffer.concat(chunks))
                : Buffer.concat(chunks),
            ),
          );
        }).on('error', reject),
      );
    });
    expect(raw.toString('utf8')).toContain('<html');
  });
});
