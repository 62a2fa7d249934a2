import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

describe('the public object page', () => {
  let t: TestApp;
  let dir: string;
  let pub: string;
  let priv: string;
  let images: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-portal-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir });
    const s = t.services;
    const museum = await makeMuseum(s, 'portal-museum');
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'P.1',
        visibility: 'public',
        dates: ['865 AH'],
        titles: [
          { lang: 'ar', value: 'إبريق' },
          { lang: 'en', value: 'Ewer' },
          { lang: 'fr', value: 'Aiguière' },
        ],
        descriptions: [{ lang: 'en', value: 'Brass inlaid with silver.' }],
      }),
    );
    pub = o.id;
    priv = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({ accessionNumber: 'P.2', visibility: 'internal' }),
      )
    ).id;
    const a = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#446688' } })
      .jpeg()
      .toBuffer();
    const b = await sharp({ create: { width: 300, height: 500, channels: 3, background: '#886644' } })
      .png()
      .toBuffer();
    images = [
      (await s.media.ingest(curator, museum.id, o.id, streamOf(a), {})).media.id,
      (await s.media.ingest(curator, museum.id, o.id, streamOf(b), {})).media.id,
    ];
    await s.media.update(curator, museum.id, images[1]!, {
      captions: [
        { lang: 'ar', value: 'القاعدة' },
        { lang: 'en', value: 'The base' },
      ],
      credit: 'Photo: S. Idrissi',
    });
    await s.worker.drain();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a public object to anyone, in the reader’s language, with its image, viewer and manifest', async () => {
    const res = await t.app.request(`/m/portal-museum/objects/${pub}`, {
      headers: { 'accept-language': 'ar' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html><html lang="ar" dir="rtl">')).toBe(true);
    expect(html).toContain('<h1>إبريق</h1>');
    expect(html).toContain(`data-iiif-info="/iiif/3/${images[0]}/info.json"`);
    // Sized by the IIIF server for the screen (srcset), never upscaled, width and height set.
    expect(html).toContain(
      `src="/iiif/3/${images[0]}/full/900,/0/default.jpg" srcset="/iiif/3/${images[0]}/full/600,/0/default.jpg 600w, /iiif/3/${images[0]}/full/900,/0/default.jpg 900w"`,
    );
    expect(html).toContain('width="900" height="600"');
    expect(html).toContain('<script src="/static/viewer.js" defer="">');
    expect(html).toContain(`href="/iiif/3/manifest/${pub}"`);
    // The Hijri date with its Gregorian equivalent.
    expect(html).toMatch(/865 AH.*1460/);
    // The record's titles in other languages, named as such, each marked with its language (the heading's title not again).
    expect(html).toContain(
      '<dt>عناوين أخرى</dt><dd><p lang="en" dir="auto">Ewer</p><p lang="fr" dir="auto">Aiguière</p></dd>',
    );
    // Other images are links (no script needed) that show each in turn.
    const second = await (
      await t.app.request(`/m/portal-museum/objects/${pub}?image=${images[1]}`, {
        headers: { 'accept-language': 'en' },
      })
    ).text();
    expect(second).toContain(`data-iiif-info="/iiif/3/${images[1]}/info.json"`);
    expect(second).toContain('alt="The base"');
    expect(second).toContain('Photo: S. Idrissi');
    // The fallback picture the page shows is served.
    const pic = await t.app.request(`/iiif/3/${images[0]}/full/900,/0/default.jpg`);
    expect(await sharp(Buffer.from(await pic.arrayBuffer())).metadata()).toMatchObject({
      width: 900,
      height: 600,
    });
  });

  it('names no staff-only field, and hides a non-public object from everyone but its staff', async () => {
    const html = await (await t.app.request(`/m/portal-museum/objects/${pub}`)).text();
    for (const word of [
      'accessioned',
      'version',
      'createdBy',
      'updatedBy',
      'collectionStatus',
      'sha256',
      '"technical"',
    ])
      expect(html).not.toContain(word);
    expect((await t.app.request(`/m/portal-museum/objects/${priv}`)).status).toBe(404);
    expect((await t.app.request(`/m/another-museum/objects/${pub}`)).status).toBe(404);
    const missing = await t.app.request('/m/portal-museum/objects/not-an-id');
    expect(missing.status).toBe(404);
    expect((await missing.text()).startsWith('<!DOCTYPE html><html lang="ar" dir="rtl">')).toBe(true);
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, 'portal-museum'))!;
    const staff = new Browser(t.app);
    await staff.signIn((await makeUser(t.services, { museum, role: 'readonly' })).email);
    const seen = await staff.get(`/m/portal-museum/objects/${priv}`);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('cache-control')).toContain('no-store');
    const outsider = new Browser(t.app);
    await outsider.signIn(
      (await makeUser(t.services, { museum: await makeMuseum(t.services), role: 'director' })).email,
    );
    expect((await outsider.get(`/m/portal-museum/objects/${priv}`)).status).toBe(404);
  });

  it('is read in the language its address names, names its other languages, and may be kept by shared caches', async () => {
    const url = `/fr/m/portal-museum/objects/${pub}`;
    const res = await t.app.request(url, { headers: { 'accept-language': 'ar' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(html).toContain('<h1>Aiguière</h1>');
    expect(html).toContain(
      `<link rel="canonical" href="http://localhost:8080/fr/m/portal-museum/objects/${pub}"/>`,
    );
    for (const l of ['ar', 'en'])
      expect(html).toContain(
        `<link rel="alternate" hreflang="${l}" href="http://localhost:8080/${l}/m/portal-museum/objects/${pub}"/>`,
      );
    expect(html).toContain(
      `hreflang="x-default" href="http://localhost:8080/m/portal-museum/objects/${pub}"`,
    );
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    // The address also gives the record as Linked Art to a reader asking for JSON-LD.
    expect(res.headers.get('vary')).toBe('Accept, Cookie, Accept-Encoding');
    expect(res.headers.get('set-cookie')).toBeNull();
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await t.app.request(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Without a language in the address, the browser's; the page says it varies with it.
    const plain = await t.app.request(`/m/portal-museum/objects/${pub}`, {
      headers: { 'accept-language': 'en' },
    });
    expect(await plain.text()).toContain('<h1>Ewer</h1>');
    expect(plain.headers.get('vary')).toBe('Accept, Accept-Language, Cookie, Accept-Encoding');
    // Staff pages, and any page read by someone signed in, are theirs alone.
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, 'portal-museum'))!;
    const staff = new Browser(t.app);
    await staff.signIn((await makeUser(t.services, { museum, role: 'curator' })).email);
    expect((await staff.get(url)).headers.get('cache-control')).toBe('private, no-store');
    expect((await staff.get('/staff')).headers.get('cache-control')).toBe('private, no-store');
    expect((await t.app.request('/sign-in')).headers.get('cache-control')).toBe('private, no-store');
  });

  it('answers 410 for an object that was public and is no longer, and 404 for one that never was', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'portal-museum'))!;
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({ accessionNumber: 'P.7', visibility: 'public' }),
    );
    const url = `/en/m/portal-museum/objects/${o.id}`;
    expect((await t.app.request(url)).status).toBe(200);
    const internal = await s.objects.update(curator, museum.id, o.id, {
      ...objectInput({ accessionNumber: 'P.7', visibility: 'internal' }),
      version: o.version,
    });
    const goneRes = await t.app.request(url);
    expect(goneRes.status).toBe(410);
    expect(await goneRes.text()).toContain('no longer');
    expect((await t.app.request(`/en/m/another-museum/objects/${o.id}`)).status).toBe(404);
    const back = await s.objects.update(curator, museum.id, o.id, {
      ...objectInput({ accessionNumber: 'P.7', visibility: 'public' }),
      version: internal.version,
    });
    expect((await t.app.request(url)).status).toBe(200);
    await s.objects.delete(await makeUser(s, { museum, role: 'director' }), museum.id, back.id);
    expect((await t.app.request(url)).status).toBe(410);
    expect((await t.app.request(`/en/m/portal-museum/objects/${priv}`)).status).toBe(404);
  });

  it('keeps a rendered page while its record is unchanged, and shows a change at once', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'portal-museum'))!;
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'P.8',
        visibility: 'public',
        titles: [{ lang: 'en', value: 'First title' }],
      }),
    );
    const url = `/en/m/portal-museum/objects/${o.id}`;
    const renders = vi.spyOn(s.portal, 'object');
    const stamps = vi.spyOn(s.portal, 'objectStamp');
    // Its first reader is given the page as rendered (no stamp read); it is kept from its second reader on.
    const first = await t.app.request(url, { headers: { 'accept-encoding': 'br' } });
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const html = brotliDecompressSync(Buffer.from(await first.arrayBuffer())).toString('utf8');
    expect(stamps).toHaveBeenCalledTimes(0);
    expect(await (await t.app.request(url)).text()).toBe(html);
    expect(renders).toHaveBeenCalledTimes(2);
    const second = await t.app.request(url);
    expect(await second.text()).toBe(html);
    expect(second.headers.get('cache-control')).toBe('public, no-cache');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(renders).toHaveBeenCalledTimes(2);
    // Kept as sent: one ETag for every encoding, each encoding the same page, a 304 saying what it varies with.
    const tag = second.headers.get('etag')!;
    for (const encoding of ['br', 'gzip']) {
      const res = await t.app.request(url, { headers: { 'accept-encoding': encoding } });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('etag')).toBe(tag);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect((encoding === 'br' ? brotliDecompressSync(bytes) : gunzipSync(bytes)).toString('utf8')).toBe(
        html,
      );
    }
    const unchanged = await t.app.request(url, {
      headers: { 'if-none-match': tag, 'accept-encoding': 'br' },
    });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('vary')).toBe('Accept, Cookie, Accept-Encoding');
    expect(renders).toHaveBeenCalledTimes(2);
    const renamed = await s.objects.update(curator, museum.id, o.id, {
      ...objectInput({
        accessionNumber: 'P.8',
        visibility: 'public',
        titles: [{ lang: 'en', value: 'Second title' }],
      }),
      version: o.version,
    });
    expect(await (await t.app.request(url)).text()).toContain('<h1>Second title</h1>');
    expect(renders).toHaveBeenCalledTimes(3);
    // Staff are never given a kept page, nor is theirs kept.
    const staff = new Browser(t.app);
    await staff.signIn(curator.email);
    await staff.get(url);
    expect(renders).toHaveBeenCalledTimes(4);
    await t.app.request(url);
    expect(renders).toHaveBeenCalledTimes(4);
    stamps.mockRestore();
    await s.objects.update(curator, museum.id, o.id, {
      ...objectInput({ accessionNumber: 'P.8', visibility: 'internal' }),
      version: renamed.version,
    });
    expect((await t.app.request(url)).status).toBe(410);
    renders.mockRestore();
  });

  it('reads a museum once for its object pages a while, and never remembers an address that is no museum', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'portal-museum'))!;
    const curator = await makeUser(s, { museum, role: 'curator' });
    const made = await Promise.all(
      ['P.9', 'P.10', 'P.11'].map((n) =>
        s.objects.create(curator, museum.id, objectInput({ accessionNumber: n, visibility: 'public' })),
      ),
    );
    const reads = vi.spyOn(s.repos.museums, 'findBySlug');
    for (const o of made)
      expect((await t.app.request(`/fr/m/portal-museum/objects/${o.id}`)).status).toBe(200);
    expect(reads.mock.calls.filter(([, slug]) => slug === 'portal-museum').length).toBeLessThanOrEqual(1);
    // An address that is no museum yet answers 404 each time it is asked, and the museum is found once it exists.
    expect((await t.app.request(`/fr/m/museum-to-come/objects/${made[0]!.id}`)).status).toBe(404);
    expect((await t.app.request(`/fr/m/museum-to-come/objects/${made[0]!.id}`)).status).toBe(404);
    expect(reads.mock.calls.filter(([, slug]) => slug === 'museum-to-come')).toHaveLength(2);
    const later = await makeMuseum(s, 'museum-to-come');
    const theirs = await s.objects.create(
      await makeUser(s, { museum: later, role: 'curator' }),
      later.id,
      objectInput({ accessionNumber: 'L.1', visibility: 'public' }),
    );
    expect((await t.app.request(`/fr/m/museum-to-come/objects/${theirs.id}`)).status).toBe(200);
    // An object is found only under its own museum's address, remembered or not.
    expect((await t.app.request(`/fr/m/portal-museum/objects/${theirs.id}`)).status).toBe(404);
    reads.mockRestore();
  });

  it('serves the viewer’s scripts compressed, and OpenSeadragon’s buttons', async () => {
    const js = await t.app.request('/static/openseadragon.min.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect((await js.arrayBuffer()).byteLength).toBeLessThan(150_000);
    expect((await t.app.request('/static/osd/zoomin_rest.png')).headers.get('content-type')).toBe(
      'image/png',
    );
    expect((await t.app.request('/static/..%2Fpackage.json')).status).toBe(404);
  });
});
