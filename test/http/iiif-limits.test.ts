import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

describe('what the IIIF server makes for the public, and how long a withdrawn image lasts', () => {
  let t: TestApp;
  let dir: string;
  let curator: Awaited<ReturnType<typeof makeUser>>;
  let museumId: string;
  let staffToken: string;
  const ids: Record<string, { object: string; image: string }> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-iiif-limits-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir, IIIF_MAX_PIXELS_PUBLIC: '1000000' });
    const s = t.services;
    const museum = await makeMuseum(s, 'limits');
    museumId = museum.id;
    curator = await makeUser(s, { museum, role: 'curator' });
    staffToken = (await apiClient(t, curator.userId)).token;
    for (const [name, colour] of [
      ['open', '#a63'],
      ['withdrawn', '#36a'],
    ] as const) {
      const o = await s.objects.create(
        curator,
        museum.id,
        objectInput({ accessionNumber: `L.${name}`, visibility: 'public' }),
      );
      const jpeg = await sharp({ create: { width: 1100, height: 700, channels: 3, background: colour } })
        .jpeg()
        .toBuffer();
      ids[name] = {
        object: o.id,
        image: (await s.media.ingest(curator, museum.id, o.id, streamOf(jpeg), {})).media.id,
      };
    }
    await s.worker.drain();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const anonymous = (path: string) => t.app.request(path);
  const staff = (path: string) => t.app.request(path, { headers: { authorization: `Bearer ${staffToken}` } });
  const size = async (res: Response) => sharp(Buffer.from(await res.arrayBuffer())).metadata();

  it('makes at most IIIF_MAX_PIXELS_PUBLIC pixels for anyone but the staff, upscaled or not, and says so in info.json', async () => {
    const id = ids.open!.image;
    const info = await (await anonymous(`/iiif/3/${id}/info.json`)).json();
    expect(info).toMatchObject({ maxArea: 1_000_000, maxWidth: 10_000, maxHeight: 10_000 });
    // `^max` is the largest image within the limits (§4.2): a little under a megapixel here.
    const max = await anonymous(`/iiif/3/${id}/full/^max/0/default.png`);
    expect(max.status).toBe(200);
    const m = await size(max);
    expect(m.width! * m.height!).toBeLessThanOrEqual(1_000_000);
    expect(m.width).toBeGreaterThan(1100);
    for (const path of [
      'full/^2000,/0/default.png',
      'full/^pct:300/0/default.png',
      'full/^3000,2000/0/default.png',
    ]) {
      const res = await anonymous(`/iiif/3/${id}/${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(/maxArea/);
    }
    // A size to fit within a box is fitted within the limits too.
    const boxed = await size(await anonymous(`/iiif/3/${id}/full/^!4000,4000/0/default.png`));
    expect(boxed.width! * boxed.height!).toBeLessThanOrEqual(1_000_000);
    // The museum's staff keep the larger limits, in answers no shared cache keeps.
    const staffInfo = await staff(`/iiif/3/${id}/info.json`);
    expect((await staffInfo.json()).maxArea).toBe(16_777_216);
    expect(staffInfo.headers.get('cache-control')).toMatch(/^private/);
    const large = await staff(`/iiif/3/${id}/full/^2000,/0/default.png`);
    expect(large.status).toBe(200);
    expect((await size(large)).width).toBe(2000);
    expect(large.headers.get('cache-control')).toMatch(/^private/);
    // The same address means the reader's own `max`: the staff's larger answer is not given to others.
    expect((await size(await staff(`/iiif/3/${id}/full/^max/0/default.png`))).width).toBeGreaterThan(
      m.width!,
    );
    expect((await size(await anonymous(`/iiif/3/${id}/full/^max/0/default.png`))).width).toBe(m.width);
  });

  it('refuses an image withdrawn from the public from the next request on, and lets caches keep a tile ten minutes at most', async () => {
    const { object, image } = ids.withdrawn!;
    const tile = `/iiif/3/${image}/0,0,256,256/max/0/default.jpg`;
    const before = await anonymous(tile);
    expect(before.status).toBe(200);
    expect(before.headers.get('cache-control')).toBe('public, max-age=600');
    expect((await anonymous(`/iiif/3/${image}/info.json`)).headers.get('cache-control')).toBe(
      'public, max-age=600',
    );
    expect((await anonymous(`/iiif/3/manifest/${object}`)).headers.get('cache-control')).toBe(
      'public, max-age=600',
    );
    await t.services.objects.patch(curator, museumId, object, { visibility: 'internal' });
    const after = await anonymous(tile);
    expect(after.status).toBe(404);
    expect(after.headers.get('cache-control')).toBe('no-store');
    expect((await anonymous(`/iiif/3/${image}/info.json`)).status).toBe(404);
    expect((await anonymous(`/iiif/3/manifest/${object}`)).status).toBe(404);
    // Its museum's staff still see it, privately.
    const own = await staff(tile);
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toMatch(/^private/);
  });
});
