import { type Kysely, type RawBuilder, sql } from 'kysely';

/** A search as the engines see it: normalised words (each with its stem), all required. */
export interface FullTextQuery {
  terms: { word: string; stem: string | null }[];
  /** The last word is a prefix (type-ahead). */
  prefixLast: boolean;
  museumId: string | null;
  publicOnly: boolean;
  /** Facet values the documents must carry: one of each list ("facet:value"), every list. */
  facets?: readonly (readonly string[])[] | undefined;
  /** How many documents hold each word and stem of the query, and how many there are at most: given by `FullText.weigh`. */
  frequencies?: { docs: number; of: ReadonlyMap<string, number> } | undefined;
}

/**
 * Where a document matches: 1 every word in its head (what the object is called), in its own form
 * or its stem's; 2 every word in its own form somewhere else; 3 the rest (through stems). A search
 * matching a great part of the collection is ordered by tier and then by document, which needs
 * no score of every match.
 */
export type Tier = 1 | 2 | 3;
export const TIERS: readonly Tier[] = [1, 2, 3];

/** What the engines keep of a document besides its row: its words in four fields, its scope and its facet values ("facet:value"). */
export interface IndexedWords {
  head: string;
  headStems: string;
  exact: string;
  stems: string;
  museumId: string;
  isPublic: boolean;
  facets: readonly string[];
}

/**
 * Full-text matching over `search_doc`, the one place the two engines' syntaxes differ. A query
 * word, or its stem, matches a record's words or their stems, either way round (a light stemmer
 * is not idempotent: صفوي is the stem of الصفويون and has a stem of its own). A match in the head
 * weighs most (its own form, then its stem's), then among a record's other words, then among their
 * stems, on both engines (FTS5's bm25 column weights; tsvector weights A, B, C and D). A search's
 * scope (public, one museum) is part of the full-text query itself on both engines.
 * Words reach here normalised, letters and digits only, so quoting them cannot inject syntax.
 */
export interface FullText {
  /** Columns of `search_doc` the engine keeps beside the words (FTS5's scope words, PostgreSQL's tsvector). */
  documentColumns(d: IndexedWords): Record<string, unknown>;
  /** `SELECT object_id, doc_id, score, facets` of the matching documents, a higher score a better match (0 when not `scored`, which is cheaper: counts need no ranking). */
  matching(q: FullTextQuery, scored?: boolean): RawBuilder<unknown>;
  /** `SELECT doc_id, score` of the matching documents alone, without their rows where the engine can: the cheapest way to count or rank them. */
  matchingIds(q: FullTextQuery, scored?: boolean): RawBuilder<unknown>;
  /** The columns of `matching` for the documents of one tier (score 0). */
  tier(q: FullTextQuery, tier: Tier): RawBuilder<unknown>;
  /**
   * Where the engine reads each match's row anyway (PostgreSQL), the columns of `matching` (score 0)
   * and the tier of every match, to order a search by tier in one reading of its matches. One query
   * per tier in document order may instead walk every document in that order, the planner expecting
   * a tier to hold as many as the words do: seconds at a million objects when it holds few.
   */
  tiered?(q: FullTextQuery): RawBuilder<unknown>;
  /** How many rows `from` (a `FROM … WHERE …` over `m`) holds, counting no further than `cap`, and an estimate of all of them (among public documents, or all). */
  count<D>(
    db: Kysely<D>,
    from: RawBuilder<unknown>,
    cap: number,
    publicOnly: boolean,
  ): Promise<{ counted: number; estimate: number }>;
  /**
   * Where the engine reads a match's row to count it, rank it or read its facet values (PostgreSQL's
   * heap, where FTS5 counts and ranks in its index), a search ranked by relevance reads its matches
   * once for all three: this is then the engine's estimate of how many rows `from` holds, to know
   * first whether they are too many to read (see `farBeyond`).
   */
  estimate?<D>(db: Kysely<D>, from: RawBuilder<unknown>): Promise<number>;
  /** The number a new document takes (FTS5 numbers public documents apart), or undefined where the database numbers them. */
  nextDocId<D>(db: Kysely<D>, isPublic: boolean): Promise<number | undefined>;
  /**
   * Where the engine's index is kept apart from the documents' rows (FTS5 over `search_doc`), writes
   * these objects' documents into it as their rows now are, once the rows are inserted or updated…
   */
  indexRows?<D>(db: Kysely<D>, objectIds: readonly string[]): Promise<void>;
  /** …and takes them out of it as their rows still are, before the rows are updated or deleted. */
  unindexRows?<D>(db: Kysely<D>, objectIds: readonly string[]): Promise<void>;
  /**
   * Empties the index at once, before a rebuild. Deleting its documents one by one would have FTS5
   * read each back and take its words out of the index (a tenth of a rebuild's time), and would
   * leave PostgreSQL a dead row and its index entries to clean up for every one.
   */
  clear<D>(db: Kysely<D>): Promise<void>;
  /** Tidies the index after a rebuild: FTS5 merges its segments into one; PostgreSQL gathers the statistics its estimates come from. */
  optimize<D>(db: Kysely<D>): Promise<void>;
  /**
   * Where ranking reads the whole list of every word of the query to weigh it (FTS5's bm25 counts
   * the documents holding each), the query with its words' document counts, so that the ranking may
   * leave out a word too common to weigh anything.
   */
  weigh?<D>(db: Kysely<D>, q: FullTextQuery): Promise<FullTextQuery>;
  /** Runs a search's queries so that the engine uses its full-text index. */
  indexed<T, D>(db: Kysely<D>, f: (db: Kysely<D>) => Promise<T>): Promise<T>;
}

