import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RIGHTS } from '../../src/modules/common/values.schemas.js';
import { makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();
const SERIAL = 'CANARY-SERIAL-73519';

interface Canvas {
  id: string;
  width: number;
  height: number;
  items: {
    type: string;
    items: { body: { id: string; width: number; height: number; service: unknown } }[];
  }[];
}

/** Presentation 3.0 §4.4: a language map is an object of language → array of strings. */
function isLanguageMap(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length > 0 &&
    Object.entries(v).every(
      ([k, vals]) =>
        /^([a-z]{2,3}(-[A-Za-z0-9]+)*|none)$/.test(k) &&
        Array.isArray(vals) &&
        vals.every((x) => typeof x === 'string'),
    )
  );
}

/** Every label, summary and metadata or requiredStatement value anywhere in a document. */
function languageFields(doc: unknown, path = '$', out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(doc)) {
    for (const [i, d] of doc.entries()) languageFields(d, `${path}[${i}]`, out);
  } else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === 'label' || k === 'summary') out.push([`${path}.${k}`, v]);
      if ((k === 'metadata' && Array.isArray(v)) || k === 'requiredStatement') {
        for (const [i, entry] of (Array.isArray(v) ? v : [v]).entries())
          out.push([`${path}.${k}[${i}].value`, (entry as { value: unknown }).value]);
      }
      languageFields(v, `${path}.${k}`, out);
    }
  }
  return out;
}

