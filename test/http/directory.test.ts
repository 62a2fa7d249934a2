import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';

const DIR = fileURLToPath(new URL('../../data/directory', import.meta.url));
const SEED = parse(readFileSync(`${DIR}/museums.csv`, 'utf8'), { columns: true }) as Record<
  'id' | 'name_en' | 'name_ar' | 'country_iso2' | 'city' | 'latitude' | 'longitude' | 'type' | 'wikidata',
  string
>[];

/** The public directory of the member states' museums, loaded from the seed data: filters, pages per state, downloads. */
describe('the directory of museums', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const r = await t.services.directory.load(DIR);
    expect(r).toEqual({ countries: 57, added: SEED.length });
  }, 120_000);
  afterAll(() => t.close());

  it('lists every museum, filtered by state, kind and name (folded as search folds), in the reader’s language', async () => {
    const all = await (await t.app.request('/en/directory')).text();
    expect(all).toContain(`${SEED.length} museums, none with their collection online`);
    const egypt = SEED.filter((r) => r.country_iso2 === 'EG');
    expect(await (await t.app.request('/en/directory?country=EG')).text()).toContain(
      `${egypt.length} museums`,
    );
    const api = await (await t.app.request('/api/v1/directory?country=EG&type=islamic-art&limit=500')).json();
    expect(api.total).toBe(egypt.filter((r) => r.type === 'islamic-art').length);
    expect(
      api.items.every(
        (e: { country: string; type: string }) => e.country === 'EG' && e.type === 'islamic-art',
      ),
    ).toBe(true);
    const withArabic = egypt.find((r) => r.name_ar.includes('الإسلامي'))!;
    // Without hamza or harakat, as people type.
    const typed = withArabic.name_ar.replace('الإسلامي', 'الاسلامي');
    const found = await (await t.app.request(`/api/v1/directory?q=${encodeURIComponent(typed)}`)).json();
    expect(found.items.map((e: { slug: string }) => e.slug)).toContain(withArabic.id);
    const ar = await (await t.app.request(`/ar/directory?q=${encodeURIComponent(typed)}`)).text();
    expect(ar).toContain('dir="rtl"');
    expect(ar).toContain(withArabic.name_ar);
    expect((await t.app.request('/api/v1/directory?country=Egypt')).status).toBe(400);
    // Services come from each museum's profile, kept by its director.
    const [shop, cafe] = egypt.slice(0, 2).map((r) => r.id);
    for (const [slug, services] of [
      [shop, ['shop', 'library']],
      [cafe, ['cafe']],
    ] as const) {
      const m = (await t.services.repos.museums.findBySlug(t.services.database.db, slug!))!;
      await t.services.repos.museums.updateProfile(
        t.services.database.db,
        m.id,
        { ...m.profile, services: [...services] },
        new Date().toISOString(),
      );
    }
    t.services.directory.invalidate();
    const withShop = await (await t.app.request('/api/v1/directory?service=shop&service=library')).json();
    expect(withShop.items.map((e: { slug: string }) => e.slug)).toEqual([shop]);
    expect(await (await t.app.request('/en/directory?service=cafe')).text()).toContain(
      'One museum, none with their collection online',
    );
  });

  it('shows a member state’s museums and figures, and counts a collection once it is online', async () => {
    const page = await (await t.app.request('/fr/directory/tn')).text();
    expect(page).toContain('<h1>Tunisie</h1>');
    const tunisia = SEED.filter((r) => r.country_iso2 === 'TN');
    expect(page).toContain(`<dt>Musées</dt><dd>${tunisia.length}</dd>`);
    expect((await t.app.request('/en/directory/zz')).status).toBe(404);

    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, tunisia[0]!.id))!;
    const director = await makeUser(t.services, { museum, role: 'director' });
    await t.services.objects.create(
      director,
      museum.id,
      objectInput({ accessionNumber: 'TN.1', visibility: 'public' }),
    );
    t.services.directory.invalidate();
    const online = await (await t.app.request('/api/v1/directory?online=yes')).json();
    expect(online.items.map((e: { slug: string; objects: number }) => [e.slug, e.objects])).toEqual([
      [museum.slug, 1],
    ]);
  });

  it('gives the directory as CSV and GeoJSON, placing museums without coordinates at their city when it can', async () => {
    const csv = parse(
      (await (await t.app.request('/directory.csv?country=EG')).text()).replace(/^\uFEFF/, ''),
      { columns: true },
    ) as Record<string, string>[];
    expect(csv.length).toBe(SEED.filter((r) => r.country_iso2 === 'EG').length);
    const withCoords = SEED.find((r) => r.country_iso2 === 'EG' && r.latitude)!;
    expect(csv.find((r) => r.slug === withCoords.id)).toMatchObject({
      latitude: withCoords.latitude,
      longitude: withCoords.longitude,
      position: 'own',
      wikidata: withCoords.wikidata,
    });
    // The museum's page is its directory profile: its facts, and schema.org's Museum linked to Wikidata.
    const page = await (await t.app.request(`/en/m/${withCoords.id}`)).text();
    expect(page).toContain(`href="https://www.wikidata.org/wiki/${withCoords.wikidata}"`);
    expect(page).toContain(`"sameAs":["http://www.wikidata.org/entity/${withCoords.wikidata}"]`);
    expect(page).toContain('"@type":"Museum"');
    const geo = await (await t.app.request('/directory.geojson')).json();
    expect(geo.type).toBe('FeatureCollection');
    const own = geo.features.find((f: { id: string }) => f.id === withCoords.id);
    expect(own.geometry.coordinates).toEqual([Number(withCoords.longitude), Number(withCoords.latitude)]);
    // A museum with no coordinates of its own, in a city where others have some.
    const placed = SEED.find(
      (r) =>
        !r.latitude &&
        SEED.some((o) => o !== r && o.latitude && o.city === r.city && o.country_iso2 === r.country_iso2),
    );
    expect(placed).toBeDefined();
    expect(geo.features.find((f: { id: string }) => f.id === placed!.id).properties.position).toBe('city');
    const lonely = SEED.find(
      (r) =>
        !r.latitude &&
        !SEED.some((o) => o.latitude && o.city === r.city && o.country_iso2 === r.country_iso2),
    )!;
    expect(geo.features.some((f: { id: string }) => f.id === lonely.id)).toBe(false);
  });
});