/** An estimate this far beyond the cap of a count is taken as it is: counting even the cap's worth of matches would read them all. */
export const farBeyond = (estimate: number, cap: number) => estimate > cap * 20;

export const SAFE = /^[\p{L}\p{N}]+$/u;
export function checked(q: FullTextQuery): FullTextQuery {
  if (!q.terms.length && !q.facets?.length) throw new Error('a full-text search needs words or facet values');
  for (const t of q.terms)
    if (!SAFE.test(t.word) || (t.stem !== null && !SAFE.test(t.stem)))
      throw new Error('search words must be normalised');
  return q;
}

/** A museum's id as one word (letters and digits) for the engines' scope terms. */
export const museumWord = (id: string) => `m${id.replace(/[^0-9a-f]/gi, '')}`;

/**
 * A facet value ("facet:value") as one word of letters and digits for the engines' scope terms:
 * the facet's name, a 0 (never in a name), and the value's UTF-8 bytes in hex, so that any value
 * is one word and no two values share one. The migration that first wrote them computes the same
 * in SQL (`lower(hex(value))`, `encode(convert_to(value, 'UTF8'), 'hex')`).
 */
export function facetWord(facetValue: string): string {
  const at = facetValue.indexOf(':');
  return `f${facetValue.slice(0, at).toLowerCase()}0${Buffer.from(facetValue.slice(at + 1), 'utf8').toString('hex')}`;
}

/**
 * Whether a word typed could be a museum's or a facet value's word (the forms above), or, as a
 * prefix, the start of one: such a word is matched only where the record's own words are.
 */
export const mayBeScopeWord = (w: string, prefix: boolean) =>
  (prefix ? /^(m[0-9a-f]*|f[a-z]*(0[0-9a-f]*)?)$/ : /^(m[0-9a-f]+|f[a-z]+0[0-9a-f]*)$/).test(w);

/** Documents of one museum, or public ones, or both, without words (browsing by facets). */
export function allDocuments(q: Pick<FullTextQuery, 'museumId' | 'publicOnly'>): RawBuilder<unknown> {
  return sql`SELECT d.object_id AS object_id, d.doc_id AS doc_id, 0 AS score, d.facets AS facets FROM search_doc d
    WHERE 1 = 1 ${q.publicOnly ? sql`AND d.is_public = 1` : sql``} ${q.museumId ? sql`AND d.museum_id = ${q.museumId}` : sql``}`;
}
