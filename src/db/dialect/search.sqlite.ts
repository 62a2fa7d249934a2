import { type Kysely, type RawBuilder, sql } from 'kysely';
import { checked, facetWord, type FullText, type FullTextQuery, mayBeScopeWord, museumWord, type Tier } from './search.js';

/**
 * FTS5 over an external-content table (`search_doc`, followed by triggers) with five columns:
 * head, head_stems, exact, stems, and scope (the museum's word and a word per facet value), so
 * that a search's museum and facet filters are matched in the index with its words and a count
 * needs no row of `search_doc`.
 *
 * Public documents are numbered from `PUBLIC_FROM` up and the others below it (a constraint of
 * `search_doc` holds it), so that a public search reads only its own range of the index: FTS5
 * seeks to a range of rowids at no cost, where matching a word every public document carries
 * meant stepping through a list of nine in ten documents for every match.
 */
export const PUBLIC_FROM = 2 ** 40;

/** Every word of the query, the last maybe a prefix: in the head (1), in its own form anywhere (2), or anywhere in either form (3). */
function words(q: FullTextQuery, level: Tier): string {
  return q.terms.map((t, i) => {
    const prefix = q.prefixLast && i === q.terms.length - 1;
    const all = [t.word, ...(!prefix && t.stem ? [t.stem] : [])];
    const forms = prefix ? `"${t.word}"*` : `(${all.map((w) => `"${w}"`).join(' OR ')})`;
    if (level === 1) return `({head head_stems} : ${forms})`;
    if (level === 2) return `({head exact} : "${t.word}"${prefix ? '*' : ''})`;
    // Anywhere among the record's words is anywhere but the scope column, where no typed word is
    // found: unfiltered, FTS5 reads no positions to match (a column filter reads every candidate's),
    // and bm25's count of the documents holding each word, a pass over the word's whole list, is
    // half as long for a common word. A word that could be a scope word keeps the filter.
    return all.some((w) => mayBeScopeWord(w, prefix)) ? `({head head_stems exact stems} : ${forms})` : forms;
  }).join(' AND ');
}

const scoped = (q: FullTextQuery, expr: string) => [
  ...(q.terms.length ? [`(${expr})`] : []),
  ...(q.museumId ? [`({scope} : "${museumWord(q.museumId)}")`] : []),
  ...(q.facets ?? []).map((any) => `({scope} : (${any.map((v) => `"${facetWord(v)}"`).join(' OR ')}))`),
].join(' AND ');

const tierExpr = (q: FullTextQuery, tier: Tier) =>
  tier === 1 ? words(q, 1) : tier === 2 ? `(${words(q, 2)}) NOT (${words(q, 1)})` : `(${words(q, 3)}) NOT ((${words(q, 1)}) OR (${words(q, 2)}))`;

// bm25 is lower for better matches; negated so that higher is better on both engines.
const BM25 = sql`-bm25(search_fts, 10.0, 5.0, 3.0, 1.0, 0.0)`;

const publicRange = (q: FullTextQuery) => (q.publicOnly ? sql`AND search_fts.rowid >= ${PUBLIC_FROM}` : sql``);

// The FTS table's own rowid, so that an order by document is the order FTS5 reads its lists in (no sort).
const select = (q: FullTextQuery, match: string, score: RawBuilder<unknown>) =>
  sql`SELECT d.object_id AS object_id, search_fts.rowid AS doc_id, ${score} AS score, d.facets AS facets
    FROM search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid WHERE search_fts MATCH ${match} ${publicRange(q)}`;

/** The first and last number of the documents below `PUBLIC_FROM` (the others) and from it (the public ones); null where there are none. */
async function ranges<D>(db: Kysely<D>) {
  // Each a lone min() or max() over a range of the rowid: a seek to one end of the B-tree (min and max in one select scan the table).
  const r = await sql<{ lo: number | null; hi: number | null; plo: number | null; phi: number | null }>`SELECT
    (SELECT min(doc_id) FROM search_doc WHERE doc_id < ${PUBLIC_FROM}) AS lo, (SELECT max(doc_id) FROM search_doc WHERE doc_id < ${PUBLIC_FROM}) AS hi,
    (SELECT min(doc_id) FROM search_doc WHERE doc_id >= ${PUBLIC_FROM}) AS plo, (SELECT max(doc_id) FROM search_doc WHERE doc_id >= ${PUBLIC_FROM}) AS phi`.execute(db);
  const x = r.rows[0]!;
  return { others: x.lo === null || x.hi === null ? null : { lo: x.lo, hi: x.hi }, public: x.plo === null || x.phi === null ? null : { lo: x.plo, hi: x.phi } };
}

export const sqliteFullText: FullText = {
  documentColumns: (d) => ({ scope: [museumWord(d.museumId), ...d.facets.map(facetWord)].join(' ') }),
  async nextDocId(db, isPublic) {
    const r = await sql<{ id: number }>`SELECT doc_id AS id FROM search_doc WHERE ${isPublic ? sql`doc_id >= ${PUBLIC_FROM}` : sql`doc_id < ${PUBLIC_FROM}`} ORDER BY doc_id DESC LIMIT 1`.execute(db);
    return (r.rows[0]?.id ?? (isPublic ? PUBLIC_FROM - 1 : 0)) + 1;
  },
  indexed: (db, f) => f(db),
  optimize: async (db) => {
    await sql`INSERT INTO search_fts(search_fts) VALUES ('optimize')`.execute(db);
  },
  matching(raw, scored = true) {
    const q = checked(raw);
    return select(q, scoped(q, words(q, 3)), scored ? BM25 : sql`0`);
  },
  matchingIds(raw, scored = false) {
    const q = checked(raw);
    return sql`SELECT rowid AS doc_id, ${scored ? BM25 : sql`0`} AS score FROM search_fts WHERE search_fts MATCH ${scoped(q, words(q, 3))} ${publicRange(q)}`;
  },
  tier(raw, tier) {
    const q = checked(raw);
    return select(q, scoped(q, tierExpr(q, tier)), sql`0`);
  },
  // Documents are numbered as they are written (public ones in a range of their own), so the
  // matches among the first documents stand for all of them: if the cap-th match is document d,
  // about cap matches lie in every stretch as long as the documents up to d. One pass over at most
  // `cap` matches, in the order FTS5 keeps them.
  async count(db, from, cap, publicOnly) {
    const r = await sql<{ n: number; last: number | null }>`SELECT count(*) AS n, max(doc_id) AS last FROM (SELECT m.doc_id AS doc_id ${from} ORDER BY m.doc_id LIMIT ${cap}) x`.execute(db);
    const { n, last } = r.rows[0] ?? { n: 0, last: null };
    if (n < cap || last === null) return { counted: n, estimate: n };
    const { others, public: shown } = await ranges(db);
    const size = (x: { lo: number; hi: number } | null) => (x ? x.hi - x.lo + 1 : 0);
    const before = publicOnly || !others ? 0 : size(others);
    const read = last >= PUBLIC_FROM && shown ? before + (last - shown.lo + 1) : others ? last - others.lo + 1 : 1;
    const all = (publicOnly ? 0 : size(others)) + size(shown);
    return { counted: n, estimate: Math.max(n, Math.round((n * all) / Math.max(1, read))) };
  },
};
