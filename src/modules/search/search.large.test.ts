import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import type { Museum } from '../museums/museum.schemas.js';

/**
 * A search matching more than SEARCH_EXACT_UP_TO records (4 here, 10,000 by default): an estimated
 * total, facet counts from a sample, results by tier (the words in the head, among the record's
 * words, in its stems), every result reachable by cursor and by offset exactly once.
 */
describe.each(ENGINES)('a search matching very many records on %s', (engine) => {
  let env: TestEnv;
  let museum: Museum;
  const tierOf: Record<string, number> = {};
  beforeAll(async () => {
    env = await createTestEnv(engine, { SEARCH_EXACT_UP_TO: '4' });
    const s = env.services;
    museum = await makeMuseum(s, `large-${engine}`);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const add = async (acc: string, tier: number, over: Record<string, unknown>, visibility = 'public') => {
      await s.objects.create(curator, museum.id, objectInput({ accessionNumber: acc, visibility, ...over }));
      if (visibility === 'public') tierOf[acc] = tier;
    };
    // Written in an order that mixes the tiers: 1 the word (or its stem) in the title, 2 the word itself elsewhere, 3 its stem elsewhere.
    await add('L.1', 3, {
      titles: [{ lang: 'ar', value: 'صفحة' }],
      descriptions: [{ lang: 'ar', value: 'من المخطوطات القديمة' }],
    });
    await add('L.2', 1, { titles: [{ lang: 'ar', value: 'المخطوطات المغربية' }] });
    await add('L.3', 1, { titles: [{ lang: 'ar', value: 'مخطوطة' }] });
    await add('L.4', 1, { titles: [{ lang: 'ar', value: 'مخطوطات' }] });
    await add('L.5', 0, { titles: [{ lang: 'ar', value: 'مخطوطات سرية' }] }, 'internal');
    await add('L.6', 2, {
      titles: [{ lang: 'en', value: 'Binding' }],
      keywords: [{ lang: 'ar', value: 'مخطوطات' }],
    });
    await add('L.7', 3, {
      titles: [{ lang: 'ar', value: 'كتاب' }],
      descriptions: [{ lang: 'ar', value: 'نسخة من المخطوطة' }],
    });
    await add('L.8', 1, { titles: [{ lang: 'ar', value: 'والمخطوطات' }] });
    await add('L.9', 2, {
      titles: [{ lang: 'en', value: 'Leaf' }],
      descriptions: [{ lang: 'ar', value: 'مخطوطات' }],
    });
  });
  afterAll(() => env.close());

  it('estimates, samples its facets, orders by tier, and pages through every result once', async () => {
    const s = env.services;
    const first = await s.searches.searchPublic({ q: 'مخطوطات', limit: '3' });
    expect(first.estimated).toBe(true);
    expect(first.total).toBeGreaterThan(4);
    expect(first.facetsEstimated).toBe(true);
    expect(first.facets.museum?.[0]?.count).toBeGreaterThan(0);
    const seen: string[] = [...first.items.map((i) => i.accessionNumber)];
    let next = first.next;
    while (next) {
      const page = await s.searches.searchPublic({ q: 'مخطوطات', limit: '3', cursor: next });
      seen.push(...page.items.map((i) => i.accessionNumber));
      next = page.next;
    }
    expect(seen.sort()).toEqual(Object.keys(tierOf).sort()); // each public match once, the internal one never
    const ordered = (await s.searches.searchPublic({ q: 'مخطوطات', limit: '20' })).items.map(
      (i) => i.accessionNumber,
    );
    expect(ordered.map((a) => tierOf[a])).toEqual([1, 1, 1, 1, 2, 2, 3, 3]);
    expect(ordered).toEqual(['L.2', 'L.3', 'L.4', 'L.8', 'L.6', 'L.9', 'L.1', 'L.7']); // within a tier, in the order written
    // Pages by offset meet the same order, across the tiers.
    const byOffset: string[] = [];
    for (let offset = 0; offset < 8; offset += 3)
      byOffset.push(
        ...(await s.searches.searchPublic({ q: 'مخطوطات', limit: '3', offset: String(offset) })).items.map(
          (i) => i.accessionNumber,
        ),
      );
    expect(byOffset).toEqual(ordered);
    // A cursor of one order is refused by the other.
    const ranked = await s.searches.searchPublic({ q: 'مخطوطات', sort: 'accession', limit: '2' });
    await expect(s.searches.searchPublic({ q: 'مخطوطات', cursor: ranked.next! })).rejects.toMatchObject({
      status: 400,
    });
    // Under the limit, nothing is estimated.
    const few = await s.searches.searchPublic({ q: 'مخطوطات', museum: museum.slug, hasImage: 'yes' });
    expect(few).toMatchObject({ estimated: false, total: 0 });
  });
});
