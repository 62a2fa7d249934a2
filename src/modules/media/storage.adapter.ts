import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { tooLarge } from '../../errors.js';
import { ownerGone, ownerToken } from '../common/process-owner.js';

/** A file received into temporary storage, hashed on the way in. */
export interface Received {
  tempPath: string;
  sha256: string;
  size: number;
  /** The first bytes, to recognise the format by its signature. */
  head: Buffer;
}

/** Ranged reads of one stored file, open until closed (a file handle, or ranged GETs). */
export interface RangeReader {
  read: (offset: number, length: number) => Promise<Buffer>;
  close: () => Promise<void>;
}

/**
 * Where originals and derivatives live: the local disk (`LocalStorage`) or an S3-compatible object
 * store (`S3Storage`), both held to one contract (storage.contract.test.ts). A stored file is
 * always whole: written to a temporary name and synced then renamed, or put in one atomic request.
 */
export interface Storage {
  /** Streams a body to a local temporary file, hashing it; refuses past `maxBytes` and keeps nothing. */
  receive(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Received>;
  commit(r: Received, key: string): Promise<void>;
  discard(r: Received): Promise<void>;
  putBuffer(key: string, data: Buffer): Promise<void>;
  /** A local temporary path for a file another library writes, later given to putFile or discardPath. */
  tempPath(): Promise<string>;
  putFile(key: string, tempPath: string): Promise<void>;
  discardPath(tempPath: string): Promise<void>;
  /** SHA-256 and size of a stored file, or null when it is missing. */
  digest(key: string): Promise<{ sha256: string; size: number } | null>;
  /** Every stored key under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  stream(key: string): Promise<AsyncIterable<Uint8Array>>;
  openRange(key: string): Promise<RangeReader>;
  /** A path on this machine the image library can open (a cached copy for an object store). */
  localFile(key: string): Promise<string>;
  /** Removes a staged file (a batch's archive once it is saved or dropped); originals are never removed. */
  remove(key: string): Promise<void>;
  /** Size and time of last writing of a stored file, or null when it is missing. */
  stat(key: string): Promise<{ size: number; modifiedAt: Date } | null>;
  /** Moves a stored file to another key (an original no record names, set aside; and back). */
  move(from: string, to: string): Promise<void>;
  /**
   * Removes the temporary files on this machine that no live process holds (none has touched
   * them for `olderThanMs`, or their name says a process of this host that is gone): what a process
   * that died left half written. Returns how many.
   */
  sweepTemp(olderThanMs?: number): Promise<number>;
}

/**
 * A temporary file untouched this long is held by no live process: each process touches the ones it
 * holds every TOUCH_MS (a file being written is touched by its writes anyway).
 */
export const TEMP_MAX_AGE_MS = 60 * 60_000;
const TOUCH_MS = 5 * 60_000;

/**
 * Files on the local disk. Files are written to a temporary name, synced, and only then renamed
 * into place, so a file that is recorded is whole.
 */
export class LocalStorage implements Storage {
  /** Temporary files this process holds (received, or given to another library to write), kept touched. */
  private readonly held = new Set<string>();
  private toucher: NodeJS.Timeout | null = null;

  constructor(private readonly root: string) {}

