import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';

const TILES = 'https://{s}.tiles.example.org/{z}/{x}/{y}.png';

/** The map of where the public objects were made, and its list for readers without the map. */
describe('the map of places of production', () => {
  let plain: TestApp;
  let tiled: TestApp;
  /** The places of the second app (each app has its own; the last assigned are `tiled`'s). */
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    plain = await createTestApp('sqlite');
    tiled = await createTestApp('sqlite', { MAP_TILE_URL: TILES, MAP_TILE_ATTRIBUTION: '© Tile makers' });
    for (const t of [plain, tiled]) {
      const s = t.services;
      const museum = await makeMuseum(s, 'map-museum');
      const curator = await makeUser(s, { museum, role: 'curator' });
      const place = async (en: string, ar: string, coords?: [number, number]) =>
        (
          await s.authorities.create(curator, museum.id, {
            type: 'place',
            labels: [
              { lang: 'en', value: en, preferred: true },
              { lang: 'ar', value: ar },
            ],
            ...(coords ? { latitude: coords[0], longitude: coords[1] } : {}),
          })
        ).id;
      ids.cairo = await place('Cairo', 'القاهرة', [30.05, 31.25]);
      ids.isfahan = await place('Isfahan', 'أصفهان', [32.65, 51.67]);
      ids.fez = await place('Fez', 'فاس');
      ids.canary = await place('Canaryville', 'مدينة الكناري', [10, 10]);
      ids.depicted = await place('Mecca', 'مكة', [21.42, 39.83]);
      const make = (visibility: string, places: unknown[]) =>
        s.objects.create(curator, museum.id, objectInput({ visibility, places }));
      await make('public', [
        { id: ids.cairo, qualifier: 'place of origin' },
        { id: ids.depicted, qualifier: 'place depicted' },
      ]);
      await make('public', [{ id: ids.cairo, qualifier: 'Place of Origin' }]);
      await make('public', [{ id: ids.isfahan }]);
      await make('public', [{ id: ids.fez, qualifier: 'place of origin' }]);
      await make('internal', [{ id: ids.canary, qualifier: 'place of origin' }]);
      await make('internal', [{ id: ids.cairo, qualifier: 'place of origin' }]);
    }
  });
  afterAll(async () => {
    await plain.close();
    await tiled.close();
  });

  it('lists the places where public objects were made, with their counts, and nothing from hidden records', async () => {
    const res = await plain.app.request('/en/map');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    const html = await res.text();
    const listed = [
      ...html.matchAll(
        /<li><a href="\/en\/a\/([^"]+)"><bdi>([^<]+)<\/bdi><\/a> <span class="equiv">\(([^)]+)\)<\/span><\/li>/g,
      ),
    ].map((m) => [m[2], m[3]]);
    expect(listed).toEqual([
      ['Cairo', '2'],
      ['Isfahan', '1'],
      ['Fez', '1'],
    ]);
    // Fez has no coordinates: listed apart, after the places that could be mapped.
    expect(html.indexOf('Places without coordinates')).toBeLessThan(html.indexOf('Fez'));
    expect(html).not.toContain('Canaryville');
    expect(html).not.toContain('Mecca');
    // No tile server: the page is its list, with no script and no stylesheet to fetch.
    expect(html).not.toContain('/static/leaflet');
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    const ar = await (await plain.app.request('/ar/map')).text();
    expect(ar).toContain('<bdi>القاهرة</bdi></a> <span class="equiv">(2)</span>');
    // The reader's own digits where their locale has them.
    const egypt = await (await plain.app.request('/map', { headers: { 'accept-language': 'ar-EG' } })).text();
    expect(egypt).toContain('<bdi>القاهرة</bdi></a> <span class="equiv">(٢)</span>');
  });

  it('draws a map from the configured tile server, allowing its images and nothing else', async () => {
    const res = await tiled.app.request('/fr/map');
    const html = await res.text();
    expect(html).toContain('<link rel="stylesheet" href="/static/leaflet.css"/>');
    expect(html).toMatch(
      /<script src="\/static\/leaflet.js" defer=""><\/script><script src="\/static\/map.js" defer=""><\/script>/,
    );
    expect(html).toContain(`data-tiles="${TILES}"`);
    expect(html).toContain('data-attribution="© Tile makers"');
    // The places are an attribute of the map (no inline script), escaped as any attribute.
    const attribute = html.match(/ data-places="([^"]*)"/)![1]!;
    const data = JSON.parse(
      attribute
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
    expect(data).toEqual([
      { lat: 30.05, lon: 31.25, n: 2, name: 'Cairo', label: '2', href: `/fr/a/${ids.cairo}` },
      { lat: 32.65, lon: 51.67, n: 1, name: 'Isfahan', label: '1', href: `/fr/a/${ids.isfahan}` },
    ]);
    expect(res.headers.get('content-security-policy')).toContain(
      "img-src 'self' data: https://*.tiles.example.org;",
    );
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const asset of ['/static/leaflet.js', '/static/leaflet.css', '/static/map.js'])
      expect((await tiled.app.request(asset)).status, asset).toBe(200);
    // Other pages keep the plain policy.
    expect((await tiled.app.request('/fr/browse')).headers.get('content-security-policy')).toContain(
      "img-src 'self' data:;",
    );
  });

  it('refuses a tile address without its coordinates or that is not a web address', () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example.org/tile.png' })).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ MAP_TILE_URL: 'javascript:alert(1)//{z}{x}{y}' })).toThrow(/MAP_TILE_URL/);
  });

  it('names the map and every place with public objects in the sitemap', async () => {
    const xml = await (await tiled.app.request('/sitemaps/pages.xml')).text();
    expect(xml).toContain('http://localhost:8080/ar/map</loc>');
    for (const id of [ids.cairo, ids.isfahan, ids.fez, ids.depicted])
      expect(xml).toContain(`/ar/a/${id}</loc>`);
    expect(xml).not.toContain(ids.canary);
  });
});
