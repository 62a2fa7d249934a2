import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import type { Actor } from '../../modules/access/roles.js';
import type { Museum } from '../../modules/museums/museum.schemas.js';
import type { FullTextQuery } from './search.js';
import { PUBLIC_FROM, sqliteFullText } from './search.sqlite.js';

/** FTS5 numbers public documents apart; a count beyond the cap is estimated from where the cap-th match lies in its range. */
describe('public documents numbered apart on SQLite', () => {
  let env: TestEnv;
  let museum: Museum;
  let curator: Actor;
  beforeAll(async () => {
    env = await createTestEnv('sqlite', { SEARCH_EXACT_UP_TO: '4' });
    const s = env.services;
    museum = await makeMuseum(s, 'ranges');
    curator = await makeUser(s, { museum, role: 'curator' });
    // Every record matches: 12 public and 12 internal, written in turn.
    for (let i = 0; i < 24; i++) {
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `R.${i}`,
          visibility: i % 2 ? 'internal' : 'public',
          titles: [{ lang: 'en', value: 'Mosque lamp' }],
        }),
      );
    }
  });
  afterAll(() => env.close());

  it('keeps public documents from 2^40 up and moves a document when it is published or withdrawn', async () => {
    const s = env.services;
    const db = s.database.db;
    const docs = async () =>
      (
        await sql<{
          object_id: string;
          doc_id: number;
          is_public: number;
        }>`SELECT object_id, doc_id, is_public FROM search_doc ORDER BY doc_id`.execute(db)
      ).rows;
    for (const d of await docs()) expect(d.doc_id >= PUBLIC_FROM).toBe(d.is_public === 1);
    const internal = (await docs()).find((d) => !d.is_public)!;
    const o = await s.objects.get(curator, museum.id, internal.object_id);
    await s.objects.update(
      curator,
      museum.id,
      o.id,
      objectInput({
        accessionNumber: o.accessionNumber,
        version: o.version,
        visibility: 'public',
        titles: [{ lang: 'en', value: 'Mosque lamp' }],
      }),
    );
    const moved = (await docs()).find((d) => d.object_id === o.id)!;
    expect(moved.doc_id).toBeGreaterThan(
      Math.max(...(await docs()).filter((d) => d.object_id !== o.id).map((d) => d.doc_id)),
    );
    expect(
      (await s.searches.searchPublic({ q: 'lamp', limit: '30', sort: 'accession' })).items.map(
        (i) => i.accessionNumber,
      ),
    ).toContain(o.accessionNumber);
    const again = await s.objects.get(curator, museum.id, o.id);
    await s.objects.update(
      curator,
      museum.id,
      o.id,
      objectInput({
        accessionNumber: o.accessionNumber,
        version: again.version,
        visibility: 'internal',
        titles: [{ lang: 'en', value: 'Mosque lamp' }],
      }),
    );
    expect((await docs()).find((d) => d.object_id === o.id)!.doc_id).toBeLessThan(PUBLIC_FROM);
    expect(
      (await s.searches.searchPublic({ q: 'lamp', limit: '30', sort: 'accession' })).items.map(
        (i) => i.accessionNumber,
      ),
    ).not.toContain(o.accessionNumber);
  });

  it('estimates the public total from the public range alone, and staff’s from both', async () => {
    const s = env.services;
    const pub = await s.searches.searchPublic({ q: 'lamp' });
    expect(pub).toMatchObject({ estimated: true, total: 12 });
    const staff = await s.searches.searchMuseum(curator, museum.id, { q: 'lamp' });
    expect(staff).toMatchObject({ estimated: true, total: 24 });
  });
});

/**
 * bm25 weighs a word by counting the documents holding it, over its whole list, on every search; a
 * word in at least half of them weighs nothing, so a search leaves it out of its ranking once its
 * list is long. The counts are real here, the collection's size claimed (a million documents would
 * take minutes to write): the same matches must come back, with the same scores within 1e-5.
 */
