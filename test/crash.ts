import { type ChildProcess, spawn } from 'node:child_process';
import sharp from 'sharp';
import { makeZip } from './zip.js';

const BIN = new URL('../bin/mathaf.js', import.meta.url).pathname;

/** A pseudo-random sequence from a seed, so a failing run can be replayed. */
export function rng(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** `mathaf serve` in a process of its own, with the port it took. */
export async function startServer(
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; base: string; output: () => string }> {
  const proc = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  proc.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const end = Date.now() + 120_000;
  for (;;) {
    const port = /"port":(\d+)/.exec(output)?.[1];
    if (port) {
      const base = `http://127.0.0.1:${port}`;
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return { proc, base, output: () => output };
    }
    if (proc.exitCode !== null || Date.now() > end) throw new Error(`mathaf serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function kill(proc: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

/**
 * What the clients were told was done (acknowledged), and what they had asked for when the server
 * died (attempted): after a kill, everything acknowledged must be there, and nothing but what was
 * asked for.
 */
export interface Ledger {
  /** Accession number → object id, for objects whose creation was acknowledged. */
  objects: Map<string, string>;
  attemptedObjects: Set<string>;
  /** Object id → its moves in the order sent (one client moves an object, one move at a time). */
  moves: Map<string, { to: string; acked: boolean }[]>;
  media: Set<string>;
  /** Imports whose run was acknowledged (queued), with the accession numbers their file holds. */
  imports: Map<string, string[]>;
  /** ZIP batches whose save was acknowledged, with the media ids it reported. */
  batches: Map<string, string[]>;
  refused: string[];
}

export function emptyLedger(): Ledger {
  return {
    objects: new Map(),
    attemptedObjects: new Set(),
    moves: new Map(),
    media: new Set(),
    imports: new Map(),
    batches: new Map(),
    refused: [],
  };
}

/** The locations an object may be at after a kill: its last acknowledged move's, or the one sent after it that may have committed. */
export function allowedLocations(moves: { to: string; acked: boolean }[]): Set<string | null> {
  const acked = moves.filter((m) => m.acked);
  const out = new Set<string | null>([acked.length ? acked[acked.length - 1]!.to : null]);
  const last = moves[moves.length - 1];
  if (last && !last.acked) out.add(last.to);
  return out;
}

async function jpeg(seed: number): Promise<Buffer> {
  return await sharp({
    create: {
      width: 32 + (seed % 64),
      height: 24 + ((seed >> 6) % 64),
      channels: 3,
      background: { r: seed % 256, g: (seed >> 8) % 256, b: (seed >> 16) % 256 },
    },
  })
    .jpeg()
    .toBuffer();
}

const blob = (b: Buffer) => new Blob([new Uint8Array(b)]);

/**
 * Clients writing a mix of what staff do (records, moves, image uploads, spreadsheet imports, ZIP
 * batches saved) as fast as the server answers, until it stops answering. Each client works on its
 * own records, so what each acknowledged is unambiguous.
 */
export function workload(opts: {
  base: string;
  museum: string;
  token: string;
  locations: string[];
  ledger: Ledger;
  round: number;
  clients: number;
  seed: number;
}) {
  const { ledger } = opts;
  const api = `${opts.base}/api/v1/museums/${opts.museum}`;
  const auth = { authorization: `Bearer ${opts.token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  let running = true;
  const client = async (c: number) => {
    const r = rng(opts.seed * 101 + c);
    const mine: string[] = [];
    for (let i = 0; running; i++) {
      const tag = `${opts.round}.${c}.${i}`;
      const op = mine.length < 2 ? 0 : r.next();
      try {
        if (op < 0.55) {
          const accession = `C.${tag}`;
          ledger.attemptedObjects.add(accession);
          const res = await fetch(`${api}/objects`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({
              accessionNumber: accession,
              visibility: 'public',
              titles: [{ lang: 'ar', value: `إبريق ${tag}` }],
            }),
          });
          if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
          const { id } = (await res.json()) as { id: string };
          ledger.objects.set(accession, id);
          mine.push(id);
        } else if (op < 0.75) {
          const id = r.pick(mine);
          const move = { to: r.pick(opts.locations), acked: false };
          ledger.moves.set(id, [...(ledger.moves.get(id) ?? []), move]);
          const res = await fetch(`${api}/movements`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ to: move.to, objectIds: [id], reason: 'storage' }),
          });
          if (res.status !== 201) throw new Error(`move: ${res.status} ${await res.text()}`);
          move.acked = true;
        } else if (op < 0.9) {
          const res = await fetch(`${api}/objects/${r.pick(mine)}/media`, {
            method: 'POST',
            headers: { ...auth, 'x-filename': `${tag}.jpg` },
            body: blob(await jpeg(opts.seed * 7919 + c * 131 + i)),
          });
          if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
          ledger.media.add(((await res.json()) as { id: string }).id);
        } else if (op < 0.95) {
          const accessions = [0, 1, 2].map((k) => `I.${tag}.${k}`);
          for (const a of accessions) ledger.attemptedObjects.add(a);
          const csv = `accession_number,title\r\n${accessions.map((a) => `${a},مشكاة ${a}`).join('\r\n')}\r\n`;
          const up = await fetch(`${api}/imports`, {
            method: 'POST',
            headers: { ...auth, 'x-filename': `${tag}.csv` },
            body: csv,
          });
          if (up.status !== 201) throw new Error(`import upload: ${up.status} ${await up.text()}`);
          const { id } = ((await up.json()) as { batch: { id: string } }).batch;
          const mapping = {
            columns: [
              { column: 'accession_number', field: 'accessionNumber' },
              { column: 'title', field: 'title', lang: 'ar' },
            ],
            visibility: 'public',
            newAuthorities: 'create',
          };
          const run = await fetch(`${api}/imports/${id}/run`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ mapping }),
          });
          if (run.status !== 202) throw new Error(`import run: ${run.status} ${await run.text()}`);
          ledger.imports.set(id, accessions);
        } else {
          const targets = [r.pick(mine), r.pick(mine)];
          const accessionOf = new Map([...ledger.objects].map(([a, id]) => [id, a]));
          const zip = makeZip(
            await Promise.all(
              targets.map(async (id, k) => ({
                name: `${accessionOf.get(id)}.jpg`,
                data: await jpeg(opts.seed * 104729 + c * 977 + i * 3 + k),
              })),
            ),
          );
          const staged = await fetch(`${api}/media/batches`, {
            method: 'POST',
            headers: auth,
            body: blob(zip),
          });
          if (staged.status !== 201) throw new Error(`batch: ${staged.status} ${await staged.text()}`);
          const { id } = (await staged.json()) as { id: string };
          const saved = await fetch(`${api}/media/batches/${id}/save`, { method: 'POST', headers: auth });
          if (saved.status !== 200) throw new Error(`batch save: ${saved.status} ${await saved.text()}`);
          const batch = (await saved.json()) as { entries: { mediaId?: string }[] };
          ledger.batches.set(
            id,
            batch.entries.flatMap((e) => (e.mediaId ? [e.mediaId] : [])),
          );
        }
      } catch (e) {
        // The server died under the request: it was not acknowledged. Any other answer is a fault.
        if (
          !running ||
          (e instanceof TypeError && /fetch failed|terminated|other side closed/.test(e.message))
        )
          return;
        ledger.refused.push((e as Error).message);
        return;
      }
    }
  };
  const done = Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  return {
    done,
    stop: () => {
      running = false;
    },
  };
}