describe('IIIF Presentation API 3.0 manifests and collections', () => {
  let t: TestApp;
  let dir: string;
  let objectId: string;
  let privateId: string;
  let mediaIds: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-manifest-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir });
    const s = t.services;
    const museum = await s.museums.create(await makeUser(s, { admin: true }), {
      slug: 'manifest-museum',
      names: [
        { lang: 'ar', value: 'متحف المخطوطات' },
        { lang: 'en', value: 'Manuscript Museum' },
      ],
    });
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'MS.7',
        visibility: 'public',
        rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
        titles: [
          { lang: 'ar', value: 'مصحف شريف' },
          { lang: 'en', value: 'Qur’an' },
          { lang: 'fr', value: 'Coran' },
        ],
        descriptions: [{ lang: 'en', value: 'Maghribi script on paper.' }],
        creditLine: [{ lang: 'en', value: 'Gift of the family, 1931' }],
      }),
    );
    objectId = o.id;
    privateId = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({ accessionNumber: 'MS.8', visibility: 'internal' }),
      )
    ).id;
    const withExif = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#884422' } })
      .withExif({
        IFD0: { Make: 'Canon', Model: 'EOS', Copyright: 'Museum' },
        IFD2: { BodySerialNumber: SERIAL },
      })
      .jpeg()
      .toBuffer();
    const second = await sharp({ create: { width: 300, height: 500, channels: 3, background: '#224488' } })
      .png()
      .toBuffer();
    const a = (await s.media.ingest(curator, museum.id, o.id, streamOf(withExif), {})).media;
    const b = (await s.media.ingest(curator, museum.id, o.id, streamOf(second), {})).media;
    await s.media.update(curator, museum.id, b.id, {
      captions: [
        { lang: 'ar', value: 'الظهر' },
        { lang: 'en', value: 'Back' },
      ],
      rights: 'http://rightsstatements.org/vocab/InC-EDU/1.0/',
      credit: 'Photo: A. Benali',
      main: true,
    });
    await s.media
      .ingest(curator, museum.id, privateId, streamOf(withExif.subarray(0, withExif.length)), {})
      .catch(() => undefined);
    mediaIds = [a.id, b.id];
    await s.worker.drain();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('describes a public object: language maps everywhere, one painted canvas per image with its image service', async () => {
    const res = await t.app.request(`/iiif/3/manifest/${objectId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const m = await res.json();
    expect(Object.keys(m)[0]).toBe('@context');
    expect(m).toMatchObject({
      '@context': 'http://iiif.io/api/presentation/3/context.json',
      id: `http://localhost:8080/iiif/3/manifest/${objectId}`,
      type: 'Manifest',
      label: { ar: ['مصحف شريف'], en: ['Qur’an'], fr: ['Coran'] },
      summary: { en: ['Maghribi script on paper.'] },
      rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
      requiredStatement: {
        label: { en: ['Attribution'], ar: ['الإسناد'] },
        value: { en: ['Gift of the family, 1931'] },
      },
    });
    const fields = languageFields(m);
    expect(fields.length).toBeGreaterThan(10);
    for (const [path, v] of fields) expect(isLanguageMap(v), `${path} is a language map`).toBe(true);
    expect(m.metadata[0]).toEqual({
      label: { ar: ['رقم الجرد'], fr: expect.any(Array), en: ['Accession number'] },
      value: { none: ['MS.7'] },
    });
    expect(m.items).toHaveLength(2);
    for (const [i, canvas] of (m.items as Canvas[]).entries()) {
      expect(canvas).toMatchObject({ id: `${m.id}/canvas/${i + 1}`, type: 'Canvas' });
      expect(Number.isInteger(canvas.width) && Number.isInteger(canvas.height)).toBe(true);
      const page = canvas.items[0]!;
      expect(page.type).toBe('AnnotationPage');
      const anno = page.items[0]!;
      expect(anno).toMatchObject({
        type: 'Annotation',
        motivation: 'painting',
        target: canvas.id,
        body: { type: 'Image', format: 'image/jpeg' },
      });
      expect(anno.body.service).toEqual([
        { id: `http://localhost:8080/iiif/3/${mediaIds[i]}`, type: 'ImageService3', profile: 'level2' },
      ]);
      // The painted image and its service answer, at the size the manifest states.
      const img = await t.app.request(anno.body.id.replace('http://localhost:8080', ''));
      expect(img.status).toBe(200);
      expect(await sharp(Buffer.from(await img.arrayBuffer())).metadata()).toMatchObject({
        width: anno.body.width,
        height: anno.body.height,
      });
    }
    expect(m.items[1]).toMatchObject({
      label: { ar: ['الظهر'], en: ['Back'] },
      rights: 'http://rightsstatements.org/vocab/InC-EDU/1.0/',
      requiredStatement: { value: { none: ['Photo: A. Benali'] } },
    });
    expect(m.start).toEqual({ id: m.items[1].id, type: 'Canvas' });
    expect(m.thumbnail[0].id).toContain(`/iiif/3/${mediaIds[1]}/full/`);
    for (const r of [m.rights, ...m.items.map((c: { rights?: string }) => c.rights).filter(Boolean)])
      expect(RIGHTS).toContain(r);
    expect(m.homepage[0]).toMatchObject({ type: 'Text', format: 'text/html' });
  });

  it('keeps camera serials and GPS out of every public answer, and non-public objects out of manifests and collections', async () => {
    const bodies = await Promise.all(
      [
        `/iiif/3/manifest/${objectId}`,
        `/iiif/3/${mediaIds[0]}/info.json`,
        `/iiif/3/${mediaIds[0]}/full/max/0/default.jpg`,
        `/iiif/3/${mediaIds[0]}/0,0,256,256/max/0/default.jpg`,
        '/iiif/3/collection/manifest-museum',
      ].map(async (p) => Buffer.from(await (await t.app.request(p)).arrayBuffer())),
    );
    for (const b of bodies) {
      expect(b.includes(SERIAL)).toBe(false);
      expect(b.includes('Canon')).toBe(false);
    }
    const full = await sharp(bodies[2]!).metadata();
    expect(full.exif).toBeUndefined();
    expect((await t.app.request(`/iiif/3/manifest/${privateId}`)).status).toBe(404);
    const col = await (await t.app.request('/iiif/3/collection/manifest-museum')).json();
    expect(col).toMatchObject({
      '@context': 'http://iiif.io/api/presentation/3/context.json',
      type: 'Collection',
      label: { ar: ['متحف المخطوطات'], en: ['Manuscript Museum'] },
    });
    expect(col.items).toEqual([
      {
        id: `http://localhost:8080/iiif/3/manifest/${objectId}`,
        type: 'Manifest',
        label: { ar: ['مصحف شريف'], en: ['Qur’an'], fr: ['Coran'] },
      },
    ]);
    expect((await t.app.request('/iiif/3/collection/no-such-museum')).status).toBe(404);
  });
});
