import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LocalStorage, type RangeReader, type Received, type Storage } from './storage.adapter.js';

export interface S3Options {
  bucket: string;
  endpoint?: string | undefined;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Path-style addresses (`endpoint/bucket/key`), which MinIO and Ceph expect. */
  forcePathStyle: boolean;
}

const missing = (e: unknown) =>
  e instanceof NoSuchKey ||
  (e instanceof S3ServiceException &&
    (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404));

/**
 * An S3-compatible object store (AWS S3, MinIO, Ceph, Garage). Uploads arrive in a local temporary
 * area first (hashed and checked there, as on disk), then go up in one atomic request or a
 * multipart upload, so no partial object is ever visible. The image library reads local files:
 * `localFile` keeps a copy in the local cache, fetched once per server.
 */
export class S3Storage implements Storage {
  private readonly client: S3Client;
  private readonly local: LocalStorage;

  constructor(
    private readonly o: S3Options,
    localDir: string,
  ) {
    this.local = new LocalStorage(localDir);
    this.client = new S3Client({
      region: o.region,
      forcePathStyle: o.forcePathStyle,
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.accessKeyId && o.secretAccessKey
        ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } }
        : {}),
      // Checksums only where the protocol needs them: not every S3-compatible store speaks the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  receive(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Received> {
    return this.local.receive(body, maxBytes);
  }

  async commit(r: Received, key: string): Promise<void> {
    await this.putFile(key, r.tempPath);
  }

  discard(r: Received): Promise<void> {
    return this.local.discard(r);
  }

  async putBuffer(key: string, data: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.o.bucket, Key: key, Body: data, ContentLength: data.length }),
    );
  }

  tempPath(): Promise<string> {
    return this.local.tempPath();
  }

  /** Uploads a local file (in parts when large) and removes it. */
  async putFile(key: string, tempPath: string): Promise<void> {
    const { size } = await stat(tempPath);
    await new Upload({
      client: this.client,
      params: { Bucket: this.o.bucket, Key: key, Body: createReadStream(tempPath), ContentLength: size },
      partSize: 16 * 1024 * 1024,
      queueSize: 2,
    }).done();
    await this.local.discardPath(tempPath);
  }

  discardPath(tempPath: string): Promise<void> {
    return this.local.discardPath(tempPath);
  }

  async digest(key: string): Promise<{ sha256: string; size: number } | null> {
    let body: AsyncIterable<Uint8Array>;
    try {
      body = await this.stream(key);
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      hash.update(chunk);
    }
    return { sha256: hash.digest('hex'), size };
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: `${prefix}/`, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }

  async stream(key: string): Promise<AsyncIterable<Uint8Array>> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: key }));
    return res.Body as Readable;
  }

  async openRange(key: string): Promise<RangeReader> {
    const size = await this.sizeOf(key);
    return {
      read: async (offset, length) => {
        const end = Math.min(size, offset + length) - 1;
        if (offset >= size || end < offset) return Buffer.alloc(0);
        const res = await this.client.send(
          new GetObjectCommand({ Bucket: this.o.bucket, Key: key, Range: `bytes=${offset}-${end}` }),
        );
        return Buffer.from(await res.Body!.transformToByteArray());
      },
      close: async () => undefined,
    };
  }

  async localFile(key: string): Promise<string> {
    const path = join(this.local.path('cache'), key);
    try {
      await stat(path);
      return path;
    } catch {
      // not cached on this server yet
    }
    const temp = await this.local.tempPath();
    try {
      await pipeline(Readable.from(await this.stream(key)), createWriteStream(temp));
      await this.local.moveTemp(temp, path);
    } catch (e) {
      await this.local.discardPath(temp);
      throw e;
    }
    return path;
  }

  sweepTemp(olderThanMs?: number): Promise<number> {
    return this.local.sweepTemp(olderThanMs);
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: key }));
    await rm(join(this.local.path('cache'), key), { force: true });
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | null> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: key }));
      return { size: res.ContentLength ?? 0, modifiedAt: res.LastModified ?? new Date(0) };
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  /** A copy then a deletion: an object store has no rename. */
  async move(from: string, to: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.o.bucket,
        Key: to,
        CopySource: `${this.o.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
    await this.remove(from);
  }

  private async sizeOf(key: string): Promise<number> {
    const res = await this.client.send(
      new GetObjectCommand({ Bucket: this.o.bucket, Key: key, Range: 'bytes=0-0' }),
    );
    await res.Body?.transformToByteArray();
    const total = /\/(\d+)$/.exec(res.ContentRange ?? '')?.[1];
    if (!total) throw new Error(`The object store did not give the size of ${key}`);
    return Number(total);
  }
}
