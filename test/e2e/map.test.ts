import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

/** A stand-in tile server on loopback: the same small tile for every address, counting requests. */
async function tileServer(): Promise<{ server: Server; url: string; hits: () => number }> {
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#cfe3ef' } })
    .png()
    .toBuffer();
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'image/png' }).end(tile);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/{z}/{x}/{y}.png`,
    hits: () => hits,
  };
}

describe.skipIf(!browserAvailable())('the map of places of production in a browser', () => {
  let h: Harness;
  let tiles: Awaited<ReturnType<typeof tileServer>>;
  let cairo = '';
  beforeAll(async () => {
    tiles = await tileServer();
    h = await startHarness('ar', { MAP_TILE_URL: tiles.url, MAP_TILE_ATTRIBUTION: 'Test tiles' });
    const s = h.env.services;
    const museum = await makeMuseum(s, 'map-e2e');
    const curator = await makeUser(s, { museum, role: 'curator' });
    cairo = (
      await s.authorities.create(curator, museum.id, {
        type: 'place',
        labels: [
          { lang: 'ar', value: 'القاهرة', preferred: true },
          { lang: 'en', value: 'Cairo' },
        ],
        latitude: 30.05,
        longitude: 31.25,
      })
    ).id;
    const isfahan = (
      await s.authorities.create(curator, museum.id, {
        type: 'place',
        labels: [{ lang: 'ar', value: 'أصفهان', preferred: true }],
        latitude: 32.65,
        longitude: 51.67,
      })
    ).id;
    await s.objects.create(
      curator,
      museum.id,
      objectInput({ visibility: 'public', places: [{ id: cairo, qualifier: 'place of origin' }] }),
    );
    await s.objects.create(
      curator,
      museum.id,
      objectInput({ visibility: 'public', places: [{ id: isfahan, qualifier: 'place of origin' }] }),
    );
  });
  afterAll(async () => {
    await h?.close();
    tiles?.server.close();
  });

  it('draws a circle per place over the tiles, each leading to the place’s page', async () => {
    const { page, base } = h;
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(r.url());
    });
    await page.goto(`${base}/ar/map`);
    await page.waitForSelector('#map path.leaflet-interactive');
    expect(await page.isVisible('#map')).toBe(true);
    expect(await page.$$('#map path.leaflet-interactive')).toHaveLength(2);
    await page.waitForSelector('#map img.leaflet-tile-loaded');
    expect(tiles.hits()).toBeGreaterThan(0);
    expect(await page.textContent('.leaflet-control-attribution')).toContain('Test tiles');
    // The list stays beneath, for keyboards and screen readers.
    expect(await page.$$eval('ol.places a', (as) => as.map((a) => a.textContent))).toEqual([
      'القاهرة',
      'أصفهان',
    ]);
    const [first] = await page.$$('#map path.leaflet-interactive');
    await first!.click();
    await page.waitForSelector('.leaflet-popup-content a');
    await Promise.all([page.waitForURL(/\/ar\/a\//), page.click('.leaflet-popup-content a')]);
    expect(page.url()).toMatch(/\/ar\/a\/[0-9a-f-]{36}$/);
    expect(errors).toEqual([]);
  });

  it('leaves the list alone when the tile server cannot be reached', async () => {
    const { page, base } = h;
    tiles.server.close();
    tiles.server.closeAllConnections();
    await page.goto(`${base}/ar/map`);
    await page.waitForFunction(() => document.getElementById('map')?.hidden === true, null, {
      timeout: 15_000,
    });
    expect(await page.$$eval('ol.places a', (as) => as.length)).toBe(2);
    expect(cairo).toBeTruthy();
  });
});
