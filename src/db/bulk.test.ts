import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../test/database.js';
import { insertRows } from './bulk.js';

describe.each(ENGINES)('rows written in chunks on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  const terms = async () =>
    (
      await sql<{ term: string }>`SELECT term FROM search_term ORDER BY term`.execute(
        env.services.database.db,
      )
    ).rows.map((r) => r.term);

  it('writes every row, chunk after chunk, the same statement sent again with other values', async () => {
    const db = env.services.database.db;
    const words = Array.from({ length: 23 }, (_, i) => `word${String(i).padStart(2, '0')}`);
    // Twice over, so that full chunks of the second call go by the statement the first built.
    await insertRows(
      db,
      words.slice(0, 11).map((term) => ({ term })),
      5,
      (rows) => db.insertInto('search_term').values(rows),
    );
    await insertRows(
      db,
      words.slice(11).map((term) => ({ term })),
      5,
      (rows) => db.insertInto('search_term').values(rows),
    );
    expect(await terms()).toEqual(words);
    // Clauses of the statement are kept: the words already there are passed over.
    await insertRows(
      db,
      [...words, 'zebra', 'yak', 'xylophone', 'wolf', 'vole'].map((term) => ({ term })),
      7,
      (rows) =>
        db
          .insertInto('search_term')
          .values(rows)
          .onConflict((oc) => oc.column('term').doNothing()),
    );
    expect(await terms()).toEqual([...words, 'vole', 'wolf', 'xylophone', 'yak', 'zebra'].sort());
  });

  it('builds an insert shorter than a chunk once, as Kysely alone would, and a full chunk’s statement once per shape', async () => {
    const db = env.services.database.db;
    const built: number[] = [];
    const write = (words: string[]) =>
      insertRows(
        db,
        words.map((term) => ({ term })),
        4,
        (rows) => {
          built.push(rows.length);
          return db
            .insertInto('search_term')
            .values(rows)
            .onConflict((oc) => oc.column('term').doUpdateSet({ term: sql`excluded.term` }));
        },
      );
    await write(['once']);
    expect(built).toEqual([1]);
    built.length = 0;
    // The first full chunk of this shape: its one row's SQL, then the chunk; the next full chunk is sent as built.
    await write(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota']);
    expect(built).toEqual([1, 4, 1]);
    expect(await terms()).toEqual(expect.arrayContaining(['once', 'alpha', 'theta', 'iota']));
  });

  it('writes rows whose columns differ, or a statement with values of its own, as built each time', async () => {
    const db = env.services.database.db;
    await sql`CREATE TABLE bulk_test (id integer PRIMARY KEY, label text NOT NULL, note text DEFAULT 'none')`.execute(
      db,
    );
    // biome-ignore lint/suspicious/noExplicitAny: a table of this test alone, not in the schema's types
    const table = () => (db as any).insertInto('bulk_test');
    const read = async () =>
      (
        await sql<{
          id: number;
          label: string;
          note: string | null;
        }>`SELECT id, label, note FROM bulk_test ORDER BY id`.execute(db)
      ).rows;
    // The third row has no note: its chunk is built as Kysely builds it (SQLite has no DEFAULT among values: null there).
    const rows = [1, 2, 3, 4, 5, 6].map((id) =>
      id === 3 ? { id, label: `l${id}` } : { id, label: `l${id}`, note: id === 5 ? null : `n${id}` },
    );
    const missing = engine === 'sqlite' ? null : 'none';
    for (let round = 0; round < 2; round++) {
      await sql`DELETE FROM bulk_test`.execute(db);
      await insertRows(db, rows, 2, (part) => table().values(part));
      expect(await read()).toEqual(
        [1, 2, 3, 4, 5, 6].map((id) => ({
          id,
          label: `l${id}`,
          note: id === 3 ? missing : id === 5 ? null : `n${id}`,
        })),
      );
      await sql`DELETE FROM bulk_test`.execute(db);
      await table().values(rows.slice(2, 4)).execute();
      expect((await read())[0]!.note).toBe(missing);
    }
    // A statement with a value besides the rows' (a label set on conflict) is never sent with the rows' values alone.
    for (let round = 0; round < 3; round++) {
      await insertRows(
        db,
        [
          { id: 1, label: 'x', note: 'y' },
          { id: 2, label: 'x', note: 'y' },
        ],
        2,
        (part) =>
          table()
            .values(part)
            .onConflict((oc: { column(c: string): { doUpdateSet(v: object): unknown } }) =>
              oc.column('id').doUpdateSet({ label: `again ${round}` }),
            ),
      );
      // Written the first time, relabelled after.
      const label = round ? `again ${round}` : 'x';
      expect((await read()).filter((r) => r.id <= 2).map((r) => r.label)).toEqual([label, label]);
    }
  });
});
