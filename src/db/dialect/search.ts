import { type Kysely, sql } from 'kysely';

/** A search as the engines see it: normalised words (each with its stem), all required. */
export interface FullTextQuery {
  terms: { word: string; stem: string | null }[];
  /** The last word is a prefix (type-ahead). */
  prefixLast: boolean;
  museumId: string | null;
  publicOnly: boolean;
  limit: number;
  offset: number;
}

export interface FullTextHit {
  objectId: string;
  score: number;
}

/**
 * Full-text matching over `search_doc`, the one place the two engines' syntaxes differ. Exact
 * forms weigh more than stems on both (FTS5's bm25 column weights; tsvector weights A and B).
 * Words reach here normalised, letters and digits only, so quoting them cannot inject syntax.
 */
export interface FullText {
  /** Columns of `search_doc` the engine keeps beside the words (PostgreSQL's tsvector). */
  documentColumns(exact: string, stems: string): Record<string, unknown>;
  search(db: Kysely<unknown>, q: FullTextQuery): Promise<FullTextHit[]>;
  count(db: Kysely<unknown>, q: FullTextQuery): Promise<number>;
}

const SAFE = /^[\p{L}\p{N}]+$/u;
function checked(q: FullTextQuery): FullTextQuery {
  for (const t of q.terms) if (!SAFE.test(t.word) || (t.stem !== null && !SAFE.test(t.stem))) throw new Error('search words must be normalised');
  return q;
}

function fts5Match(q: FullTextQuery): string {
  return q.terms
    .map((t, i) => (q.prefixLast && i === q.terms.length - 1 ? `(exact : "${t.word}"* OR stems : "${t.word}"*)` : `(exact : "${t.word}" OR stems : "${t.stem ?? t.word}")`))
    .join(' AND ');
}

const sqliteFilters = (q: FullTextQuery) => sql`${q.publicOnly ? sql`AND d.is_public = 1` : sql``} ${q.museumId ? sql`AND d.museum_id = ${q.museumId}` : sql``}`;

export const sqliteFullText: FullText = {
  // The FTS5 table follows search_doc through its triggers.
  documentColumns: () => ({}),
  async search(db, raw) {
    const q = checked(raw);
    const r = await sql<FullTextHit>`SELECT d.object_id AS "objectId", bm25(search_fts, 10.0, 1.0) AS score
      FROM search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid
      WHERE search_fts MATCH ${fts5Match(q)} ${sqliteFilters(q)}
      ORDER BY score, d.object_id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
    // bm25 is lower for better matches; the interface speaks of higher.
    return r.rows.map((h) => ({ objectId: h.objectId, score: -Number(h.score) }));
  },
  async count(db, raw) {
    const q = checked(raw);
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid
      WHERE search_fts MATCH ${fts5Match(q)} ${sqliteFilters(q)}`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  },
};

function tsquery(q: FullTextQuery): string {
  return q.terms
    .map((t, i) => (q.prefixLast && i === q.terms.length - 1 ? `'${t.word}':*` : `('${t.word}':A | '${t.stem ?? t.word}':B)`))
    .join(' & ');
}

const pgFilters = (q: FullTextQuery) => sql`${q.publicOnly ? sql`AND is_public = 1` : sql``} ${q.museumId ? sql`AND museum_id = ${q.museumId}` : sql``}`;

/**
 * A tsvector in its own text form: each word once, with its positions and weight (A for exact
 * forms, B for stems), so ranking can tell them apart and no text-search parser (whose idea of a
 * letter depends on the server's locale) ever sees the Arabic.
 */
function tsvectorLiteral(exact: string, stems: string): string {
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
  return [...positions].map(([w, ps]) => `'${w}':${ps.join(',')}`).join(' ');
}

export const postgresFullText: FullText = {
  documentColumns: (exact, stems) => ({ tsv: sql`CAST(${tsvectorLiteral(exact, stems)} AS tsvector)` }),
  async search(db, raw) {
    const q = checked(raw);
    const r = await sql<FullTextHit>`SELECT object_id AS "objectId", ts_rank(tsv, query) AS score
      FROM search_doc, CAST(${tsquery(q)} AS tsquery) AS query
      WHERE tsv @@ query ${pgFilters(q)}
      ORDER BY score DESC, object_id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
    return r.rows.map((h) => ({ objectId: h.objectId, score: Number(h.score) }));
  },
  async count(db, raw) {
    const q = checked(raw);
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM search_doc, CAST(${tsquery(q)} AS tsquery) AS query WHERE tsv @@ query ${pgFilters(q)}`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  },
};
