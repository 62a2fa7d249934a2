import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/database.js';
import { SYSTEM_ACTOR } from '../modules/access/roles.js';
import { DEMO_LOGINS, loadDemo } from './demo.js';
import { parseWaltersDimensions } from './walters.js';

const DATA = fileURLToPath(new URL('../../data/samples', import.meta.url));

describe('the demo data', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    expect(await loadDemo(env.services, DATA, () => {})).toBe(true);
  }, 240_000);
  afterAll(() => env.close());

  it('loads all 2,508 Walters records with dates, dynasties, places, makers, materials, dimensions and credit lines', async () => {
    const s = env.services;
    const walters = (await s.repos.museums.findBySlug(s.database.db, 'walters'))!;
    const all = await s.objects.list(SYSTEM_ACTOR, walters.id, { limit: '1' });
    expect(all.total).toBe(2508);
    const [leaf] = (await s.objects.list(SYSTEM_ACTOR, walters.id, { q: 'W.569.4A' })).items;
    const o = await s.objects.get(SYSTEM_ACTOR, walters.id, leaf!.id);
    expect(o.titles).toEqual([{ lang: 'en', value: "Leaf from Qur'an" }]);
    expect(o.dates[0]).toMatchObject({
      expression: '11th century AH/AD 17th century',
      calendar: 'islamic',
      earliest: 1601,
      latest: 1689,
    });
    expect(o.dynasties[0]!.labels).toContainEqual({ lang: 'ar', value: 'الصفويون' });
    expect(o.places[0]).toMatchObject({ qualifier: 'place of origin' });
    expect(o.makers[0]).toMatchObject({ qualifier: 'artist' });
    expect(o.materials.map((m) => m.labels[0]!.value).sort()).toEqual(['gold', 'ink', 'paper', 'pigments']);
    expect(o.dimensions).toEqual([
      { type: 'height', value: 38.5, unit: 'cm' },
      { type: 'width', value: 25.5, unit: 'cm' },
    ]);
    expect(o.creditLine).toEqual([{ lang: 'en', value: 'Acquired by Henry Walters' }]);
    const review = await s.objects.list(SYSTEM_ACTOR, walters.id, { review: '1' });
    // The records carrying the five date texts the parser flags (265 leaves of one manuscript dated `1121 AH/AD 1717`).
    expect(review.total).toBe(271);
  });

  it('holds a museum of Arabic records with Arabic titles and incipits, and the printed logins', async () => {
    const s = env.services;
    const rasam = (await s.repos.museums.findBySlug(s.database.db, 'rasam'))!;
    expect((await s.objects.list(SYSTEM_ACTOR, rasam.id, { status: 'unaccessioned' })).total).toBe(1); // waiting on an entry
    const list = await s.objects.list(SYSTEM_ACTOR, rasam.id, { limit: '50', status: 'accessioned' });
    expect(list.total).toBe(18);
    const o = await s.objects.get(SYSTEM_ACTOR, rasam.id, list.items[0]!.id);
    expect(o.titles[0]!.lang).toBe('ar');
    expect(o.titles[0]!.value).toMatch(/^مخطوط عربي بالخط المغربي/);
    expect(o.inscriptions[0]).toMatchObject({ type: 'incipit', lang: 'ar', script: 'Arab' });
    expect(o.inscriptions[0]!.text).toMatch(/[\u0600-\u06FF]{3,}/);
    const tree = await s.locations.tree(SYSTEM_ACTOR, rasam.id);
    expect(tree.map((n) => [n.code, n.total])).toEqual([['MAG-1', 18]]);
    const [loan] = await s.loans.list(SYSTEM_ACTOR, rasam.id);
    expect(loan).toMatchObject({ status: 'under_review', objects: [{}, {}] });
    expect((await s.acquisitions.listEntries(SYSTEM_ACTOR, rasam.id, 'open')).length).toBe(1);
    for (const email of Object.values(DEMO_LOGINS))
      expect(await s.repos.museums.findUserByEmail(s.database.db, email)).toBeDefined();
    expect(await loadDemo(s, DATA, () => {})).toBe(false);
  });
});

describe('parseWaltersDimensions', () => {
  it('reads the metric values by part', () => {
    expect(
      parseWaltersDimensions(
        'H: 11 13/16 x W: 8 1/4 in. (30 x 21 cm); Image H: 7 1/2 x W: 4 3/4 in. (19 x 12 cm)',
      ),
    ).toEqual([
      { type: 'height', value: 30, unit: 'cm' },
      { type: 'width', value: 21, unit: 'cm' },
      { type: 'height', value: 19, unit: 'cm', part: 'Image' },
      { type: 'width', value: 12, unit: 'cm', part: 'Image' },
    ]);
    expect(parseWaltersDimensions('H: 8 13/16 x Diam: 5 3/4 in. (22.4 x 14.6 cm)')).toEqual([
      { type: 'height', value: 22.4, unit: 'cm' },
      { type: 'diameter', value: 14.6, unit: 'cm' },
    ]);
    expect(parseWaltersDimensions('about a span')).toEqual([]);
  });
});
