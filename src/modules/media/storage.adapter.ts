import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** A file received into temporary storage, hashed on the way in. */
export interface Received {
  tempPath: string;
  sha256: string;
  size: number;
  /** The first bytes, to recognise the format by its signature. */
  head: Buffer;
}

export class TooLarge extends Error {}

/**
 * Where original files live. This one is the local disk; an S3-compatible store implements the
 * same operations. Files are written to a temporary name, synced, and only then renamed into
 * place, so a file that is recorded is whole.
 */
export class LocalStorage {
  constructor(private readonly root: string) {}

  /** Streams a body to a temporary file, hashing it; refuses past `maxBytes` and keeps nothing. */
  async receive(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Received> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    const tempPath = join(this.root, 'tmp', `${randomBytes(12).toString('hex')}.part`);
    const file = await open(tempPath, 'wx');
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
          throw new TooLarge();
        }
        if (Buffer.concat(head).length < 64) head.push(Buffer.from(value.subarray(0, 64)));
        hash.update(value);
        await file.write(value);
      }
      await file.sync();
    } catch (e) {
      await file.close();
      await rm(tempPath, { force: true });
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
    const file = await open(tempPath, 'wx');
    try {
      await file.write(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await this.commit({ tempPath, sha256: '', size: data.length, head: Buffer.alloc(0) }, key);
  }

  /** A fresh temporary name for a file another library writes (the pyramid), later given to putFile. */
  async tempPath(): Promise<string> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    return join(this.root, 'tmp', `${randomBytes(12).toString('hex')}.part`);
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
  async openRange(key: string): Promise<{ read: (offset: number, length: number) => Promise<Buffer>; close: () => Promise<void> }> {
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

  /** A path on this machine the image library can open. */
  async localFile(key: string): Promise<string> {
    return this.path(key);
  }

  async discard(r: Received): Promise<void> {
    await rm(r.tempPath, { force: true });
  }

  async discardPath(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }

  path(key: string): string {
    return join(this.root, key);
  }

  /** SHA-256 and size of a stored file, or null when it is missing. */
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

  /** Every stored key under a prefix. */
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

  stream(key: string) {
    return createReadStream(this.path(key));
  }
}

/** The storage key of an original: by its digest, so the same file is stored once. */
export function originalKey(museumId: string, sha256: string): string {
  return join('originals', museumId, sha256.slice(0, 2), sha256);
}
