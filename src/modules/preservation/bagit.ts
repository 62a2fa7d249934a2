import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';

/**
 * BagIt 1.0 (RFC 8493): a directory with the payload under `data/`, a SHA-512 manifest of every
 * payload file, `bagit.txt`, `bag-info.txt` with the Payload-Oxum, and a tag manifest of the tag
 * files. Written by streaming each file through its digest; verified by reading every file again.
 */
export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
const ALGORITHM = 'sha512';

/** RFC 8493 §2.1.3: a path in a manifest has CR, LF and % percent-encoded. */
const encodePath = (p: string) => p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const decodePath = (p: string) => p.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
const posix = (p: string) => p.split(sep).join('/');

/** Writes a bag: add payload files one by one, then `finish` writes the tag files. */
export class BagWriter {
  private readonly entries: { path: string; digest: string; size: number }[] = [];

  constructor(readonly dir: string) {}

  /** Adds a payload file at `path` (relative to `data/`), from text or a stream of bytes. */
  async add(path: string, content: string | Buffer | AsyncIterable<Uint8Array | string>): Promise<void> {
    if (path.split('/').some((part) => part === '..' || part === '') || path.startsWith('/'))
      throw new Error(`Not a path inside the bag: ${path}`);
    const target = join(this.dir, 'data', path);
    await mkdir(dirname(target), { recursive: true });
    const hash = createHash(ALGORITHM);
    let size = 0;
    const source =
      typeof content === 'string' || Buffer.isBuffer(content)
        ? Readable.from([Buffer.from(content)])
        : Readable.from(content);
    const digest = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(source, digest, createWriteStream(target));
    this.entries.push({ path: `data/${path}`, digest: hash.digest('hex'), size });
  }

  /** Writes the manifest, `bagit.txt`, `bag-info.txt` (with the Payload-Oxum and the date) and the tag manifest. */
  async finish(info: Record<string, string>): Promise<{ files: number; bytes: number }> {
    await mkdir(join(this.dir, 'data'), { recursive: true });
    const bytes = this.entries.reduce((n, e) => n + e.size, 0);
    const manifest = this.entries.map((e) => `${e.digest}  ${encodePath(e.path)}\n`).join('');
    const bagInfo = {
      ...info,
      'Bagging-Date': new Date().toISOString().slice(0, 10),
      'Payload-Oxum': `${bytes}.${this.entries.length}`,
    };
    const tags: [string, string][] = [
      ['bagit.txt', BAGIT_TXT],
      [
        'bag-info.txt',
        Object.entries(bagInfo)
          .map(([k, v]) => `${k}: ${v.replace(/\r?\n/g, '\n  ')}\n`)
          .join(''),
      ],
      [`manifest-${ALGORITHM}.txt`, manifest],
    ];
    for (const [name, text] of tags) await writeFile(join(this.dir, name), text, 'utf8');
    const tagManifest = tags
      .map(([name, text]) => `${createHash(ALGORITHM).update(text, 'utf8').digest('hex')}  ${name}\n`)
      .join('');
    await writeFile(join(this.dir, `tagmanifest-${ALGORITHM}.txt`), tagManifest, 'utf8');
    return { files: this.entries.length, bytes };
  }
}

async function digestOf(file: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

function readManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]+)\s+(.+)$/.exec(line.replace(/\r$/, ''));
    if (m) out.set(decodePath(m[2]!), m[1]!.toLowerCase());
  }
  return out;
}

/**
 * Checks a bag as RFC 8493 §3 asks: `bagit.txt` present and of a known version; every file of
 * every manifest present with its digest; every payload file in the payload manifests; the
 * Payload-Oxum right; the tag manifests right. Every problem is listed, by file.
 */
export async function verifyBag(dir: string): Promise<{ valid: boolean; problems: string[]; files: number }> {
  const problems: string[] = [];
  const bagit = await readFile(join(dir, 'bagit.txt'), 'utf8').catch(() => null);
  if (bagit === null)
    return { valid: false, problems: ['bagit.txt is missing: this is not a bag'], files: 0 };
  if (!/^BagIt-Version: (0\.97|1\.0)\r?$/m.test(bagit))
    problems.push('bagit.txt does not declare BagIt-Version 0.97 or 1.0');
  const names = await readdir(dir);
  const manifests = names.filter((n) => /^manifest-[a-z0-9]+\.txt$/.test(n));
  if (!manifests.length) problems.push('no payload manifest');
  const payload = (
    await stat(join(dir, 'data')).then(
      () => filesUnder(join(dir, 'data')),
      () => [] as string[],
    )
  ).map((f) => posix(relative(dir, f)));
  let bytes = 0;
  for (const f of payload) bytes += (await stat(join(dir, f))).size;
  for (const name of manifests) {
    const algorithm = name.slice('manifest-'.length, -'.txt'.length);
    const listed = readManifest(await readFile(join(dir, name), 'utf8'));
    for (const [path, expected] of listed) {
      if (path.split('/').includes('..') || !path.startsWith('data/')) {
        problems.push(`${name}: ${path} is not a payload path`);
        continue;
      }
      const actual = await digestOf(join(dir, path), algorithm).catch(() => null);
      if (actual === null) problems.push(`${path} is listed in ${name} but missing`);
      else if (actual !== expected) problems.push(`${path} does not match its ${algorithm} digest`);
    }
    for (const f of payload) if (!listed.has(f)) problems.push(`${f} is not listed in ${name}`);
  }
  const info = await readFile(join(dir, 'bag-info.txt'), 'utf8').catch(() => '');
  const oxum = /^Payload-Oxum:\s*(\d+)\.(\d+)\s*$/m.exec(info);
  if (oxum && (Number(oxum[1]) !== bytes || Number(oxum[2]) !== payload.length)) {
    problems.push(
      `Payload-Oxum says ${oxum[1]} bytes in ${oxum[2]} files; the payload has ${bytes} bytes in ${payload.length} files`,
    );
  }
  for (const name of names.filter((n) => /^tagmanifest-[a-z0-9]+\.txt$/.test(n))) {
    const algorithm = name.slice('tagmanifest-'.length, -'.txt'.length);
    for (const [path, expected] of readManifest(await readFile(join(dir, name), 'utf8'))) {
      const actual = await digestOf(join(dir, path), algorithm).catch(() => null);
      if (actual !== expected)
        problems.push(
          `${path} ${actual === null ? 'is listed in' : 'does not match'} ${name}${actual === null ? ' but missing' : ''}`,
        );
    }
  }
  return { valid: problems.length === 0, problems, files: payload.length };
}
