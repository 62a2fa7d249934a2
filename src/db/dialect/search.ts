import { type Kysely, type RawBuilder, sql } from 'kysely';

/** A search as the engines see it: normalised words (each with its stem), all required. */
export interface FullTextQuery {
  terms: { word: string; stem: string | null }[];
  /** The last word is a prefix (type-ahead). */
  prefixLast: boolean;
  museumId: string | null;
  publicOnly: boolean;
}

/**
 * Full-text matching over `search_doc`, the one place the two engines' syntaxes differ. A query
 * word, or its stem, matches a record's words or their stems, either way round (a light stemmer
 * is not idempotent: صفوي is the stem of الصفويون and has a stem of its own). A match among a
 * record's own words weighs more than one among its stems on both engines (FTS5's bm25 column
 * weights; tsvector weights A and B).
 * Words reach here normalised, letters and digits only, so quoting them cannot inject syntax.
 */
export interface FullText {
  /** Columns of `search_doc` the engine keeps beside the words (PostgreSQL's tsvector). */
  documentColumns(d: { exact: string; stems: string; museumId: string; isPublic: boolean }): Record<string, unknown>;
  /** `SELECT object_id, score` of the matching documents, a higher score a better match (0 when not `scored`, which is cheaper: counts need no ranking). */
  matching(q: FullTextQuery, scored?: boolean): RawBuilder<unknown>;
  /** `SELECT fv, n`: how many of the rows of `hits` (with their `facets`, a JSON array of "facet:value") carry each value. */
  facetCounts(hits: RawBuilder<unknown>): RawBuilder<unknown>;
  /** Runs a search's queries so that the engine uses its full-text index. */
  indexed<T, D>(db: Kysely<D>, f: (db: Kysely<D>) => Promise<T>): Promise<T>;
}

const SAFE = /^[\p{L}\p{N}]+$/u;
function checked(q: FullTextQuery): FullTextQuery {
  if (!q.terms.length) throw new Error('a full-text search needs words');
  for (const t of q.terms) if (!SAFE.test(t.word) || (t.stem !== null && !SAFE.test(t.stem))) throw new Error('search words must be normalised');
  return q;
}

/** Documents of one museum, or public ones, or both, without words (browsing by facets). */
export function allDocuments(q: Pick<FullTextQuery, 'museumId' | 'publicOnly'>): RawBuilder<unknown> {
  return sql`SELECT d.object_id AS object_id, 0 AS score, d.facets AS facets FROM search_doc d WHERE 1 = 1 ${scope(q)}`;
}

const scope = (q: Pick<FullTextQuery, 'museumId' | 'publicOnly'>) =>
  sql`${q.publicOnly ? sql`AND d.is_public = 1` : sql``} ${q.museumId ? sql`AND d.museum_id = ${q.museumId}` : sql``}`;

function fts5Match(q: FullTextQuery): string {
  return q.terms
    .map((t, i) => (q.prefixLast && i === q.terms.length - 1 ? `(exact : "${t.word}"* OR stems : "${t.word}"*)` : `({exact stems} : ("${t.word}"${t.stem ? ` OR "${t.stem}"` : ''}))`))
    .join(' AND ');
}

export const sqliteFullText: FullText = {
  // The FTS5 table follows search_doc through its triggers.
  documentColumns: () => ({}),
  indexed: (db, f) => f(db),
  facetCounts: (hits) => sql`SELECT j.value AS fv, count(*) AS n FROM (${hits}) h, json_each(h.facets) j GROUP BY j.value`,
  matching(raw, scored = true) {
    const q = checked(raw);
    // bm25 is lower for better matches; negated so that higher is better on both engines.
    return sql`SELECT d.object_id AS object_id, ${scored ? sql`-bm25(search_fts, 10.0, 1.0)` : sql`0`} AS score, d.facets AS facets
      FROM search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid
      WHERE search_fts MATCH ${fts5Match(q)} ${scope(q)}`;
  },
};

/**
 * A tsvector in its own text form: each word once, with its positions and weight (A for exact
 * forms, B for stems), so ranking can tell them apart and no text-search parser (whose idea of a
 * letter depends on the server's locale) ever sees the Arabic.
 */
function tsvectorLiteral(exact: string, stems: string, scope: string[]): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const add = (w: string, weight: 'A' | 'B') => {
    if (!SAFE.test(w)) return;
    pos = Math.min(pos + 1, 16_383);
    const list = positions.get(w) ?? [];
    if (list.length < 256) list.push(`${pos}${weight}`);
    positions.set(w, list);
  };
  for (const w of exact.split(' ')) add(w, 'A');
  for (const w of stems.split(' ')) add(w, 'B');
  return [...[...positions].map(([w, ps]) => `'${w}':${ps.join(',')}`), ...scope.map((s) => `'${s}'`)].join(' ');
}

/**
 * The museum and the public flag of a document as lexemes of its tsvector (no word can take their
 * form: words are letters and digits only), so that a search's scope is part of its tsquery and the
 * GIN index answers it whole; a scope as a separate condition lets the planner prefer a B-tree.
 */
const scopeLexemes = (museumId: string, isPublic: boolean) => [`_m_${museumId.replaceAll('-', '')}`, ...(isPublic ? ['_public'] : [])];
const scopeQuery = (q: Pick<FullTextQuery, 'museumId' | 'publicOnly'>) =>
  [...(q.publicOnly ? [`'_public'`] : []), ...(q.museumId ? [`'_m_${q.museumId.replace(/[^0-9a-f]/gi, '')}'`] : [])];

function tsquery(q: FullTextQuery): string {
  return [
    ...q.terms.map((t, i) => (q.prefixLast && i === q.terms.length - 1 ? `'${t.word}':*` : `('${t.word}'${t.stem ? ` | '${t.stem}'` : ''})`)),
    ...scopeQuery(q),
  ].join(' & ');
}

export const postgresFullText: FullText = {
  facetCounts: (hits) => sql`SELECT fv, count(*) AS n FROM (${hits}) h, jsonb_array_elements_text(CAST(h.facets AS jsonb)) AS fv GROUP BY fv`,
  documentColumns: (d) => ({ tsv: sql`CAST(${tsvectorLiteral(d.exact, d.stems, scopeLexemes(d.museumId, d.isPublic))} AS tsvector)` }),
  // The planner prices a sequential scan without the cost of detoasting every tsvector, and takes
  // it over the GIN index for common words: 33 ms instead of 2.5 ms at 10,000 objects. Within the
  // search's own transaction it is told not to.
  indexed: (db, f) => db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    return f(trx);
  }),
  matching(raw, scored = true) {
    const q = checked(raw);
    // float8, so a score read back into a cursor compares equal to itself.
    return sql`SELECT d.object_id AS object_id, ${scored ? sql`CAST(ts_rank(d.tsv, query) AS double precision)` : sql`0`} AS score, d.facets AS facets
      FROM search_doc d, CAST(${tsquery(q)} AS tsquery) AS query
      WHERE d.tsv @@ query`;
  },
};
