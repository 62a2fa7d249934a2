import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeConcept, makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import { stem } from './normalize.js';
import { PUBLIC_FACETS } from './search.document.js';
import type { SearchPlan } from './search.repository.js';

/**
 * A search ranked by relevance read in one pass (PostgreSQL) gives what the count, the page and the
 * facet tally give each by its own reading: the same number, the same page in the same order, the
 * same facet counts, from the first page and after a cursor.
 */
describe.each(ENGINES)('one reading of a ranked search’s matches on %s', (engine) => {
  let env: TestEnv;
  let museumId: string;
  let glassId: string;
  beforeAll(async () => {
    env = await createTestEnv(engine);
    const s = env.services;
    const museum = await makeMuseum(s, `once-${engine}`);
    museumId = museum.id;
    const curator = await makeUser(s, { museum, role: 'curator' });
    const glass = await makeConcept(s, 'material', 'glass', 'زجاج', museum.id);
    const brass = await makeConcept(s, 'material', 'brass', 'نحاس', museum.id);
    glassId = glass.id;
    for (let i = 0; i < 40; i++) {
      // Lamps everywhere, in titles or descriptions, once or twice, so the scores differ and tie.
      const title = i % 3 === 0 ? 'Mosque lamp' : i % 3 === 1 ? 'Bowl' : 'Lamp lamp stand';
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `O.${i}`,
          visibility: i % 7 === 6 ? 'internal' : 'public',
          titles: [{ lang: 'en', value: title }],
          descriptions: [{ lang: 'en', value: i % 2 ? 'a lamp of the mosque' : 'enamelled' }],
          materials: [{ id: (i % 2 ? glass : brass).id }],
        }),
      );
    }
  });
  afterAll(() => env.close());

  const plan = (q: string, over: Partial<SearchPlan> = {}): SearchPlan => ({
    text: {
      terms: q.split(' ').map((word) => ({ word, stem: stem(word) })),
      prefixLast: false,
      museumId: null,
      publicOnly: true,
    },
    filters: { facets: {} },
    sort: 'relevance',
    order: 'desc',
    limit: 6,
    offset: 0,
    ...over,
  });

  it('counts, ranks and tallies facets as the separate readings do', async () => {
    const { database, repos } = env.services;
    const index = repos.search;
    const cases: [SearchPlan, number, number | null][] = [
      [plan('lamp'), 1000, 1000],
      [plan('lamp'), 1000, 5],
      [plan('lamp', { offset: 6 }), 1000, null],
      [plan('mosque lamp'), 1000, 1000],
      [plan('lamp', { filters: { facets: { material: [glassId] } } }), 1000, 1000],
      [plan('lamp', { text: { ...plan('lamp').text, museumId, publicOnly: false } }), 1000, 1000],
    ];
    await database.dialect.fullText.indexed(database.db, async (db) => {
      let compared = 0;
      for (const [p, cap, sample] of cases) {
        const once = await index.readOnce(db, p, cap, sample);
        if (engine === 'sqlite') {
          expect(once).toBeUndefined();
          continue;
        }
        const count = await index.countUpTo(db, p, cap);
        expect(once?.count).toEqual(count);
        expect(count.counted).toBeGreaterThan(3);
        const page = await index.search(db, p);
        expect(once?.page).toEqual(page);
        // And the page after the last of this one.
        const last = page.at(-1)!;
        const after = { ...p, offset: 0, after: { keys: last.keys, id: last.objectId } };
        expect((await index.readOnce(db, after, cap, sample))?.page).toEqual(await index.search(db, after));
        // Facet values of every match read, or of the first `sample` read (by either reading, in the engine's order: any of them).
        const all = await index.facetCounts(db, p, PUBLIC_FACETS);
        if (sample === null) expect(once?.facets).toBeUndefined();
        else if (count.counted <= sample)
          expect(sorted(await index.facetCounts(db, p, PUBLIC_FACETS, undefined, once!.facets))).toEqual(
            sorted(all),
          );
        else
          expect(
            isSampleOf(await index.facetCounts(db, p, PUBLIC_FACETS, sample, once!.facets), all, sample),
          ).toBe(true);
        compared++;
      }
      if (engine === 'postgres') expect(compared).toBe(cases.length);
    });
  });

  it('orders by tier from one reading of the matches as one query per tier does, through offsets and cursors', async () => {
    const { database, repos } = env.services;
    const index = repos.search;
    await database.dialect.fullText.indexed(database.db, async (db) => {
      for (const p of [
        plan('lamp'),
        plan('mosque lamp'),
        plan('lamp', { offset: 7 }),
        plan('mosque', { limit: 30 }),
        plan('lamp', { filters: { facets: { material: [glassId] } } }),
      ]) {
        const perTier = await index.searchByTier(db, p);
        expect(perTier.length).toBeGreaterThan(0);
        expect(await index.searchByTier(db, p, 1000)).toEqual(perTier);
        // More matches than it may read: one query per tier, the same page.
        expect(await index.searchByTier(db, p, 2)).toEqual(perTier);
        const last = perTier.at(-1)!;
        const after = { ...p, offset: 0, after: { keys: last.keys, id: last.objectId } };
        expect(await index.searchByTier(db, after, 1000)).toEqual(await index.searchByTier(db, after));
      }
      // Staff read their museum's records whatever their visibility; the public, public ones alone, either way.
      const staff = plan('lamp', { limit: 40, text: { ...plan('lamp').text, museumId, publicOnly: false } });
      const staffHits = await index.searchByTier(db, staff, 1000);
      expect(staffHits).toEqual(await index.searchByTier(db, staff));
      expect(staffHits.length).toBeGreaterThan(
        (await index.searchByTier(db, plan('lamp', { limit: 40 }), 1000)).length,
      );
      // Both tiers there are: the word in the title, and elsewhere.
      expect(
        new Set((await index.searchByTier(db, plan('lamp', { limit: 40 }), 1000)).map((h) => h.keys[0])),
      ).toEqual(new Set([1, 2]));
    });
  });

  it.skipIf(engine === 'sqlite')(
    'searches on one connection with sequential scans off, and leaves it as it was, after a failure too',
    async () => {
      const { database } = env.services;
      const seqscan = async (db: typeof database.db) =>
        (await sql<{ enable_seqscan: string }>`SHOW enable_seqscan`.execute(db)).rows[0]!.enable_seqscan;
      // Every query of the search on the connection that was told, in its transaction.
      const inside = await database.dialect.fullText.indexed(database.db, async (db) => [
        await seqscan(db),
        (await sql<{ fresh: boolean }>`SELECT now() = statement_timestamp() AS fresh`.execute(db)).rows[0]!
          .fresh,
        await seqscan(db),
      ]);
      expect(inside).toEqual(['off', false, 'off']);
      await expect(
        database.dialect.fullText.indexed(database.db, async (db) => {
          await sql`SELECT nothing FROM search_doc`.execute(db);
        }),
      ).rejects.toThrow(/nothing/);
      // Every connection of the pool, the one that failed among them, is back to the server's plans and outside any transaction.
      const conns = await Promise.all(
        Array.from({ length: 3 }, () =>
          database.db.connection().execute(async (c) => [
            await seqscan(c),
            (
              await sql<{
                s: string;
              }>`SELECT current_setting('transaction_isolation') AS s, now() = statement_timestamp() AS fresh`.execute(
                c,
              )
            ).rows[0],
          ]),
        ),
      );
      for (const [setting, tx] of conns) {
        expect(setting).toBe('on');
        expect(tx).toMatchObject({ fresh: true });
      }
    },
  );

  it.skipIf(engine === 'sqlite')(
    'ranks no page when the matches reach the cap or are expected to, and reads nothing when they are expected far beyond',
    async () => {
      const { database, repos } = env.services;
      const index = repos.search;
      await database.dialect.fullText.indexed(database.db, async (db) => {
        // Unanalysed, the planner expects a match or so: the matches are read and ranked, reach the cap of 3, and no page is kept.
        const reached = await index.readOnce(db, plan('mosque'), 3, 5);
        expect(reached).toMatchObject({ count: { counted: 3, estimate: 3 } });
        expect(reached?.page).toBeUndefined();
        await sql`ANALYZE search_doc`.execute(db);
        // 'lamp' is in most public records: far beyond a cap of 1, only estimated.
        expect(await index.readOnce(db, plan('lamp'), 1, 5)).toEqual({
          count: await index.countUpTo(db, plan('lamp'), 1),
        });
        expect((await index.countUpTo(db, plan('lamp'), 1)).estimate).toBeGreaterThan(20);
        // Beyond a cap of 3 but not far: counted and a sample of its facet values read, not ranked.
        const beyond = await index.readOnce(db, plan('lamp'), 3, 2);
        expect(beyond?.count).toEqual(await index.countUpTo(db, plan('lamp'), 3));
        expect(beyond?.page).toBeUndefined();
        expect(
          isSampleOf(
            await index.facetCounts(db, plan('lamp'), PUBLIC_FACETS, 2, beyond?.facets),
            await index.facetCounts(db, plan('lamp'), PUBLIC_FACETS),
            2,
          ),
        ).toBe(true);
      });
    },
  );
});

type Counts = { facet: string; value: string; count: number }[];
const sorted = (x: Counts) =>
  [...x].sort((a, b) => `${a.facet}${a.value}`.localeCompare(`${b.facet}${b.value}`));
/** Counts of `size` documents among those counted in `all`: each museum once, no value more often than among all. */
function isSampleOf(sample: Counts, all: Counts, size: number): boolean {
  const whole = new Map(all.map((c) => [`${c.facet}:${c.value}`, c.count]));
  const museums = sample.filter((c) => c.facet === 'museum').reduce((n, c) => n + c.count, 0);
  return museums === size && sample.every((c) => c.count <= (whole.get(`${c.facet}:${c.value}`) ?? 0));
}
