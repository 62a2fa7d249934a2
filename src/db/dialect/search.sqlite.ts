import { type Kysely, type RawBuilder, sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import {
  checked,
  facetWord,
  type FullText,
  type FullTextQuery,
  mayBeScopeWord,
  museumWord,
  type Tier,
} from './search.js';

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

/** The FTS5 table's columns, as `search_doc` has them. */
const COLUMNS = sql.raw('head, head_stems, exact, stems, scope');

/**
 * Documents written into the index, or taken out, per statement: in the order of their numbers, as
 * FTS5 writes out the words it holds whenever a document's number is below the one before (a
 * rebuild's page in the order of its objects, public and not, took a third longer).
 */
const AT_ONCE = 5_000;

async function inParts(
  ids: readonly string[],
  f: (part: readonly string[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += AT_ONCE) await f(ids.slice(i, i + AT_ONCE));
}

/** Each word of the query in its whole forms (itself and its stem), or null for the last when it is a prefix. */
const wholeForms = (q: FullTextQuery) =>
  q.terms.map((t, i) =>
    q.prefixLast && i === q.terms.length - 1 ? null : [t.word, ...(t.stem ? [t.stem] : [])],
  );

/**
 * Every word of the query, the last maybe a prefix: in the head (1), in its own form anywhere (2), or
 * anywhere in either form (3); at level 3, only the forms `weighed` (a word left with none is left out).
 */
function words(q: FullTextQuery, level: Tier, weighed: (w: string) => boolean = () => true): string {
  return q.terms
    .flatMap((t, i) => {
      const prefix = q.prefixLast && i === q.terms.length - 1;
      const all = [t.word, ...(!prefix && t.stem ? [t.stem] : [])].filter((w) => prefix || weighed(w));
      if (!all.length) return [];
      const forms = prefix ? `"${t.word}"*` : `(${all.map((w) => `"${w}"`).join(' OR ')})`;
      if (level === 1) return `({head head_stems} : ${forms})`;
      if (level === 2) return `({head exact} : "${t.word}"${prefix ? '*' : ''})`;
      // Anywhere among the record's words is anywhere but the scope column, where no typed word is
      // found: unfiltered, FTS5 reads no positions to match (a column filter reads every candidate's),
      // and bm25's count of the documents holding each word, a pass over the word's whole list, is
      // half as long for a common word. A word that could be a scope word keeps the filter.
      return all.some((w) => mayBeScopeWord(w, prefix))
        ? `({head head_stems exact stems} : ${forms})`
        : forms;
    })
    .join(' AND ');
}

/**
 * bm25 weighs a word by how many documents hold it (its IDF), counting them on every search: a walk
 * through the word's whole list, 20–35 ms for a word in most of a million documents. A word held by
 * at least half of them weighs nothing (bm25 gives it an IDF of 1e-6), nor do the scope's words
 * (column weight 0). Once such a word's list is this long, a search ranks by its other words alone
 * among the matches of all of them: the same scores within 1e-6, so that among matches the other
 * words score alike, one holding the common word in its title no longer comes first by that much.
 */
const UNWEIGHED_FROM = 50_000;

/** The words a ranking weighs by, when leaving the others out reads less than it saves; null to rank by them all. */
function weighedWords(q: FullTextQuery): string | null {
  const f = q.frequencies;
  if (!f) return null;
  const count = (w: string) => f.of.get(w) ?? 0;
  const weighs = (w: string) => mayBeScopeWord(w, false) || count(w) < Math.max(UNWEIGHED_FROM, f.docs / 2);
  let saved = 0;
  // The documents the words left read, at most: those of the rarest word (with its stem); a prefix's are not known.
  let read = Number.POSITIVE_INFINITY;
  for (const forms of wholeForms(q)) {
    if (!forms) continue;
    saved += forms.filter((w) => !weighs(w)).reduce((n, w) => n + count(w), 0);
    const left = forms.filter(weighs);
    if (left.length)
      read = Math.min(
        read,
        left.reduce((n, w) => n + count(w), 0),
      );
  }
  const expr = words(q, 3, weighs);
  return saved > 0 && expr && saved > read ? expr : null;
}

/** The documents' count of each word (FTS5's vocabulary), kept a while per database: counting a common word reads its whole list. */
const counted = new WeakMap<object, LRUCache<string, number>>();

async function documentCounts<D>(db: Kysely<D>, words: string[]): Promise<Map<string, number>> {
  const cache = counted.get(db) ?? new LRUCache<string, number>({ max: 20_000, ttl: 10 * 60_000 });
  counted.set(db, cache);
  const missing = [...new Set(words.filter((w) => cache.get(w) === undefined))];
  if (missing.length) {
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_fts, row)`.execute(
      db,
    );
    const r = await sql<{
      term: string;
      doc: number;
    }>`SELECT term, doc FROM temp.search_vocab WHERE term IN (${sql.join(missing)})`.execute(db);
    for (const w of missing) cache.set(w, 0);
    for (const row of r.rows) cache.set(row.term, row.doc);
  }
  return new Map(words.map((w) => [w, cache.get(w) ?? 0]));
}

const scoped = (q: FullTextQuery, expr: string) =>
  [
    ...(q.terms.length ? [`(${expr})`] : []),
    ...(q.museumId ? [`({scope} : "${museumWord(q.museumId)}")`] : []),
    ...(q.facets ?? []).map((any) => `({scope} : (${any.map((v) => `"${facetWord(v)}"`).join(' OR ')}))`),
  ].join(' AND ');

const tierExpr = (q: FullTextQuery, tier: Tier) =>
  tier === 1
    ? words(q, 1)
    : tier === 2
      ? `(${words(q, 2)}) NOT (${words(q, 1)})`
      : `(${words(q, 3)}) NOT ((${words(q, 1)}) OR (${words(q, 2)}))`;

// bm25 is lower for better matches; negated so that higher is better on both engines.
const BM25 = sql`-bm25(search_fts, 10.0, 5.0, 3.0, 1.0, 0.0)`;

const publicRange = (q: FullTextQuery) =>
  q.publicOnly ? sql`AND search_fts.rowid >= ${PUBLIC_FROM}` : sql``;

/** The full-text condition of a search ranked by bm25: its match, or the match of the words it weighs among the matches of all. */
function rankedMatch(q: FullTextQuery, rowid: RawBuilder<unknown>): RawBuilder<unknown> {
  const full = scoped(q, words(q, 3));
  const weighed = weighedWords(q);
  if (!weighed) return sql`search_fts MATCH ${full} ${publicRange(q)}`;
  // A "+" keeps the set of matches from FTS5's own rowid lookups, each of which would weigh the words again.
  return sql`search_fts MATCH ${weighed} ${publicRange(q)} AND +${rowid} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${full} ${publicRange(q)})`;
}

// The FTS table's own rowid, so that an order by document is the order FTS5 reads its lists in (no sort).
const select = (q: FullTextQuery, match: string, score: RawBuilder<unknown>) =>
  selectWhere(sql`search_fts MATCH ${match} ${publicRange(q)}`, score);
const selectWhere = (where: RawBuilder<unknown>, score: RawBuilder<unknown>) =>
  sql`SELECT d.object_id AS object_id, search_fts.rowid AS doc_id, ${score} AS score, d.facets AS facets
    FROM search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid WHERE ${where}`;

/** How many numbers a range of documents spans (an upper bound of how many there are: a deleted document leaves a gap). */
const size = (x: { lo: number; hi: number } | null) => (x ? x.hi - x.lo + 1 : 0);

/** The first and last number of the documents below `PUBLIC_FROM` (the others) and from it (the public ones); null where there are none. */
async function ranges<D>(db: Kysely<D>) {
  // Each a lone min() or max() over a range of the rowid: a seek to one end of the B-tree (min and max in one select scan the table).
  const r = await sql<{ lo: number | null; hi: number | null; plo: number | null; phi: number | null }>`SELECT
    (SELECT min(doc_id) FROM search_doc WHERE doc_id < ${PUBLIC_FROM}) AS lo, (SELECT max(doc_id) FROM search_doc WHERE doc_id < ${PUBLIC_FROM}) AS hi,
    (SELECT min(doc_id) FROM search_doc WHERE doc_id >= ${PUBLIC_FROM}) AS plo, (SELECT max(doc_id) FROM search_doc WHERE doc_id >= ${PUBLIC_FROM}) AS phi`.execute(
    db,
  );
  const x = r.rows[0]!;
  return {
    others: x.lo === null || x.hi === null ? null : { lo: x.lo, hi: x.hi },
    public: x.plo === null || x.phi === null ? null : { lo: x.plo, hi: x.phi },
  };
}

export const sqliteFullText: FullText = {
  documentColumns: (d) => ({ scope: [museumWord(d.museumId), ...d.facets.map(facetWord)].join(' ') }),
  async nextDocId(db, isPublic) {
    const r = await sql<{
      id: number;
    }>`SELECT doc_id AS id FROM search_doc WHERE ${isPublic ? sql`doc_id >= ${PUBLIC_FROM}` : sql`doc_id < ${PUBLIC_FROM}`} ORDER BY doc_id DESC LIMIT 1`.execute(
      db,
    );
    return (r.rows[0]?.id ?? (isPublic ? PUBLIC_FROM - 1 : 0)) + 1;
  },
  indexed: (db, f) => f(db),
  indexRows: (db, objectIds) =>
    inParts(objectIds, (part) =>
      sql`INSERT INTO search_fts(rowid, ${COLUMNS})
    SELECT doc_id, ${COLUMNS} FROM search_doc WHERE object_id IN (${sql.join(part)}) ORDER BY doc_id`.execute(
        db,
      ),
    ),
  // An external-content table is told the words it is to take out.
  unindexRows: (db, objectIds) =>
    inParts(objectIds, (part) =>
      sql`INSERT INTO search_fts(search_fts, rowid, ${COLUMNS})
    SELECT 'delete', doc_id, ${COLUMNS} FROM search_doc WHERE object_id IN (${sql.join(part)}) ORDER BY doc_id`.execute(
        db,
      ),
    ),
  clear: (db) =>
    db.transaction().execute(async (trx) => {
      await sql`DELETE FROM search_doc`.execute(trx);
      await sql`INSERT INTO search_fts(search_fts) VALUES ('delete-all')`.execute(trx);
    }),
  optimize: async (db) => {
    await sql`INSERT INTO search_fts(search_fts) VALUES ('optimize')`.execute(db);
  },
  matching(raw, scored = true) {
    const q = checked(raw);
    return scored
      ? selectWhere(rankedMatch(q, sql`search_fts.rowid`), BM25)
      : select(q, scoped(q, words(q, 3)), sql`0`);
  },
  matchingIds(raw, scored = false) {
    const q = checked(raw);
    if (scored)
      return sql`SELECT rowid AS doc_id, ${BM25} AS score FROM search_fts WHERE ${rankedMatch(q, sql`rowid`)}`;
    return sql`SELECT rowid AS doc_id, 0 AS score FROM search_fts WHERE search_fts MATCH ${scoped(q, words(q, 3))} ${publicRange(q)}`;
  },
  async weigh(db, raw) {
    const q = checked(raw);
    const forms = wholeForms(q).flatMap((f) => f ?? []);
    // One form alone is weighed by itself: nothing to leave out.
    if (forms.length < 2) return q;
    const { others, public: shown } = await ranges(db);
    const docs = size(others) + size(shown);
    return { ...q, frequencies: { docs, of: await documentCounts(db, forms) } };
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
    const r = await sql<{
      n: number;
      last: number | null;
    }>`SELECT count(*) AS n, max(doc_id) AS last FROM (SELECT m.doc_id AS doc_id ${from} ORDER BY m.doc_id LIMIT ${cap}) x`.execute(
      db,
    );
    const { n, last } = r.rows[0] ?? { n: 0, last: null };
    if (n < cap || last === null) return { counted: n, estimate: n };
    const { others, public: shown } = await ranges(db);
    const before = publicOnly || !others ? 0 : size(others);
    const read =
      last >= PUBLIC_FROM && shown ? before + (last - shown.lo + 1) : others ? last - others.lo + 1 : 1;
    const all = (publicOnly ? 0 : size(others)) + size(shown);
    return { counted: n, estimate: Math.max(n, Math.round((n * all) / Math.max(1, read))) };
  },
};
