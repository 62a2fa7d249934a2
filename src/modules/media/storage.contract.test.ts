import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import { S3_SPARE_BUCKET, startS3 } from '../../../test/s3-server.js';
import { loadConfig } from '../../config.js';
import { S3Storage } from './s3.storage.js';
import { LocalStorage, type Storage } from './storage.adapter.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const collect = async (it: AsyncIterable<Uint8Array>) => {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
};

let s3: Awaited<ReturnType<typeof startS3>>;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mathaf-storage-'));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ADAPTERS: [string, () => { storage: Storage; local: string }][] = [
  [
    'the local disk',
    () => {
      const local = tempDir();
      return { storage: new LocalStorage(local), local };
    },
  ],
  [
    'an S3-compatible store',
    () => {
      const local = tempDir();
      const c = loadConfig(s3.env);
      return {
        storage: new S3Storage(
          {
            bucket: c.S3_BUCKET!,
            endpoint: c.S3_ENDPOINT,
            region: c.S3_REGION,
            accessKeyId: c.S3_ACCESS_KEY_ID,
            secretAccessKey: c.S3_SECRET_ACCESS_KEY,
            forcePathStyle: c.S3_FORCE_PATH_STYLE,
          },
          local,
        ),
        local,
      };
    },
  ],
];

describe.each(ADAPTERS)('the storage contract on %s', (_name, make) => {
  it('says the size and time of a stored file, and moves it to another key whole', async () => {
    const { storage } = make();
    const before = Date.now() - 5_000;
    await storage.putBuffer('originals/m9/ab/moved', Buffer.from('a file set aside'));
    const st = await storage.stat('originals/m9/ab/moved');
    expect(st?.size).toBe(16);
    expect(st!.modifiedAt.getTime()).toBeGreaterThan(before);
    expect(await storage.stat('originals/m9/ab/none')).toBeNull();
    await storage.move('originals/m9/ab/moved', 'orphans/m9/ab/moved');
    expect(await storage.stat('originals/m9/ab/moved')).toBeNull();
    expect(await storage.digest('orphans/m9/ab/moved')).toEqual({
      sha256: sha(Buffer.from('a file set aside')),
      size: 16,
    });
    expect(await storage.list('originals')).not.toContain('originals/m9/ab/moved');
  });

  it('keeps a received file whole under its key, and says what it holds', async () => {
    const { storage, local } = make();
    const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const r = await storage.receive(streamOf(data), 1_000_000);
    expect(r).toMatchObject({ sha256: sha(data), size: data.length });
    expect(r.head.equals(data.subarray(0, 64))).toBe(true);
    await storage.commit(r, 'originals/m1/ab/one');
    expect(await storage.digest('originals/m1/ab/one')).toEqual({ sha256: sha(data), size: data.length });
    expect((await collect(await storage.stream('originals/m1/ab/one'))).equals(data)).toBe(true);
    await storage.putBuffer('originals/m1/cd/two', Buffer.from('two'));
    await storage.putBuffer('derivatives/m1/x/thumb.webp', Buffer.from('thumb'));
    expect(await storage.list('originals')).toEqual(['originals/m1/ab/one', 'originals/m1/cd/two']);
    expect(await storage.digest('originals/m1/zz/missing')).toBeNull();
    // Nothing is left in the temporary area.
    expect(readdirSync(join(local, 'tmp'))).toEqual([]);
  });

  it('refuses a body past the limit and keeps nothing of it', async () => {
    const { storage, local } = make();
    await expect(storage.receive(streamOf(Buffer.alloc(5000)), 4096)).rejects.toMatchObject({
      status: 413,
      code: 'body_too_large',
    });
    expect(readdirSync(join(local, 'tmp'))).toEqual([]);
  });

  it('reads byte ranges, up to and past the end, and gives the image library a local file', async () => {
    const { storage } = make();
    const data = Buffer.from('0123456789abcdefghij');
    const temp = await storage.tempPath();
    writeFileSync(temp, data);
    await storage.putFile('derivatives/m1/y/pyramid.tif', temp);
    const range = await storage.openRange('derivatives/m1/y/pyramid.tif');
    expect((await range.read(3, 4)).toString()).toBe('3456');
    expect((await range.read(18, 10)).toString()).toBe('ij');
    expect((await range.read(25, 4)).length).toBe(0);
    await range.close();
    expect(readFileSync(await storage.localFile('derivatives/m1/y/pyramid.tif')).equals(data)).toBe(true);
    await storage.putBuffer('batches/m1/b.zip', Buffer.from('zip'));
    await storage.remove('batches/m1/b.zip');
    expect(await storage.digest('batches/m1/b.zip')).toBeNull();
  });
});

describe('images kept in an S3-compatible store', () => {
  it('are ingested, made into a pyramid, served as IIIF tiles and checked for fixity', async () => {
    const env = await createTestEnv('sqlite', {
      ...s3.env,
      S3_BUCKET: S3_SPARE_BUCKET,
      MEDIA_DIR: tempDir(),
    });
    try {
      const s = env.services;
      const museum = await makeMuseum(s);
      const curator = await makeUser(s, { museum, role: 'curator' });
      const o = await s.objects.create(curator, museum.id, objectInput({ visibility: 'public' }));
      const jpeg = await sharp({ create: { width: 700, height: 500, channels: 3, background: '#2a6' } })
        .jpeg()
        .toBuffer();
      const { media } = await s.media.ingest(curator, museum.id, o.id, streamOf(jpeg), {});
      await s.worker.drain();
      const img = await s.iiif.image(null, media.id);
      expect([img.width, img.height]).toEqual([700, 500]);
      const tile = await s.iiif.render(img, {
        region: '256,256,256,244',
        size: 'max',
        rotation: '0',
        qualityFormat: 'default.jpg',
      });
      expect(await sharp(tile.body).metadata()).toMatchObject({ width: 256, height: 244 });
      const report = await s.fixity.run();
      expect(report).toMatchObject({ checked: 1, ok: 1, changed: [], missing: [], untracked: [] });
    } finally {
      await env.close();
    }
  });
});
