import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';
import { objectInput } from '../factories.js';

const W = 1100;
const H = 700;
const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

/** A gradient whose pixel at (x, y) is (x mod 256, y mod 256, 128): any misplaced tile shows. */
function gradient(): Buffer {
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) raw.set([x % 256, y % 256, 128], (y * W + x) * 3);
  return raw;
}

async function pixels(res: Response) {
  const body = Buffer.from(await res.arrayBuffer());
  const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  return {
    info,
    stored: await sharp(body).metadata(),
    at: (x: number, y: number) => [
      ...data.subarray(
        (y * info.width + x) * info.channels,
        (y * info.width + x) * info.channels + info.channels,
      ),
    ],
  };
}
const near = (got: number[], want: number[], tol = 6) => want.every((v, i) => Math.abs(v - got[i]!) <= tol);

describe('IIIF Image API 3.0 over each image’s pyramid', () => {
  let t: TestApp;
  let dir: string;
  let id: string;
  let hidden: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-iiif-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir });
    const s = t.services;
    const museum = await makeMuseum(s, 'iiif-museum');
    const curator = await makeUser(s, { museum, role: 'curator' });
    const pub = await s.objects.create(
      curator,
      museum.id,
      objectInput({ accessionNumber: 'I.1', visibility: 'public' }),
    );
    const priv = await s.objects.create(
      curator,
      museum.id,
      objectInput({ accessionNumber: 'I.2', visibility: 'internal' }),
    );
    const jpeg = await sharp(gradient(), { raw: { width: W, height: H, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    id = (await s.media.ingest(curator, museum.id, pub.id, streamOf(jpeg), {})).media.id;
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    hidden = (await s.media.ingest(curator, museum.id, priv.id, streamOf(png), {})).media.id;
    await s.worker.drain();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

  it('describes the image in info.json: level 2, sizes and tiles of the pyramid, JSON-LD, CORS and the profile link', async () => {
    const res = await get(`/iiif/3/${id}/info.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/ld+json;profile="http://iiif.io/api/image/3/context.json"',
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('link')).toContain('<http://iiif.io/api/image/3/level2.json>;rel="profile"');
    const info = await res.json();
    expect(Object.keys(info)[0]).toBe('@context');
    expect(info).toMatchObject({
      '@context': 'http://iiif.io/api/image/3/context.json',
      id: `http://localhost:8080/iiif/3/${id}`,
      type: 'ImageService3',
      protocol: 'http://iiif.io/api/image',
      profile: 'level2',
      width: W,
      height: H,
      tiles: [{ width: 256, height: 256, scaleFactors: [1, 2, 4, 8] }],
      extraFeatures: expect.arrayContaining([
        'mirroring',
        'rotationArbitrary',
        'sizeUpscaling',
        'canonicalLinkHeader',
        'profileLinkHeader',
      ]),
    });
    expect(info.sizes).toEqual([
      { width: 137, height: 87 },
      { width: 275, height: 175 },
      { width: 550, height: 350 },
      { width: 1100, height: 700 },
    ]);
    expect(
      (await get(`/iiif/3/${id}/info.json`, { accept: 'application/json' })).headers.get('content-type'),
    ).toBe('application/json');
    const base = await get(`/iiif/3/${id}`);
    expect(base.status).toBe(303);
    expect(base.headers.get('location')).toBe(`http://localhost:8080/iiif/3/${id}/info.json`);
    const pre = await t.app.request(`/iiif/3/${id}/info.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://viewer.example', 'access-control-request-method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('serves the stored tiles with the right pixels, at every scale, with a canonical link', async () => {
    const tile = await get(`/iiif/3/${id}/256,256,256,256/256,256/0/default.jpg`);
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('image/jpeg');
    expect(tile.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // The whole region at its own size is `max` in canonical form (§4.8).
    expect(tile.headers.get('link')).toContain(
      `<http://localhost:8080/iiif/3/${id}/256,256,256,256/max/0/default.jpg>;rel="canonical"`,
    );
    const p = await pixels(tile);
    expect([p.info.width, p.info.height]).toEqual([256, 256]);
    expect(near(p.at(10, 20), [10, 20, 128])).toBe(true);
    // The right-hand edge tile is cut to the image (1100 − 1024 = 76 wide), once, at ingest.
    expect(readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('pyramid.tif.edges'))).toBe(
      true,
    );
    const edge = await pixels(await get(`/iiif/3/${id}/1024,512,76,188/76,188/0/default.jpg`));
    expect([edge.info.width, edge.info.height]).toEqual([76, 188]);
    expect(near(edge.at(40, 40), [40, 40, 128])).toBe(true);
    // A tile of the half-size level covers 512 pixels of the full image.
    const half = await pixels(await get(`/iiif/3/${id}/512,0,512,512/256,/0/default.jpg`));
    expect([half.info.width, half.info.height]).toEqual([256, 256]);
    expect(near(half.at(20, 100), [40, 200, 128], 12)).toBe(true);
    // The last tile of the half level reaches past that level's rounded-down width.
    const last = await get(`/iiif/3/${id}/1024,512,76,188/38,94/0/default.jpg`);
    expect(last.status).toBe(200);
    expect((await pixels(last)).info.width).toBe(38);
    // Non-canonical forms name their canonical equivalent.
    const full = await get(`/iiif/3/${id}/pct:0,0,100,100/550,/0/default.jpg`);
    expect(full.headers.get('link')).toContain(`/iiif/3/${id}/full/550,350/0/default.jpg>;rel="canonical"`);
  });

  it('cuts arbitrary regions, scales, mirrors, rotates, and gives every quality and format', async () => {
    const r = await pixels(await get(`/iiif/3/${id}/300,100,500,400/250,/0/default.png`));
    expect([r.info.width, r.info.height]).toEqual([250, 200]);
    expect(near(r.at(0, 0), [300 % 256, 100, 128], 12)).toBe(true);
    const square = await pixels(await get(`/iiif/3/${id}/square/max/0/default.jpg`));
    expect([square.info.width, square.info.height]).toEqual([700, 700]);
    const mirrored = await pixels(await get(`/iiif/3/${id}/0,0,100,50/max/!0/default.png`));
    expect(near(mirrored.at(99, 0), [0, 0, 128])).toBe(true);
    const turned = await pixels(await get(`/iiif/3/${id}/0,0,100,50/max/90/default.png`));
    expect([turned.info.width, turned.info.height]).toEqual([50, 100]);
    expect(near(turned.at(49, 0), [0, 0, 128])).toBe(true);
    const tilted = await pixels(await get(`/iiif/3/${id}/0,0,100,100/max/45/default.png`));
    expect(tilted.info.width).toBeGreaterThanOrEqual(141);
    expect(tilted.info.channels).toBe(4);
    expect(tilted.at(0, 0)[3]).toBe(0);
    const gray = await pixels(await get(`/iiif/3/${id}/0,0,64,64/max/0/gray.png`));
    expect(gray.stored.channels).toBe(1);
    const bitonal = await pixels(await get(`/iiif/3/${id}/0,0,64,64/max/0/bitonal.png`));
    for (const [x, y] of [
      [1, 1],
      [40, 60],
      [63, 2],
    ] as const)
      expect([0, 255]).toContain(bitonal.at(x, y)[0]);
    const webp = await get(`/iiif/3/${id}/full/max/0/color.webp`);
    expect(webp.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).format).toBe('webp');
    const up = await pixels(await get(`/iiif/3/${id}/0,0,100,100/^200,/0/default.jpg`));
    expect([up.info.width, up.info.height]).toEqual([200, 200]);
    // HEAD answers like GET, without a body.
    const head = await t.app.request(`/iiif/3/${id}/full/100,/0/default.jpg`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/jpeg');
  });

  it('answers malformed requests with 400, unknown and hidden images with 404, and never upscales without ^', async () => {
    for (const path of [
      '0,0,0,0/max/0/default.jpg',
      'full/1101,/0/default.jpg',
      'full/max/400/default.jpg',
      'full/max/0/sepia.jpg',
      'full/max/0/default.gif',
      'full/pct:200/0/default.jpg',
      '2000,0,10,10/max/0/default.jpg',
      'full/abc/0/default.jpg',
    ]) {
      const res = await get(`/iiif/3/${id}/${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect((await res.text()).length).toBeGreaterThan(5);
    }
    for (const path of [
      `/iiif/3/${hidden}/info.json`,
      `/iiif/3/${hidden}/full/max/0/default.jpg`,
      `/iiif/3/${hidden}`,
      '/iiif/3/0190aaaa-0000-7000-8000-000000000000/info.json',
      '/iiif/3/..%2F..%2Fetc/info.json',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('serves an image of a non-public object to its museum’s staff only, and never to a shared cache', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'iiif-museum'))!;
    const staff = await apiClient(t, (await makeUser(s, { museum, role: 'readonly' })).userId);
    const res = await staff.call('GET', `/iiif/3/${hidden}/full/100,/0/default.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('private');
    const outsider = await apiClient(
      t,
      (await makeUser(s, { museum: await makeMuseum(s), role: 'director' })).userId,
    );
    expect((await outsider.call('GET', `/iiif/3/${hidden}/info.json`)).status).toBe(404);
    expect((await get(`/iiif/3/${id}/full/100,/0/default.jpg`)).headers.get('cache-control')).toContain(
      'public',
    );
  });
});
