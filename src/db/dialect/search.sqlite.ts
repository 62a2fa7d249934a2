import { type RawBuilder, sql } from 'kysely';
import { checked, facetWord, type FullText, type FullTextQuery, museumWord, type Tier } from './search.js';

/**
 * FTS5 over an external-content table (`search_doc`, followed by triggers) with five columns:
 * head, head_stems, exact, stems, and scope (`public`, the museum's word and a word per facet
 * value), so that a search's scope and facet filters are matched in the index with its words and
 * a count needs no row of `search_doc`.
 */

/** Every word of the query, the last maybe a prefix: in the head (1), in its own form anywhere (2), or anywhere in either form (3). */
function words(q: FullTextQuery, level: Tier): string {
  return q.terms.map((t, i) => {
    const prefix = q.prefixLast && i === q.terms.length - 1;
    const forms = prefix ? `"${t.word}"*` : `(${[t.word, ...(t.stem ? [t.stem] : [])].map((w) => `"${w}"`).join(' OR ')})`;
    if (level === 1) return `({head head_stems} : ${forms})`;
    if (level === 2) return `({head exact} : "${t.word}"${prefix ? '*' : ''})`;
    return `({head head_stems exact stems} : ${forms})`;
  }).join(' AND ');
}

const scoped = (q: FullTextQuery, expr: string) => [
  ...(q.terms.length ? [`(${expr})`] : []),
  ...(q.publicOnly ? ['({scope} : "public")'] : []),
  ...(q.museumId ? [`({scope} : "${museumWord(q.museumId)}")`] : []),
  ...(q.facets ?? []).map((any) => `({scope} : (${any.map((v) => `"${facetWord(v)}"`).join(' OR ')}))`),
].join(' AND ');

const tierExpr = (q: FullTextQuery, tier: Tier) =>
  tier === 1 ? words(q, 1) : tier === 2 ? `(${words(q, 2)}) NOT (${words(q, 1)})` : `(${words(q, 3)}) NOT ((${words(q, 1)}) OR (${words(q, 2)}))`;

// bm25 is lower for better matches; negated so that higher is better on both engines.
const BM25 = sql`-bm25(search_fts, 10.0, 5.0, 3.0, 1.0, 0.0)`;

// The FTS table's own rowid, so that an order by document is the order FTS5 reads its lists in (no sort).
const select = (match: string, score: RawBuilder<unknown>) =>
  sql`SELECT d.object_id AS object_id, search_fts.rowid AS doc_id, ${score} AS score, d.facets AS facets
    FROM search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid WHERE search_fts MATCH ${match}`;

export const sqliteFullText: FullText = {
  documentColumns: (d) => ({ scope: [...(d.isPublic ? ['public'] : []), museumWord(d.museumId), ...d.facets.map(facetWord)].join(' ') }),
  indexed: (db, f) => f(db),
  optimize: async (db) => {
    await sql`INSERT INTO search_fts(search_fts) VALUES ('optimize')`.execute(db);
  },
  facetCounts: (hits) => sql`SELECT j.value AS fv, count(*) AS n FROM (${hits}) h, json_each(h.facets) j GROUP BY j.value`,
  matching(raw, scored = true) {
    const q = checked(raw);
    return select(scoped(q, words(q, 3)), scored ? BM25 : sql`0`);
  },
  matchingIds: (raw, scored = false) =>
    sql`SELECT rowid AS doc_id, ${scored ? BM25 : sql`0`} AS score FROM search_fts WHERE search_fts MATCH ${scoped(checked(raw), words(checked(raw), 3))}`,
  tier: (raw, tier) => select(scoped(checked(raw), tierExpr(checked(raw), tier)), sql`0`),
  // Documents are numbered as they are written, so the matches among the first documents stand
  // for all of them: if the cap-th match is document d, about cap matches lie in every stretch of
  // d documents. One pass over at most `cap` matches, in the order FTS5 keeps them.
  async count(db, from, cap) {
    const r = await sql<{ n: number; last: number | null }>`SELECT count(*) AS n, max(doc_id) AS last FROM (SELECT m.doc_id AS doc_id ${from} ORDER BY m.doc_id LIMIT ${cap}) x`.execute(db);
    const { n, last } = r.rows[0] ?? { n: 0, last: null };
    if (n < cap || last === null) return { counted: n, estimate: n };
    // Two subqueries: SQLite reads a lone min() or max() off the end of the B-tree, but both in one select scan the table.
    const span = (await sql<{ lo: number; hi: number }>`SELECT (SELECT min(doc_id) FROM search_doc) AS lo, (SELECT max(doc_id) FROM search_doc) AS hi`.execute(db)).rows[0]!;
    return { counted: n, estimate: Math.max(n, Math.round((n * (span.hi - span.lo + 1)) / (last - span.lo + 1))) };
  },
};