  /** Streams a body to a temporary file, hashing it; refuses past `maxBytes` and keeps nothing. */
  async receive(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Received> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    const tempPath = join(this.root, 'tmp', tempName());
    const file = await open(tempPath, 'wx');
    this.hold(tempPath);
    const hash = createHash('sha256');
    let size = 0;
    const head: Buffer[] = [];
    try {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel();
          throw tooLarge();
        }
        if (Buffer.concat(head).length < 64) head.push(Buffer.from(value.subarray(0, 64)));
        hash.update(value);
        await writeAll(file, value);
      }
      await file.sync();
    } catch (e) {
      await file.close();
      await this.discardPath(tempPath);
      throw e;
    }
    await file.close();
    return { tempPath, sha256: hash.digest('hex'), size, head: Buffer.concat(head).subarray(0, 64) };
  }

  /** Moves a received file to its key; the directory is synced so the rename survives a power cut. */
  async commit(r: Received, key: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    await rename(r.tempPath, target);
    this.release(r.tempPath);
    const dir = await open(dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Writes a small file (a derivative) the same safe way: temporary name, sync, rename. */
  async putBuffer(key: string, data: Buffer): Promise<void> {
    const tempPath = await this.tempPath();
    try {
      const file = await open(tempPath, 'wx');
      try {
        await writeAll(file, data);
        await file.sync();
      } finally {
        await file.close();
      }
      await this.commit({ tempPath, sha256: '', size: data.length, head: Buffer.alloc(0) }, key);
    } catch (e) {
      await this.discardPath(tempPath);
      throw e;
    }
  }

  async tempPath(): Promise<string> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    const path = join(this.root, 'tmp', tempName());
    this.hold(path);
    return path;
  }

  /** Moves a temporary file to a path of this machine that needs no sync (a cache), and lets it go. */
  async moveTemp(tempPath: string, target: string): Promise<void> {
    await mkdir(dirname(target), { recursive: true });
    await rename(tempPath, target);
    this.release(tempPath);
  }

  /** Syncs a file written at a temporary name and moves it to its key. */
  async putFile(key: string, tempPath: string): Promise<void> {
    const file = await open(tempPath, 'r+');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
    await this.commit({ tempPath, sha256: '', size: 0, head: Buffer.alloc(0) }, key);
  }

  /** Ranged reads of one stored file through a handle kept open until `close`. */
  async openRange(key: string): Promise<RangeReader> {
    const handle = await open(this.path(key), 'r');
    return {
      read: async (offset, length) => {
        const b = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(b, 0, length, offset);
        return bytesRead === length ? b : b.subarray(0, bytesRead);
      },
      close: () => handle.close(),
    };
  }

  async localFile(key: string): Promise<string> {
    return this.path(key);
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | null> {
    const s = await stat(this.path(key)).catch(() => null);
    return s ? { size: s.size, modifiedAt: s.mtime } : null;
  }

  /** A rename (one step), its directory synced. */
  async move(from: string, to: string): Promise<void> {
    await this.commit({ tempPath: this.path(from), sha256: '', size: 0, head: Buffer.alloc(0) }, to);
  }

  async discard(r: Received): Promise<void> {
    await this.discardPath(r.tempPath);
  }

  async discardPath(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
    this.release(tempPath);
  }

  async sweepTemp(olderThanMs = TEMP_MAX_AGE_MS): Promise<number> {
    const dir = join(this.root, 'tmp');
    const names = await readdir(dir).catch(() => [] as string[]);
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      if (!name.endsWith('.part') || this.held.has(path)) continue;
      const s = await stat(path).catch(() => null);
      if (
        !s?.isFile() ||
        (s.mtimeMs >= before && !ownerGone(name.slice(0, -'.part'.length).replaceAll('~', '/')))
      )
        continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  private hold(path: string): void {
    this.held.add(path);
    if (this.toucher) return;
    this.toucher = setInterval(() => {
      const now = new Date();
      for (const p of this.held) void utimes(p, now, now).catch(() => undefined);
    }, TOUCH_MS);
    this.toucher.unref();
  }

  private release(path: string): void {
    this.held.delete(path);
    if (this.held.size || !this.toucher) return;
    clearInterval(this.toucher);
    this.toucher = null;
  }

  path(key: string): string {
    return join(this.root, key);
  }

  async digest(key: string): Promise<{ sha256: string; size: number } | null> {
    const p = this.path(key);
    try {
      await stat(p);
    } catch {
      return null;
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(p)) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    return { sha256: hash.digest('hex'), size };
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string) => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else out.push(relative(this.root, full));
      }
    };
    await walk(this.path(prefix));
    return out.sort();
  }

  async stream(key: string): Promise<AsyncIterable<Uint8Array>> {
    await stat(this.path(key));
    return createReadStream(this.path(key));
  }
}

/**
 * Writes every byte, or throws. A write may take fewer bytes than it was given (on a disk that is
 * filling, the last ones that fit) without an error: the rest would be lost from a file whose
 * digest was taken of them all.
 */
async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  for (let at = 0; at < data.byteLength; ) {
    const { bytesWritten } = await file.write(data, at, data.byteLength - at);
    if (bytesWritten <= 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    at += bytesWritten;
  }
}

/** A temporary file's name: the token of the process writing it (`~` for `/`), so a sweep knows at once one whose process is gone. */
function tempName(): string {
  return `${ownerToken().replaceAll('/', '~')}.part`;
}

/** The storage key of an original: by its digest, so the same file is stored once. */
export function originalKey(museumId: string, sha256: string): string {
  return join('originals', museumId, sha256.slice(0, 2), sha256);
}
