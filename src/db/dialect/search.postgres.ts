import { type Kysely, type RawBuilder, sql } from 'kysely';
import {
  checked,
  facetWord,
  farBeyond,
  type FullText,
  type FullTextQuery,
  type IndexedWords,
  SAFE,
  type Tier,
} from './search.js';

const museumLexeme = (id: string) => `_m_${id.replace(/[^0-9a-f]/gi, '')}`;
const facetLexeme = (facetValue: string) => `_${facetWord(facetValue)}`;

/**
 * A tsvector in its own text form: each word once, with its positions and weight (A in the head,
 * B among the head's stems, C among the other words, D among their stems), so ranking can tell
 * them apart and no text-search parser (whose idea of a letter depends on the server's locale)
 * ever sees the Arabic. The museum and each facet value are lexemes too (`_m_…`, `_f…`: no word
 * takes that form), so that a search's scope and filters are part of its tsquery and the GIN index
 * answers it whole; a scope as a separate condition lets the planner prefer a B-tree. Whether a
 * document is public is not a lexeme: see `parts`.
 */
function tsvectorLiteral(d: IndexedWords): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const add = (w: string, weight: 'A' | 'B' | 'C' | 'D') => {
    if (!SAFE.test(w)) return;
    pos = Math.min(pos + 1, 16_383);
    const list = positions.get(w) ?? [];
    if (list.length < 256) list.push(`${pos}${weight}`);
    positions.set(w, list);
  };
  for (const w of d.head.split(' ')) add(w, 'A');
  for (const w of d.headStems.split(' ')) add(w, 'B');
  for (const w of d.exact.split(' ')) add(w, 'C');
  for (const w of d.stems.split(' ')) add(w, 'D');
  const scope = [museumLexeme(d.museumId), ...d.facets.map(facetLexeme)];
  return [...[...positions].map(([w, ps]) => `'${w}':${ps.join(',')}`), ...scope.map((s) => `'${s}'`)].join(
    ' ',
  );
}

/** Every word of the query, as in FTS5 (weights: A head, B its stems, C other words, D their stems). */
function words(q: FullTextQuery, level: Tier): string {
  return q.terms
    .map((t, i) => {
      const prefix = q.prefixLast && i === q.terms.length - 1;
      const forms = (weights: string) =>
        prefix
          ? `'${t.word}':*${weights}`
          : `(${[t.word, ...(t.stem ? [t.stem] : [])].map((w) => `'${w}'${weights ? `:${weights}` : ''}`).join(' | ')})`;
      if (level === 1) return forms('AB');
      if (level === 2) return `'${t.word}':${prefix ? '*' : ''}AC`;
      return forms('');
    })
    .join(' & ');
}

const tsquery = (q: FullTextQuery, expr: string) =>
  [
    ...(q.terms.length ? [`(${expr})`] : []),
    ...(q.museumId ? [`'${museumLexeme(q.museumId)}'`] : []),
    ...(q.facets ?? []).map((any) => `(${any.map((v) => `'${facetLexeme(v)}'`).join(' | ')})`),
  ].join(' & ');

const tierExpr = (q: FullTextQuery, tier: Tier) =>
  tier === 1
    ? words(q, 1)
    : tier === 2
      ? `(${words(q, 2)}) & !(${words(q, 1)})`
      : `(${words(q, 3)}) & !(${words(q, 1)}) & !(${words(q, 2)})`;

// float8, so a score read back into a cursor compares equal to itself.
const RANK = sql`CAST(ts_rank('{0.1, 0.3, 0.5, 1.0}', d.tsv, query) AS double precision)`;

/**
 * Public documents and the others are under GIN indexes of their own (partial, on `is_public`): a
 * public search reads the public one alone, where a lexeme that nine documents in ten carry made
 * every search intersect with its list; staff read both, one part each (an OR of the two the
 * planner would fold into one condition that neither index answers).
 */
