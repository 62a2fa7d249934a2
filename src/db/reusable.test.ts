import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../test/database.js';
import { reusable } from './reusable.js';
import type { DB } from './schema.js';

describe.each(ENGINES)('queries built once on %s', (engine) => {
  let env: TestEnv;
  let db: Kysely<DB>;
  beforeAll(async () => {
    env = await createTestEnv(engine);
    db = env.services.database.db;
    await db
      .insertInto('search_term')
      .values(['alif', 'ba', 'ta', 'tha', 'jim'].map((term) => ({ term })))
      .execute();
  });
  afterAll(() => env.close());

  it('answers as the query built each time does, for every value given, and builds it once per length of its lists', async () => {
    const builds: unknown[][] = [];
    const terms = reusable((d: Kysely<DB>, after: string, not: readonly string[]) => {
      builds.push([after, not.length]);
      // A constant of the query stays where it is among the values.
      return d
        .selectFrom('search_term')
        .select('term')
        .where('term', '>', after)
        .where('term', 'not in', not)
        .where('term', '<>', 'zzz')
        .orderBy('term');
    });
    const plain = async (after: string, not: string[]) =>
      (
        await db
          .selectFrom('search_term')
          .select('term')
          .where('term', '>', after)
          .where('term', 'not in', not)
          .where('term', '<>', 'zzz')
          .orderBy('term')
          .execute()
      ).map((r) => r.term);
    for (const [after, not] of [
      ['a', ['ba']],
      ['b', ['ta']],
      ['c', ['jim', 'tha']],
      ['alif', ['ba', 'ta']],
    ] as [string, string[]][]) {
      expect((await terms.all(db, after, not)).map((r) => r.term)).toEqual(await plain(after, not));
    }
    expect(builds.length).toBe(2);
    expect(await terms.first(db, 'tha', ['x'])).toBeUndefined();
    expect(await terms.first(db, 'a', ['x'])).toEqual({ term: 'alif' });
  });

  it('runs in the transaction it is given', async () => {
    const count = reusable((d: Kysely<DB>, term: string) =>
      d
        .selectFrom('search_term')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('term', '=', term),
    );
    const seen: number[] = [];
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('search_term').values({ term: 'dal' }).execute();
        seen.push(Number((await count.first(trx, 'dal'))!.n));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    seen.push(Number((await count.first(db, 'dal'))!.n));
    expect(seen).toEqual([1, 0]);
  });

  it('refuses a query that writes an argument into its SQL or changes it before sending it', async () => {
    const inlined = reusable((d: Kysely<DB>, term: string) =>
      d.selectFrom('search_term').select('term').where('term', '=', sql.lit(term)),
    );
    await expect(inlined.all(db, 'ba')).rejects.toThrow(/only as values/);
    const changed = reusable((d: Kysely<DB>, prefix: string) =>
      d.selectFrom('search_term').select('term').where('term', 'like', `${prefix}%`),
    );
    await expect(changed.all(db, 'b')).rejects.toThrow(/only as they are/);
  });
});
