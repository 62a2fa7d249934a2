import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';
import { makeZip } from '../zip.js';

describe('a batch whose files pass the upload limit, or lie about their size', () => {
  let t: TestApp;
  let dir: string;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let objectId: string;
  // Errors no request caught: in a server, each of these ends the process.
  const stray: unknown[] = [];
  const keep = (e: unknown) => void stray.push(e);
  beforeEach(() => {
    process.on('uncaughtException', keep);
    process.on('unhandledRejection', keep);
  });
  afterEach(() => {
    process.off('uncaughtException', keep);
    process.off('unhandledRejection', keep);
  });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-batch-limits-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir, MAX_UPLOAD_BYTES: '100000' });
    const museum = await makeMuseum(t.services, 'limits-museum');
    const curator = await makeUser(t.services, { museum, role: 'curator' });
    objectId = (await t.services.objects.create(curator, museum.id, objectInput({ accessionNumber: 'A.1' })))
      .id;
    api = await apiClient(t, curator.userId);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses each such file with its reason, saves the others, and throws nothing outside the request', async () => {
    // A megabyte that starts as a JPEG and deflates to a kilobyte.
    const large = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(1_000_000)]);
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#654' } })
      .jpeg()
      .toBuffer();
    const zip = makeZip([
      { name: 'A.1_large.jpg', data: large, deflate: true },
      { name: 'A.1_liar.jpg', data: large, deflate: true, declaredSize: 2_000 },
      { name: 'A.1_whole.jpg', data: jpeg, deflate: true },
    ]);
    const staged = await t.app.request('/api/v1/museums/limits-museum/media/batches', {
      method: 'POST',
      body: new Uint8Array(zip),
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(staged.status).toBe(201);
    const res = await api.call(
      'POST',
      `/api/v1/museums/limits-museum/media/batches/${(await staged.json()).id}/save`,
    );
    expect(res.status).toBe(200);
    const batch = await res.json();
    // What a stream still emits after its reader gave up would come now.
    await new Promise((r) => setTimeout(r, 200));
    expect(stray).toEqual([]);
    expect(batch.status).toBe('saved');
    const entry = (file: string) => batch.entries.find((e: { file: string }) => e.file === file);
    expect(entry('A.1_large.jpg').error).toMatch(/larger than the upload limit/);
    expect(entry('A.1_liar.jpg').error).toMatch(/does not read as the archive declares it/);
    expect(entry('A.1_whole.jpg').mediaId).toBeTruthy();
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    const media = (
      await (await api.call('GET', `/api/v1/museums/limits-museum/objects/${objectId}/media`)).json()
    ).items;
    expect(media.map((m: { originalName: string }) => m.originalName)).toEqual(['A.1_whole.jpg']);
  });
});
