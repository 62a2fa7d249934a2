import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { newId, nowIso } from '../../db/ids.js';

describe.each(ENGINES)('cards of public objects on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('gives the public ones in the order asked, each with its main image ready to show, else its first', async () => {
    const s = env.services;
    const db = s.database.db;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const make = async (n: string, visibility: 'public' | 'internal') =>
      (
        await s.objects.create(
          curator,
          museum.id,
          objectInput({ accessionNumber: n, visibility, titles: [{ lang: 'ar', value: `إبريق ${n}` }] }),
        )
      ).id;
    const [a, b, c, hidden] = [
      await make('C.1', 'public'),
      await make('C.2', 'public'),
      await make('C.3', 'public'),
      await make('C.4', 'internal'),
    ];
    const image = async (
      objectId: string,
      position: number,
      opts: { main?: boolean; tiled?: boolean; caption?: string } = {},
    ) => {
      const id = newId();
      await db
        .insertInto('media')
        .values({
          id,
          museum_id: museum.id,
          object_id: objectId,
          sha256: id.replaceAll('-', ''),
          size: 1,
          format: 'jpeg',
          width: 800 + position,
          height: 600,
          pages: null,
          original_name: null,
          storage_key: `k/${id}`,
          position,
          created_at: nowIso(),
          created_by_label: 'test',
          rights: null,
          credit: null,
          is_main: opts.main ? 1 : 0,
          derivatives:
            opts.tiled === false
              ? null
              : JSON.stringify({ pyramid: { key: `p/${id}`, width: 800 + position, height: 600 } }),
          captions: JSON.stringify(opts.caption ? [{ lang: 'ar', value: opts.caption }] : []),
        })
        .execute();
      return id;
    };
    await image(a, 1);
    const main = await image(a, 2, { main: true, caption: 'الوجه' });
    await image(b, 1, { tiled: false });
    const firstTiled = await image(b, 2);
    await image(hidden, 1);

    const cards = await s.repos.portal.publicCards(db, [c, hidden, b, a]);
    expect(cards.map((x) => x.accessionNumber)).toEqual(['C.3', 'C.2', 'C.1']);
    expect(cards[0]).toEqual({
      id: c,
      museum: museum.slug,
      accessionNumber: 'C.3',
      titles: [{ lang: 'ar', value: 'إبريق C.3' }],
      image: null,
    });
    expect(cards[1]!.image).toEqual({ id: firstTiled, width: 802, height: 600, captions: [] });
    expect(cards[2]!.image).toEqual({
      id: main,
      width: 802,
      height: 600,
      captions: [{ lang: 'ar', value: 'الوجه' }],
    });
    expect(await s.repos.portal.publicCards(db, [])).toEqual([]);
  });
});

describe.skipIf(!ENGINES.includes('postgres'))('an object page’s reads on PostgreSQL', () => {
  let env: TestEnv;
  const named = new Set<string>();
  const unnamed = new Set<string>();
  const query = pg.Client.prototype.query;
  beforeAll(async () => {
    // Every connection of the pool opened below sends its queries through this.
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [q] = args as [unknown];
      if (typeof q === 'object' && q !== null && 'name' in q)
        named.add((q as unknown as { text: string }).text);
      else if (typeof q === 'string') unnamed.add(q);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    env = await createTestEnv('postgres');
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await env.close();
  });

  it('go as prepared statements: the object with its files, its related objects’ cards, its museum', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const maker = await s.authorities.create(curator, museum.id, {
      type: 'person',
      labels: [{ lang: 'en', value: 'Mir Ali' }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await s.objects.create(
            curator,
            museum.id,
            objectInput({ accessionNumber: `P.${i}`, visibility: 'public', makers: [{ id: maker.id }] }),
          )
        ).id,
      );
    named.clear();
    unnamed.clear();
    for (const id of ids) {
      const page = await s.portal.object(null, museum.slug, id);
      expect(page.object.id).toBe(id);
      expect((await s.portal.related(page.object)).map((r) => r.id).sort()).toEqual(
        ids.filter((x) => x !== id).sort(),
      );
    }
    const reads = [...named];
    expect(reads.some((t) => t.includes('from "object"') && t.includes('media_rows'))).toBe(true);
    expect(reads.some((t) => t.includes('from "museum"') && t.includes('"slug" = $1'))).toBe(true);
    expect(reads.some((t) => t.includes('"accessionNumber"') && t.includes('left join "media"'))).toBe(true);
    // Nothing of those reads went unnamed; the neighbours by authority, whose plan depends on how many objects share it, did.
    expect([...unnamed].filter((t) => t.includes('media_rows') || t.includes('left join "media"'))).toEqual(
      [],
    );
    expect([...unnamed].some((t) => t.includes('"object_link"."authority_id" = $1'))).toBe(true);
  });
});
