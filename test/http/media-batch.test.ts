import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConcept, makeMuseum, makeUser, objectInput, snapshot } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';
import { makeZip } from '../zip.js';

describe('a batch of images in a ZIP, named by accession number', () => {
  let t: TestApp;
  let dir: string;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let ids: Record<string, string>;
  const image = (colour: string) =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
      .jpeg()
      .toBuffer();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-batch-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir, MAX_BODY_BYTES: '2048' });
    const museum = await makeMuseum(t.services, 'batch-museum');
    const curator = await makeUser(t.services, { museum, role: 'curator' });
    ids = {};
    for (const acc of ['2026.14.3', 'W.569.4A'])
      ids[acc] = (
        await t.services.objects.create(curator, museum.id, objectInput({ accessionNumber: acc }))
      ).id;
    api = await apiClient(t, (await makeUser(t.services, { museum, role: 'digitization' })).userId);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const stage = (zip: Buffer) =>
    t.app.request('/api/v1/museums/batch-museum/media/batches', {
      method: 'POST',
      body: new Uint8Array(zip),
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/zip' },
    });

  it('shows the matches and the unmatched before anything is saved, then saves the matched files to their objects', async () => {
    const zip = makeZip([
      { name: 'photos/2026.14.3_01.jpg', data: await image('#a33') },
      { name: 'photos/2026.14.3_02.jpg', data: await image('#3a3') },
      { name: 'photos/W.569.4A-back.jpg', data: await image('#33a') },
      { name: 'photos/IMG_0042.jpg', data: await image('#999') },
      { name: 'photos/', data: Buffer.alloc(0) },
      { name: '__MACOSX/photos/._2026.14.3_01.jpg', data: Buffer.from('resource fork') },
    ]);
    const before = await snapshot(t.services);
    const res = await stage(zip);
    expect(res.status).toBe(201);
    const batch = await res.json();
    expect(batch.status).toBe('staged');
    expect(
      batch.entries.map((e: { file: string; accessionNumber: string | null; objectId: string | null }) => [
        e.file,
        e.accessionNumber,
        e.objectId,
      ]),
    ).toEqual([
      ['2026.14.3_01.jpg', '2026.14.3', ids['2026.14.3']],
      ['2026.14.3_02.jpg', '2026.14.3', ids['2026.14.3']],
      ['W.569.4A-back.jpg', 'W.569.4A', ids['W.569.4A']],
      ['IMG_0042.jpg', null, null],
    ]);
    // Staging saved nothing to any object.
    expect(
      (await (await api.call('GET', `/api/v1/museums/batch-museum/objects/${ids['2026.14.3']}/media`)).json())
        .items,
    ).toEqual([]);
    expect(await snapshot(t.services)).not.toBe(before); // the batch record and its audit event only
    const saved = await (
      await api.call('POST', `/api/v1/museums/batch-museum/media/batches/${batch.id}/save`)
    ).json();
    expect(saved.status).toBe('saved');
    expect(saved.entries.filter((e: { mediaId?: string }) => e.mediaId)).toHaveLength(3);
    expect(saved.entries.find((e: { file: string }) => e.file === 'IMG_0042.jpg').mediaId).toBeUndefined();
    const media = (
      await (await api.call('GET', `/api/v1/museums/batch-museum/objects/${ids['2026.14.3']}/media`)).json()
    ).items;
    expect(media.map((m: { originalName: string }) => m.originalName)).toEqual([
      '2026.14.3_01.jpg',
      '2026.14.3_02.jpg',
    ]);
    // Saved once: a second save is refused, and the staged archive is gone.
    expect(
      (await api.call('POST', `/api/v1/museums/batch-museum/media/batches/${batch.id}/save`)).status,
    ).toBe(409);
    expect(
      readdirSync(dir, { recursive: true }).some(
        (f) => String(f).startsWith('batches/') && String(f).endsWith('.zip'),
      ),
    ).toBe(false);
  });

  it('drops a staged batch without saving anything', async () => {
    const batch = await (
      await stage(makeZip([{ name: 'W.569.4A_07.jpg', data: await image('#777') }]))
    ).json();
    expect((await api.call('DELETE', `/api/v1/museums/batch-museum/media/batches/${batch.id}`)).status).toBe(
      204,
    );
    expect(
      (await (await api.call('GET', `/api/v1/museums/batch-museum/media/batches/${batch.id}`)).json()).status,
    ).toBe('dropped');
    expect(
      (await api.call('POST', `/api/v1/museums/batch-museum/media/batches/${batch.id}/save`)).status,
    ).toBe(409);
  });

  it('refuses a whole archive with a path out of it, a symbolic link, or that is no ZIP, storing nothing', async () => {
    const before = await snapshot(t.services);
    const jpeg = await image('#000');
    for (const [what, body, code] of [
      [
        'a ../ path',
        makeZip([
          { name: '2026.14.3_09.jpg', data: jpeg },
          { name: '../../etc/2026.14.3_10.jpg', data: jpeg },
        ]),
        'unsafe_zip',
      ],
      ['an absolute path', makeZip([{ name: '/tmp/2026.14.3_11.jpg', data: jpeg }]), 'unsafe_zip'],
      [
        'a symbolic link',
        makeZip([{ name: '2026.14.3_12.jpg', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
        'unsafe_zip',
      ],
      ['a backslash path', makeZip([{ name: '..\\..\\2026.14.3_13.jpg', data: jpeg }]), 'unsafe_zip'],
      ['not a ZIP', jpeg, 'not_zip'],
    ] as const) {
      const res = await stage(body);
      expect(res.status, what).toBe(400);
      const err = (await res.json()).error;
      expect(err.fields[0].code, what).toBe(code);
      expect(err.fields[0].message, what).toMatch(/nothing was stored/);
    }
    expect(await snapshot(t.services)).toBe(before);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('shows the campaign: objects per status and per photographer, each count a list', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'batch-museum'))!;
    const curator = await makeUser(s, { museum, role: 'curator' });
    await s.media.setDigitization(curator, museum.id, ids['W.569.4A']!, {
      status: 'photographed',
      by: 'Samira Idrissi',
    });
    const manuscripts = await makeConcept(s, 'collection', 'Manuscripts', 'المخطوطات', museum.id);
    await s.objects.patch(curator, museum.id, ids['W.569.4A']!, { collections: [{ id: manuscripts.id }] });
    const b = new Browser(t.app, { 'accept-language': 'fr' });
    await b.signIn(curator.email);
    const html = await (await b.get('/staff/m/batch-museum/digitization')).text();
    expect(html).toContain('Photographié');
    expect(html).toContain('Samira Idrissi');
    expect(html).toContain(
      'href="/staff/m/batch-museum/objects?digitization=photographed&amp;digitizedBy=Samira+Idrissi"',
    );
    // Per collection: the museum's own collections, each count a list of its objects at that stage.
    expect(html).toContain('المخطوطات'); // no French label: the museum's own language comes next
    expect(html).toContain(
      `href="/staff/m/batch-museum/objects?authority=${manuscripts.id}&amp;digitization=photographed"`,
    );
    const inCollection = await (
      await b.get(`/staff/m/batch-museum/objects?authority=${manuscripts.id}&digitization=photographed`)
    ).text();
    expect(inCollection).toContain('W.569.4A');
    expect(inCollection).not.toContain('2026.14.3');
    const listed = await (
      await b.get('/staff/m/batch-museum/objects?digitization=photographed&digitizedBy=Samira+Idrissi')
    ).text();
    expect(listed).toContain('W.569.4A');
    expect(listed).not.toContain('2026.14.3');
    expect((await b.get('/staff/m/batch-museum/media/batch')).status).toBe(200);
    const reader = new Browser(t.app);
    await reader.signIn((await makeUser(s, { museum, role: 'readonly' })).email);
    expect((await reader.get('/staff/m/batch-museum/media/batch')).status).toBe(403);
  });
});