describe('ranking without the words too common to weigh on SQLite', () => {
  let env: TestEnv;
  let museum: Museum;
  const q = (words: string[], extra: Partial<FullTextQuery> = {}): FullTextQuery => ({
    terms: words.map((word) => ({ word, stem: null })),
    prefixLast: false,
    museumId: null,
    publicOnly: true,
    ...extra,
  });
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    const s = env.services;
    museum = await makeMuseum(s, 'weighing');
    const curator = await makeUser(s, { museum, role: 'curator' });
    // "lamp" in every record, "brass" in a few of them (in the title or the description, once or twice), "glass" in others.
    for (let i = 0; i < 30; i++) {
      const title = i % 5 === 0 ? 'Brass lamp' : i % 7 === 0 ? 'Lamp lamp of brass' : 'Mosque lamp';
      const description = i % 3 === 0 ? 'brass and glass, brass' : i % 2 ? 'enamelled glass' : 'a lamp';
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `W.${i}`,
          visibility: i % 4 === 3 ? 'internal' : 'public',
          titles: [{ lang: 'en', value: title }],
          descriptions: [{ lang: 'en', value: description }],
        }),
      );
    }
  });
  afterAll(() => env.close());

  const rows = async (query: FullTextQuery, ids: boolean) => {
    const ft = sqliteFullText;
    const built = ids ? ft.matchingIds(query, true) : ft.matching(query, true);
    const r = await sql<{
      doc_id: number;
      score: number;
    }>`SELECT m.doc_id AS doc_id, m.score AS score FROM (${built}) m ORDER BY m.doc_id`.execute(
      env.services.database.db,
    );
    return { sql: built.compile(env.services.database.db).sql, rows: r.rows };
  };

  it('counts the documents holding each form of the words, and knows how many documents there are at most', async () => {
    const db = env.services.database.db;
    const weighed = await sqliteFullText.weigh!(db, q(['lamp', 'brass', 'nowhere']));
    const count = async (w: string) =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ${`"${w}"`}`.execute(db)
        ).rows[0]!.n,
      );
    expect(weighed.frequencies!.of.get('lamp')).toBe(await count('lamp'));
    expect(weighed.frequencies!.of.get('brass')).toBe(await count('brass'));
    expect(weighed.frequencies!.of.get('nowhere')).toBe(0);
    expect(weighed.frequencies!.docs).toBeGreaterThanOrEqual(30);
    // One form alone has nothing to leave out.
    expect((await sqliteFullText.weigh!(db, q(['lamp']))).frequencies).toBeUndefined();
  });

  it('leaves a common word with a long list out of the ranking, and finds and scores the same matches', async () => {
    const claimed = {
      docs: 1_000_000,
      of: new Map([
        ['lamp', 900_000],
        ['brass', 2_000],
        ['glass', 3_000],
      ]),
    };
    for (const ids of [true, false]) {
      for (const scope of [{}, { publicOnly: false, museumId: museum.id }, { facets: [['hasImage:no']] }]) {
        for (const words of [
          ['lamp', 'brass'],
          ['glass', 'lamp', 'brass'],
        ]) {
          const all = await rows(q(words, scope), ids);
          const narrowed = await rows(q(words, { ...scope, frequencies: claimed }), ids);
          expect(all.sql).not.toContain('IN (SELECT rowid');
          expect(narrowed.sql).toContain('IN (SELECT rowid');
          expect(narrowed.rows.map((r) => r.doc_id)).toEqual(all.rows.map((r) => r.doc_id));
          expect(all.rows.length).toBeGreaterThan(0);
          for (const [i, r] of narrowed.rows.entries())
            expect(Math.abs(r.score - all.rows[i]!.score)).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('is given the counts by a search ranked by relevance, and by no other order', async () => {
    const weigh = vi.spyOn(sqliteFullText, 'weigh');
    try {
      const ranked = await env.services.searches.searchPublic({ q: 'lamp brass' });
      expect(ranked.items.length).toBeGreaterThan(0);
      expect(weigh).toHaveBeenCalled();
      const given = await weigh.mock.results.at(-1)!.value;
      expect(given.frequencies.of.get('brass')).toBeGreaterThan(0);
      weigh.mockClear();
      await env.services.searches.searchPublic({ q: 'lamp brass', sort: 'accession' });
      expect(weigh).not.toHaveBeenCalled();
    } finally {
      weigh.mockRestore();
    }
  });

  it('ranks by every word when none is common, when the common one’s list is short, or when all are common', async () => {
    for (const of of [
      new Map([
        ['lamp', 400_000],
        ['brass', 2_000],
      ]),
      new Map([
        ['lamp', 40_000],
        ['brass', 20],
      ]),
      new Map([
        ['lamp', 900_000],
        ['brass', 800_000],
      ]),
    ]) {
      const docs = of.get('lamp')! === 40_000 ? 50_000 : 1_000_000;
      expect((await rows(q(['lamp', 'brass'], { frequencies: { docs, of } }), true)).sql).not.toContain(
        'IN (SELECT rowid',
      );
    }
  });
});
