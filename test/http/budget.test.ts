import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';

/** What a reader on a slow line pays for a page before its images: HTML, CSS and scripts, compressed. */
describe('page weight budgets', () => {
  let t: TestApp;
  let dir: string;
  let objectPath = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-budget-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir });
    const s = t.services;
    const museum = await makeMuseum(s, 'budget-museum');
    const curator = await makeUser(s, { museum, role: 'curator' });
    const dynasty = await s.authorities.create(curator, museum.id, {
      type: 'concept',
      scheme: 'dynasty',
      labels: [
        { lang: 'en', value: 'Mamluk', preferred: true },
        { lang: 'ar', value: 'المماليك' },
      ],
    });
    const long =
      'Enamelled and gilded glass, blown and tooled, with an inscription naming the sultan. '.repeat(20);
    let first = '';
    for (let i = 1; i <= 8; i++) {
      const o = await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `BG.${i}`,
          visibility: 'public',
          dates: ['٧٦٤ هـ'],
          dynasties: [{ id: dynasty.id }],
          titles: [
            { lang: 'ar', value: `مشكاة مسجد السلطان حسن ${i}` },
            { lang: 'en', value: `Mosque lamp ${i}` },
            { lang: 'fr', value: `Lampe de mosquée ${i}` },
          ],
          descriptions: [
            { lang: 'en', value: long },
            { lang: 'ar', value: 'زجاج مموه بالمينا والذهب. '.repeat(20) },
          ],
        }),
      );
      first ||= o.id;
      const jpeg = await sharp({
        create: { width: 1600, height: 1200, channels: 3, background: { r: 30 * i, g: 80, b: 120 } },
      })
        .jpeg()
        .toBuffer();
      await s.media.ingest(curator, museum.id, o.id, new Blob([new Uint8Array(jpeg)]).stream(), {});
    }
    await s.worker.drain();
    objectPath = `/ar/m/budget-museum/objects/${first}`;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The page's own bytes and its scripts' (CSS is inline), as a browser accepting gzip receives them. */
  async function weigh(path: string) {
    const res = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(res.headers.get('content-encoding'), path).toBe('gzip');
    const sent = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length')), path).toBe(sent.byteLength);
    const html = gunzipSync(sent).toString('utf8');
    let bytes = sent.byteLength;
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    for (const src of scripts)
      bytes += (await (await t.app.request(src, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer())
        .byteLength;
    return { html, bytes, scripts };
  }

  it('keeps an object page under 60 KB compressed before images, with every asset from its own host', async () => {
    const { html, bytes, scripts } = await weigh(objectPath);
    expect(bytes).toBeLessThan(60_000);
    expect(scripts).toEqual(['/static/viewer.js']);
    // No font, script, style or image from another host; no stylesheet to wait for (the CSS is in the page).
    const fetched = [
      ...html.matchAll(
        /<(?:script|img|iframe|video|audio|source)\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*rel="(?:stylesheet|preload|modulepreload|icon|prefetch)"[^>]*href="([^"]+)"/g,
      ),
    ];
    expect(fetched.length).toBeGreaterThan(2);
    for (const m of fetched) expect(m[1] ?? m[2], m[0]).toMatch(/^\/[^/]/);
    expect(html).not.toContain('rel="stylesheet"');
    // Images are responsive: a srcset from the IIIF server, and their size set.
    const imgs = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
    expect(imgs.length).toBeGreaterThan(1);
    for (const img of imgs) {
      expect(img).toMatch(/ srcset="\/iiif\/3\/[^"]+ \d+w/);
      expect(img).toMatch(/ width="\d+"/);
      expect(img).toMatch(/ height="\d+"/);
    }
  });

  // The object page is kept once rendered; the front and search pages are rendered for each reader.
  it.each(['object', '/en', '/en/search?q=lamp'])(
    'sends the %s page compressed only to readers that accept it (brotli where accepted), and says the page varies with it',
    async (which) => {
      const path = which === 'object' ? objectPath : which;
      const plain = await t.app.request(path);
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('vary')).toContain('Accept-Encoding');
      const html = await plain.text();
      expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(html));
      const zipped = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(html);
      // One ETag for both forms (weak: the same page), so a revalidation answers 304 either way, with what the page varies with.
      expect(zipped.headers.get('etag')).toBe(plain.headers.get('etag'));
      const unchanged = await t.app.request(path, {
        headers: { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.get('etag')! },
      });
      expect(unchanged.status).toBe(304);
      expect(await unchanged.text()).toBe('');
      expect(unchanged.headers.get('vary')).toBe(plain.headers.get('vary'));
      expect(unchanged.headers.get('cache-control')).toBe('public, no-cache');
      const br = await t.app.request(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8')).toBe(html);
      // Images are compressed already, and small answers are not worth it.
      const healthz = await t.app.request('/healthz', { headers: { 'accept-encoding': 'gzip' } });
      expect(healthz.headers.get('content-encoding')).toBeNull();
      expect(await healthz.json()).toEqual({ ok: true });
    },
  );

  it('keeps the front, search and museum pages as light', async () => {
    for (const path of ['/ar', '/ar/search?q=مشكاة', '/en/m/budget-museum']) {
      const { bytes } = await weigh(path);
      expect(bytes, path).toBeLessThan(60_000);
    }
  });
});
