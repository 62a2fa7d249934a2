import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from './database.js';
import { keepPlan, preparingStatements } from './prepared.js';
import { reusable } from './reusable.js';

/** A connection that answers at once, telling what it was sent. */
function fakeConnection() {
  const sent: unknown[] = [];
  const client = {
    query: (text: unknown, values?: unknown) => {
      sent.push(values === undefined ? text : [text, values]);
      return Promise.resolve({ rows: [] });
    },
  };
  preparingStatements(client as never);
  return { client, sent };
}

describe('which queries go prepared', () => {
  it('names a statement declared to keep its plan, from its first time, and no other however often it is asked', async () => {
    const { client, sent } = fakeConnection();
    const keyed = 'SELECT label FROM item WHERE id = $1 -- keyed';
    const other = 'SELECT label FROM item WHERE id = $1 -- other';
    keepPlan(keyed);
    for (let i = 0; i < 4; i++) {
      await client.query(keyed, [i]);
      await client.query(other, [i]);
    }
    const named = sent.filter(
      (x): x is { name: string; text: string } => typeof x === 'object' && x !== null && 'name' in x,
    );
    expect(named).toHaveLength(4);
    expect(named.every((x) => x.text === keyed && x.name === named[0]!.name)).toBe(true);
    expect(named[3]).toMatchObject({ values: [3] });
    expect(sent.filter((x) => Array.isArray(x) && x[0] === other)).toHaveLength(4);
  });

  it('asks again unnamed, and never names again on that connection, a statement whose columns changed since it was prepared', async () => {
    const sent: unknown[] = [];
    const changed = Object.assign(new Error('cached plan must not change result type'), { code: '0A000' });
    const client = {
      query: (text: unknown, ..._values: unknown[]) => {
        sent.push(text);
        return typeof text === 'object' && sent.length === 2
          ? Promise.reject(changed)
          : Promise.resolve({ rows: [] });
      },
    };
    preparingStatements(client as never);
    const text = 'SELECT * FROM item WHERE id = $1 -- changed';
    keepPlan(text);
    for (let i = 0; i < 3; i++) await client.query(text, [i]);
    expect(sent.map((x) => typeof x === 'object')).toEqual([true, true, false, false]);
  });

  it('never names a query without values, which may hold several statements', async () => {
    const { client, sent } = fakeConnection();
    keepPlan('BEGIN; SET LOCAL enable_seqscan = off');
    for (let i = 0; i < 4; i++) await client.query('BEGIN; SET LOCAL enable_seqscan = off', []);
    expect(sent).toEqual(Array.from({ length: 4 }, () => ['BEGIN; SET LOCAL enable_seqscan = off', []]));
  });
});

