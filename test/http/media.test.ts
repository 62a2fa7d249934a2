import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';

describe('uploading originals over HTTP', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-media-http-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir, MAX_BODY_BYTES: '2048' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a file larger than the body limit, checks Content-Digest, and serves it back to staff', async () => {
    const museum = await makeMuseum(t.services, 'media-museum');
    const user = await makeUser(t.services, { museum, role: 'digitization' });
    const o = await t.services.objects.create(
      await makeUser(t.services, { museum, role: 'curator' }),
      museum.id,
      objectInput({ accessionNumber: 'M.1' }),
    );
    const api = await apiClient(t, user.userId);
    const tiff = await sharp(randomBytes(300 * 300 * 3), { raw: { width: 300, height: 300, channels: 3 } })
      .tiff()
      .toBuffer();
    expect(tiff.length).toBeGreaterThan(2048);
    const digest = `sha-256=:${createHash('sha256').update(tiff).digest('base64')}:`;
    const url = `/api/v1/museums/media-museum/objects/${o.id}/media`;
    const send = (body: Buffer, headers: Record<string, string>) =>
      t.app.request(url, {
        method: 'POST',
        body: new Uint8Array(body),
        headers: { authorization: `Bearer ${api.token}`, 'content-type': 'image/tiff', ...headers },
      });
    const res = await send(tiff, {
      'content-digest': digest,
      'x-filename': encodeURIComponent('M.1_01.tif'),
    });
    expect(res.status).toBe(201);
    const media = await res.json();
    expect(media).toMatchObject({
      format: 'tiff',
      width: 300,
      height: 300,
      size: tiff.length,
      originalName: 'M.1_01.tif',
      duplicate: false,
    });
    const wrong = await send(Buffer.concat([tiff, Buffer.from('x')]), { 'content-digest': digest });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields[0].code).toBe('digest_mismatch');
    const back = await api.call('GET', `/api/v1/museums/media-museum/media/${media.id}/original`);
    expect(Buffer.from(await back.arrayBuffer()).equals(tiff)).toBe(true);
    expect(back.headers.get('content-digest')).toBe(digest);
    const list = await (await api.call('GET', url)).json();
    expect(list.items.map((m: { id: string }) => m.id)).toEqual([media.id]);
    // A batch is previewed by file name before anything is uploaded.
    const preview = await (
      await api.call('POST', '/api/v1/museums/media-museum/media/match', {
        files: ['M.1_02.tif', 'm.1-verso.jpg', 'IMG_0001.JPG'],
      })
    ).json();
    expect(preview.items).toEqual([
      { file: 'M.1_02.tif', accessionNumber: 'M.1', objectId: o.id },
      { file: 'm.1-verso.jpg', accessionNumber: 'M.1', objectId: o.id },
      { file: 'IMG_0001.JPG', accessionNumber: null, objectId: null },
    ]);
    // Other JSON bodies keep the small limit.
    expect(
      (
        await api.call(
          'POST',
          '/api/v1/museums/media-museum/objects',
          objectInput({ descriptions: [{ lang: 'en', value: 'x'.repeat(4000) }] }),
        )
      ).status,
    ).toBe(413);
  });
});
