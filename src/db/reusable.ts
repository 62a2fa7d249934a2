import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { keepPlan } from './prepared.js';

/** What a query's values are while it is built once: a string no one types, naming the value's place. */
const STAND_IN = '\u0000mathaf-value:';
const PLACE = new RegExp(`^${STAND_IN}(\\d+)\\.(-1|\\d+)$`);
/** Lists longer than this are built each time: their shapes would fill the cache for little. */
const LONGEST_LIST = 64;

/** Values only, never null: Kysely writes `is null` itself, a shape a stand-in would not have. */
type Arg = string | number | readonly (string | number)[];
/** For each value the compiled statement sends: the argument (and its element, for a list) it comes from, or a constant of the query. */
type Slot = readonly [arg: number, element: number] | { constant: unknown };
interface Built {
  query: CompiledQuery;
  slots: Slot[];
}

/**
 * A query of fixed shape, built and compiled once for each database engine (and each length of
 * its lists of values), then sent again with the values of each call. Kysely builds a query's tree
 * and writes its SQL on every call; for the dozen small reads of a public page that costs about as
 * much as the database's own work. `build` is given stand-ins for its arguments and must use them
 * only as values (`where('id', '=', id)`, `where('id', 'in', ids)`), never to choose the query's
 * shape: a stand-in written into the SQL itself is refused the first time.
 *
 * `keyed`: a read by key whose plan does not depend on its values, which PostgreSQL may then plan
 * once per connection (see keepPlan). Never for a read whose best plan depends on how many rows
 * its values match, nor one asked while its tables grow (a harvest's or an import's own reads).
 */
export function reusable<D, A extends Arg[], O>(
  build: (db: Kysely<D>, ...args: A) => Compilable<O>,
  options: { keyed?: boolean } = {},
) {
  const byEngine = new WeakMap<object, Map<string, Built>>();

  function compiled(db: Kysely<D>, args: A): Built | null {
    const lists = args.map((a) => (Array.isArray(a) ? a.length : -1));
    if (lists.some((n) => n > LONGEST_LIST)) return null;
    // The adapter is the engine's, shared by a database and its transactions.
    const engine = db.getExecutor().adapter;
    let shapes = byEngine.get(engine);
    if (!shapes) {
      shapes = new Map();
      byEngine.set(engine, shapes);
    }
    const shape = lists.join(',');
    let built = shapes.get(shape);
    if (!built) {
      const standIns = args.map((a, i) =>
        Array.isArray(a) ? a.map((_, j) => `${STAND_IN}${i}.${j}`) : `${STAND_IN}${i}.-1`,
      ) as A;
      const query = build(db, ...standIns).compile();
      if (query.sql.includes(STAND_IN))
        throw new Error('A reusable query may take its arguments only as values');
      const slots = query.parameters.map((p): Slot => {
        if (typeof p !== 'string' || !p.includes(STAND_IN)) return { constant: p };
        const place = PLACE.exec(p);
        if (!place) throw new Error('A reusable query may take its arguments only as they are');
        return [Number(place[1]), Number(place[2])];
      });
      built = { query, slots };
      if (options.keyed) keepPlan(query.sql);
      shapes.set(shape, built);
    }
    return built;
  }

  async function run(db: Kysely<D>, args: A): Promise<O[]> {
    const built = compiled(db, args);
    if (!built) return (await db.executeQuery(build(db, ...args).compile())).rows;
    const parameters = built.slots.map((s) =>
      'constant' in s ? s.constant : s[1] < 0 ? args[s[0]] : (args[s[0]] as readonly unknown[])[s[1]],
    );
    return (await db.executeQuery<O>({ ...built.query, parameters })).rows;
  }

  return {
    all: (db: Kysely<D>, ...args: A): Promise<O[]> => run(db, args),
    first: async (db: Kysely<D>, ...args: A): Promise<O | undefined> => (await run(db, args))[0],
  };
}
