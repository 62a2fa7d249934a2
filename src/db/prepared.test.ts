import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from './database.js';
import { preparingStatements } from './prepared.js';

/** A connection that answers at once, telling what it was sent; the setting of plans refused if `refuse`. */
function fakeConnection(refuse: boolean) {
  const sent: unknown[] = [];
  const client = {
    query: (text: unknown, values?: unknown) => {
      sent.push(values === undefined ? text : [text, values]);
      return text === 'SET plan_cache_mode = force_custom_plan' && refuse ? Promise.reject(new Error('unrecognized configuration parameter')) : Promise.resolve({ rows: [] });
    },
  };
  preparingStatements(client as never);
  return { client, sent };
}

describe('which queries go prepared', () => {
  it('names a query from its third time, only once the connection plans every query for its values', async () => {
    for (const refuse of [false, true]) {
      const { client, sent } = fakeConnection(refuse);
      await Promise.resolve();
      const text = `SELECT label FROM item WHERE id = $1 -- ${refuse}`;
      for (let i = 0; i < 4; i++) await client.query(text, [i]);
      const named = sent.filter((x) => typeof x === 'object' && x !== null && 'name' in x);
      expect(sent[0]).toBe('SET plan_cache_mode = force_custom_plan');
      expect(named).toHaveLength(refuse ? 0 : 2);
      if (!refuse) expect(named[1]).toMatchObject({ text, values: [3] });
    }
  });

  it('never names a query without values, which may hold several statements', async () => {
    const { client, sent } = fakeConnection(false);
    await Promise.resolve();
    for (let i = 0; i < 4; i++) await client.query('BEGIN; SET LOCAL enable_seqscan = off', []);
    expect(sent.slice(1)).toEqual(Array.from({ length: 4 }, () => ['BEGIN; SET LOCAL enable_seqscan = off', []]));
  });
});

/** On PostgreSQL, a query seen before goes as a prepared statement; a full-text search never does. */
describe.skipIf(!inject('pgUrl'))('prepared statements on PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let database: Database;
  let plain: Database;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.item (id int PRIMARY KEY, label text NOT NULL, words tsvector)`);
    await admin.query(`INSERT INTO ${schema}.item SELECT i, 'item ' || i, to_tsvector('simple', 'lamp ' || i) FROM generate_series(1, 50) i`);
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
    (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db.db)).rows.map((r) => r.statement);

  it('prepares a query once it has been seen twice, and answers it as before', async () => {
    const byId = (db: Database, id: number) => db.db.selectFrom('item' as never).select(['id' as never, 'label' as never]).where('id' as never, '=', id as never).execute();
    const answers: unknown[] = [];
    for (let id = 1; id <= 5; id++) answers.push(await byId(database, id));
    expect(answers).toEqual(await Promise.all([1, 2, 3, 4, 5].map((id) => byId(plain, id))));
    expect(answers[4]).toEqual([{ id: 5, label: 'item 5' }]);
    expect((await prepared(database)).filter((s) => s.includes('from "item"'))).toHaveLength(1);
    // A query asked once is not prepared, and with preparing off nothing is.
    await sql`SELECT label FROM item WHERE id = ${7}`.execute(database.db);
    expect((await prepared(database)).some((s) => s.includes('WHERE id = $1'))).toBe(false);
    expect(await prepared(plain)).toEqual([]);
    // Planned for their values each time: a plan kept from when a table was small could read all of it once it has grown.
    const mode = async (db: Database) => (await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(db.db)).rows[0]!.plan_cache_mode;
    expect(await mode(database)).toBe('force_custom_plan');
    expect(await mode(plain)).toBe('auto');
  });

  it('never prepares a full-text search, whose plan depends on its words', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM item WHERE words @@ to_tsquery('simple', ${'lamp'})`.execute(database.db);
      expect(r.rows[0]!.n).toBe(50);
    }
    expect((await prepared(database)).some((s) => s.includes('@@'))).toBe(false);
  });

  it('runs a query of two statements as often as it is asked, each time both', async () => {
    await database.db.connection().execute(async (conn) => {
      for (let i = 0; i < 4; i++) {
        await sql`BEGIN; SET LOCAL enable_seqscan = off`.execute(conn);
        expect((await sql<{ enable_seqscan: string }>`SHOW enable_seqscan`.execute(conn)).rows[0]!.enable_seqscan).toBe('off');
        await sql`COMMIT`.execute(conn);
        expect((await sql<{ enable_seqscan: string }>`SHOW enable_seqscan`.execute(conn)).rows[0]!.enable_seqscan).toBe('on');
      }
    });
    expect((await prepared(database)).some((s) => s.includes('BEGIN'))).toBe(false);
  });

  it('gives a query that fails its error, and prepares it again once it is right', async () => {
    for (let i = 0; i < 3; i++) await expect(sql`SELECT nothing FROM item WHERE id = ${i}`.execute(database.db)).rejects.toThrow(/nothing/);
    for (let i = 1; i <= 3; i++) expect((await sql<{ label: string }>`SELECT label FROM item WHERE id = ${i} AND ${i} > 0`.execute(database.db)).rows).toEqual([{ label: `item ${i}` }]);
  });
});