function parts(q: FullTextQuery, query: string, columns: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql.join(
    (q.publicOnly ? ['1'] : ['1', '0']).map(
      (p) =>
        sql`SELECT ${columns} FROM search_doc d, CAST(${query} AS tsquery) AS query WHERE d.is_public = ${sql.raw(p)} AND d.tsv @@ query`,
    ),
    sql` UNION ALL `,
  );
}

const ZERO = sql`CAST(0 AS double precision)`;

const select = (q: FullTextQuery, query: string, score: RawBuilder<unknown> | null) =>
  parts(
    q,
    query,
    sql`d.object_id AS object_id, d.doc_id AS doc_id, ${score ?? ZERO} AS score, d.facets AS facets`,
  );

/** The planner's estimate of the rows `from` holds, from the statistics it keeps of the most common words. */
async function planned<D>(db: Kysely<D>, from: RawBuilder<unknown>): Promise<number> {
  const plan = await sql<{
    'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }];
  }>`EXPLAIN (FORMAT JSON) SELECT 1 ${from}`.execute(db);
  return Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

export const postgresFullText: FullText = {
  documentColumns: (d) => ({ tsv: sql`CAST(${tsvectorLiteral(d)} AS tsvector)` }),
  nextDocId: async () => undefined,
  // Its lock keeps searches waiting only while it runs: a moment, where deleting every row took seconds and left the vacuum all of them.
  clear: async (db) => {
    await sql`TRUNCATE search_doc`.execute(db);
  },
  // After a rebuild every document is new: a vacuum marks their pages all-visible and their rows
  // committed once, rather than each search doing it as it first reads them (searches right after a
  // rebuild took twice as long until autovacuum came by), and gathers the planner's statistics.
  optimize: async (db) => {
    await sql`VACUUM (ANALYZE) search_doc`.execute(db);
  },
  // The planner prices a sequential scan without the cost of detoasting every tsvector, and takes
  // it over the GIN index for common words: 33 ms instead of 2.5 ms at 10,000 objects. Within the
  // search's own transaction it is told not to, in the round trip that begins it (a query without
  // values may hold two statements).
  indexed: (db, f) =>
    db.connection().execute(async (conn) => {
      await sql`BEGIN; SET LOCAL enable_seqscan = off`.execute(conn);
      try {
        const out = await f(conn);
        await sql`COMMIT`.execute(conn);
        return out;
      } catch (e) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw e;
      }
    }),
  matching(raw, scored = true) {
    const q = checked(raw);
    return select(q, tsquery(q, words(q, 3)), scored ? RANK : null);
  },
  matchingIds(raw, scored = false) {
    const q = checked(raw);
    return parts(q, tsquery(q, words(q, 3)), sql`d.doc_id AS doc_id, ${scored ? RANK : ZERO} AS score`);
  },
  tier(raw, tier) {
    const q = checked(raw);
    return select(q, tsquery(q, tierExpr(q, tier)), null);
  },
  tiered(raw) {
    const q = checked(raw);
    const tier = sql`CASE WHEN d.tsv @@ CAST(${words(q, 1)} AS tsquery) THEN 1 WHEN d.tsv @@ CAST(${words(q, 2)} AS tsquery) THEN 2 ELSE 3 END`;
    return parts(
      q,
      tsquery(q, words(q, 3)),
      sql`d.object_id AS object_id, d.doc_id AS doc_id, ${ZERO} AS score, d.facets AS facets, ${tier} AS tier`,
    );
  },
  estimate: planned,
  // The planner's own estimate first: far beyond the cap it is taken as it is (counting even the
  // cap's worth means a bitmap of every match); nearer, matches are counted up to the cap, and
  // beyond it the estimate stands.
  async count(db, from, cap) {
    const rows = await planned(db, from);
    if (farBeyond(rows, cap)) return { counted: cap, estimate: rows };
    const r = await sql<{
      n: string | number;
    }>`SELECT count(*) AS n FROM (SELECT 1 AS one ${from} LIMIT ${cap}) x`.execute(db);
    const n = Number(r.rows[0]?.n ?? 0);
    return { counted: n, estimate: n < cap ? n : Math.max(n, rows) };
  },
};