/** On PostgreSQL, a read by key goes as a prepared statement; any other query, a full-text search among them, never does. */
describe.skipIf(!inject('pgUrl'))('prepared statements on PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let database: Database;
  let plain: Database;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE TABLE ${schema}.item (id int PRIMARY KEY, label text NOT NULL, words tsvector)`,
    );
    await admin.query(
      `INSERT INTO ${schema}.item SELECT i, 'item ' || i, to_tsvector('simple', 'lamp ' || i) FROM generate_series(1, 50) i`,
    );
    // One connection, so that every query below is asked on the connection whose statements are listed.
    database = openDatabase(inject('pgUrl')!, { searchPath: schema, poolMax: 1 });
    plain = openDatabase(inject('pgUrl')!, { searchPath: schema, poolMax: 1, prepare: false });
  });
  afterAll(async () => {
    await database.close();
    await plain.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });

  const prepared = async (db: Database) =>
    (
      await sql<{
        statement: string;
        generic: number;
      }>`SELECT statement, generic_plans AS generic FROM pg_prepared_statements`.execute(db.db)
    ).rows;

  it('prepares a read by key and plans it once, answering as before; prepares no other query however often it is asked', async () => {
    const build = (d: Kysely<unknown>, id: number) =>
      d
        .selectFrom('item' as never)
        .select(['id' as never, 'label' as never])
        .where('id' as never, '=', id as never);
    const byKey = reusable(build, { keyed: true });
    const byOther = reusable((d: Kysely<unknown>, id: number) =>
      build(d, id).where('label' as never, '<>', '' as never),
    );
    const answers: unknown[] = [];
    for (let id = 1; id <= 8; id++) {
      answers.push(await byKey.all(database.db as never, id));
      expect(await byOther.all(database.db as never, id)).toEqual(answers.at(-1));
    }
    expect(answers).toEqual(
      await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((id) => build(plain.db as never, id).execute())),
    );
    expect(answers[4]).toEqual([{ id: 5, label: 'item 5' }]);
    const statements = await prepared(database);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.statement).not.toContain('<>');
    // After five runs planned for their values, PostgreSQL keeps one plan for the rest.
    expect(statements[0]!.generic).toBeGreaterThan(0);
    // With preparing off, nothing is.
    for (let id = 1; id <= 3; id++) await byKey.all(plain.db as never, id);
    expect(await prepared(plain)).toEqual([]);
  });

  it('never prepares a full-text search, whose plan depends on its words', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM item WHERE words @@ to_tsquery('simple', ${'lamp'})`.execute(
        database.db,
      );
      expect(r.rows[0]!.n).toBe(50);
    }
    expect((await prepared(database)).some((s) => s.statement.includes('@@'))).toBe(false);
  });

  it('runs a query of two statements as often as it is asked, each time both', async () => {
    await database.db.connection().execute(async (conn) => {
      for (let i = 0; i < 4; i++) {
        await sql`BEGIN; SET LOCAL enable_seqscan = off`.execute(conn);
        expect(
          (await sql<{ enable_seqscan: string }>`SHOW enable_seqscan`.execute(conn)).rows[0]!.enable_seqscan,
        ).toBe('off');
        await sql`COMMIT`.execute(conn);
        expect(
          (await sql<{ enable_seqscan: string }>`SHOW enable_seqscan`.execute(conn)).rows[0]!.enable_seqscan,
        ).toBe('on');
      }
    });
    expect((await prepared(database)).some((s) => s.statement.includes('BEGIN'))).toBe(false);
  });

  it('answers a prepared read whose table was given a column since, with the column', async () => {
    await admin.query(`CREATE TABLE ${schema}.thing (id int PRIMARY KEY, label text NOT NULL)`);
    await admin.query(`INSERT INTO ${schema}.thing VALUES (1, 'one'), (2, 'two')`);
    const byId = reusable(
      (d: Kysely<unknown>, id: number) =>
        d
          .selectFrom('thing' as never)
          .selectAll()
          .where('id' as never, '=', id as never),
      { keyed: true },
    );
    for (let i = 0; i < 3; i++)
      expect(await byId.all(database.db as never, 1)).toEqual([{ id: 1, label: 'one' }]);
    // As a migration run by another app server would.
    await admin.query(`ALTER TABLE ${schema}.thing ADD COLUMN note text DEFAULT 'new'`);
    for (let i = 0; i < 3; i++)
      expect(await byId.all(database.db as never, 2)).toEqual([{ id: 2, label: 'two', note: 'new' }]);
    // A failure of any other kind is the query's own.
    await admin.query(`ALTER TABLE ${schema}.thing RENAME COLUMN label TO title`);
    const byLabel = reusable(
      (d: Kysely<unknown>, label: string) =>
        d
          .selectFrom('thing' as never)
          .select('id' as never)
          .where('label' as never, '=', label as never),
      { keyed: true },
    );
    await expect(byLabel.all(database.db as never, 'one')).rejects.toThrow(/label/);
  });

  it('gives a prepared statement that fails its error, and prepares it again once it can run', async () => {
    const text = 'SELECT nothing FROM item WHERE id = $1';
    keepPlan(text);
    const run = (id: number) =>
      sql<{ nothing: string }>`SELECT nothing FROM item WHERE id = ${id}`.execute(database.db);
    for (let i = 0; i < 3; i++) await expect(run(i)).rejects.toThrow(/nothing/);
    await admin.query(`ALTER TABLE ${schema}.item ADD COLUMN nothing text DEFAULT 'here'`);
    for (let i = 1; i <= 3; i++) expect((await run(i)).rows).toEqual([{ nothing: 'here' }]);
    expect((await prepared(database)).some((s) => s.statement === text)).toBe(true);
  });
});
