import { type Kysely, type RawBuilder, sql } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import { nowIso } from '../../db/ids.js';
import type { Dialect } from '../../db/dialect/dialect.js';
import { allDocuments, farBeyond, type FullTextQuery, type Tier, TIERS } from '../../db/dialect/search.js';
import type { DB } from '../../db/schema.js';
import { reusable } from '../../db/reusable.js';
import type { Facet, SearchDocument } from './search.document.js';

export const SEARCH_SORTS = ['relevance', 'date', 'accession', 'updated'] as const;

/** What narrows a search beyond its words: facet values (any of each, all facets), storage locations (with what is below them), a span of Gregorian years. */
export interface SearchFilters {
  facets: Partial<Record<Exclude<Facet, 'location'>, string[]>>;
  locations?: string[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

export interface SearchPlan {
  text: FullTextQuery;
  filters: SearchFilters;
  sort: (typeof SEARCH_SORTS)[number];
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** Start after the result with these sort values (a cursor), instead of at `offset`. */
  after?: { keys: (string | number)[]; id: string } | undefined;
}

/** The expressions a search is ordered by (before the object id, which breaks ties). */
function sortKeys(p: Pick<SearchPlan, 'sort' | 'order'>): { expr: RawBuilder<unknown>; desc: boolean }[] {
  const desc = p.order === 'desc';
  switch (p.sort) {
    case 'relevance':
      return [
        { expr: sql`m.score`, desc: true },
        { expr: sql`m.doc_id`, desc: false },
      ];
    case 'date':
      // Undated objects last, whichever the direction.
      return [
        { expr: sql`CASE WHEN o.date_earliest IS NULL THEN 1 ELSE 0 END`, desc: false },
        { expr: sql`COALESCE(o.date_earliest, 0)`, desc },
      ];
    case 'accession':
      return [{ expr: sql`o.accession_sort`, desc }];
    case 'updated':
      return [{ expr: sql`o.updated_at`, desc }];
  }
}

/** Rows after (k1, k2, …, id) in that order: (k1 after v1) or (k1 = v1 and k2 after v2) … or (all equal and id after). */
function keyset(
  keys: { expr: RawBuilder<unknown>; desc: boolean }[],
  after: { keys: (string | number)[]; id: string },
  tieByObject = true,
): RawBuilder<unknown> {
  const clauses: RawBuilder<unknown>[] = [];
  for (let i = 0; i <= keys.length - (tieByObject ? 0 : 1); i++) {
    const equal = keys.slice(0, i).map((k, j) => sql`${k.expr} = ${after.keys[j]}`);
    const next =
      i < keys.length
        ? sql`${keys[i]!.expr} ${keys[i]!.desc ? sql`<` : sql`>`} ${after.keys[i]}`
        : sql`m.object_id > ${after.id}`;
    clauses.push(sql`(${sql.join([...equal, next], sql` AND `)})`);
  }
  return sql.join(clauses, sql` OR `);
}

/**
 * Each document's facet values, from their JSON arrays joined by commas in one string (`string_agg`):
 * one value read and parsed for a sample of a thousand documents, where a row each cost the search
 * page a tenth of its time in the driver.
 */
const facetLists = (joined: string | null | undefined): string[][] =>
  joined ? (JSON.parse(`[${joined}]`) as string[][]) : [];

/** A result with the values it was sorted by (before its id). */
type Hit = { objectId: string; keys: (string | number)[] };
/** Matches counted no further than a cap, and an estimate of all of them. */
type Counted = { counted: number; estimate: number };

/** Asked on every visit to a public object page. */
const STAMP = reusable(
  (db: Kysely<DB>, objectId: string) =>
    db.selectFrom('search_doc').select(['updated_at', 'is_public']).where('object_id', '=', objectId),
  { keyed: true },
);

/** Whether anything beyond words and facet values (which the full-text index matches) narrows a search: then every match is read with its object or its locations. */
const filtered = (f: SearchFilters) =>
  Boolean(f.locations?.length) || f.from !== undefined || f.to !== undefined;

/** A document's facet values as its row keeps them, and as the engines index them ("facet:value"). */
const facetValues = (d: SearchDocument) => d.facets.map((f) => `${f.facet}:${f.value}`);

/** The search's words with its facet filters, which the engines match with the words. */
function withFacets(text: FullTextQuery, filters: SearchFilters): FullTextQuery {
  const facets = Object.entries(filters.facets).flatMap(([facet, values]) =>
    values?.length ? [values.map((v) => `${facet}:${v}`)] : [],
  );
  return facets.length ? { ...text, facets } : text;
}

/** The search index: one document and its facet values per object, written in the transaction that changes the object. */
export class SearchRepository {
  constructor(private readonly dialect: Dialect) {}

  async upsert(db: Kysely<DB>, d: SearchDocument): Promise<void> {
    const before = await db
      .selectFrom('search_doc')
      .select(['doc_id', 'is_public'])
      .where('object_id', '=', d.objectId)
      .executeTakeFirst();
    await this.notePublicity(db, d.objectId, d.museumId, d.isPublic, Boolean(before?.is_public));
    const facets = facetValues(d);
    const fields = {
      museum_id: d.museumId,
      is_public: d.isPublic ? 1 : 0,
      head: d.head,
      head_stems: d.headStems,
      exact: d.exact,
      stems: d.stems,
      facets: JSON.stringify(facets),
      updated_at: nowIso(),
      ...this.dialect.fullText.documentColumns({ ...d, facets }),
    };
    // The engine's own columns (a tsvector) are not in the shared table type, hence the casts.
    const ft = this.dialect.fullText;
    if (before) await ft.unindexRows?.(db, [d.objectId]);
    if (before && Boolean(before.is_public) === d.isPublic) {
      await db
        .updateTable('search_doc')
        .set(fields as never)
        .where('doc_id', '=', before.doc_id)
        .execute();
    } else {
      // A document that becomes public, or stops being so, takes a number in its new range where the engine numbers them apart.
      if (before) await db.deleteFrom('search_doc').where('doc_id', '=', before.doc_id).execute();
      const docId = await ft.nextDocId(db, d.isPublic);
      await db
        .insertInto('search_doc')
        .values({
          ...(docId === undefined ? {} : { doc_id: docId }),
          object_id: d.objectId,
          ...fields,
        } as never)
        .execute();
    }
    await ft.indexRows?.(db, [d.objectId]);
    const terms = [...new Set(`${d.head} ${d.exact}`.split(' '))].filter(
      (w) => w.length >= 3 && w.length <= 40,
    );
    if (terms.length)
      await db
        .insertInto('search_term')
        .values(terms.map((term) => ({ term })))
        .onConflict((oc) => oc.column('term').doNothing())
        .execute();
  }

  /** Writes the documents of objects the index does not hold yet (new records, a rebuild's page): a few multi-row inserts per batch. */
  async insertMany(db: Kysely<DB>, docs: readonly SearchDocument[]): Promise<void> {
    const at = nowIso();
    const next = {
      public: await this.dialect.fullText.nextDocId(db, true),
      other: await this.dialect.fullText.nextDocId(db, false),
    };
    const number = (isPublic: boolean) => {
      const key = isPublic ? 'public' : 'other';
      const id = next[key];
      if (id !== undefined) next[key] = id + 1;
      return id === undefined ? {} : { doc_id: id };
    };
    // Assigned rather than spread, as in ObjectService.build.
    const rows = docs.map((d) => {
      const facets = facetValues(d);
      return Object.assign(
        number(d.isPublic),
        {
          object_id: d.objectId,
          museum_id: d.museumId,
          is_public: d.isPublic ? 1 : 0,
          head: d.head,
          head_stems: d.headStems,
          exact: d.exact,
          stems: d.stems,
          facets: JSON.stringify(facets),
          updated_at: at,
        },
        this.dialect.fullText.documentColumns({ ...d, facets }),
      );
    });
    await insertRows(db, rows, 100, (part) => db.insertInto('search_doc').values(part as never));
    await this.dialect.fullText.indexRows?.(
      db,
      docs.map((d) => d.objectId),
    );
    const terms = [...new Set(docs.flatMap((d) => `${d.head} ${d.exact}`.split(' ')))]
      .filter((w) => w.length >= 3 && w.length <= 40)
      .map((term) => ({ term }));
    await insertRows(db, terms, 500, (part) =>
      db
        .insertInto('search_term')
        .values(part)
        .onConflict((oc) => oc.column('term').doNothing()),
    );
  }

  /** Takes out the documents of objects that no longer exist (a rebuild's last step); how many there were. */
  async removeOrphans(db: Kysely<DB>): Promise<number> {
    const orphans = await db
      .selectFrom('search_doc')
      .select('object_id')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('object').select('object.id').whereRef('object.id', '=', 'search_doc.object_id')),
        ),
      )
      .execute();
    for (let i = 0; i < orphans.length; i += 1000)
      await this.removeMany(
        db,
        orphans.slice(i, i + 1000).map((r) => r.object_id),
      );
    return orphans.length;
  }

  /**
   * These objects' documents out of the index and the table, whatever their publicity was (none is
   * noted as withdrawn): a rebuild's page, before it writes them again in the same transaction.
   */
  async removeMany(db: Kysely<DB>, objectIds: readonly string[]): Promise<void> {
    if (!objectIds.length) return;
    await this.dialect.fullText.unindexRows?.(db, objectIds);
    await db.deleteFrom('search_doc').where('object_id', 'in', objectIds).execute();
  }

  async remove(db: Kysely<DB>, objectId: string): Promise<void> {
    const before = await db
      .selectFrom('search_doc')
      .select(['museum_id', 'is_public'])
      .where('object_id', '=', objectId)
      .executeTakeFirst();
    if (before) await this.notePublicity(db, objectId, before.museum_id, false, Boolean(before.is_public));
    if (before) await this.dialect.fullText.unindexRows?.(db, [objectId]);
    await db.deleteFrom('search_doc').where('object_id', '=', objectId).execute();
  }

  /**
   * The index knows what was public: an object that leaves the public side is noted as withdrawn
   * (its address then answers 410), and forgotten as such when it returns.
   */
  private async notePublicity(
    db: Kysely<DB>,
    objectId: string,
    museumId: string,
    isPublic: boolean,
    wasPublic: boolean,
  ): Promise<void> {
    if (isPublic) {
      await db.deleteFrom('object_withdrawn').where('object_id', '=', objectId).execute();
      return;
    }
    if (wasPublic) {
      await db
        .insertInto('object_withdrawn')
        .values({ object_id: objectId, museum_id: museumId, withdrawn_at: nowIso() })
        .onConflict((oc) => oc.column('object_id').doUpdateSet({ withdrawn_at: nowIso() }))
        .execute();
    }
  }

  /** When the object's document was last written, and whether it is public: it changes with anything its public page shows of it. */
  async stamp(db: Kysely<DB>, objectId: string): Promise<string | null> {
    const r = await STAMP.first(db, objectId);
    return r ? `${r.updated_at}|${r.is_public}` : null;
  }

  /** Whether an object of this museum was public and is no longer. */
  async wasWithdrawn(db: Kysely<DB>, museumId: string, objectId: string): Promise<boolean> {
    return Boolean(
      await db
        .selectFrom('object_withdrawn')
        .select('object_id')
        .where('object_id', '=', objectId)
        .where('museum_id', '=', museumId)
        .executeTakeFirst(),
    );
  }

  async clear(db: Kysely<DB>): Promise<void> {
    await this.dialect.fullText.clear(db);
  }

  /**
   * The matching objects with their filters applied, as `FROM … WHERE …` over `m` (and `o`, the
   * object, joined only when an order or a span of years needs it). Ranking is computed only
   * when the order needs it.
   */
  private matched(
    p: Pick<SearchPlan, 'text' | 'filters'> & {
      sort?: SearchPlan['sort'];
      tier?: Tier;
      tiered?: boolean;
      idsOnly?: boolean;
    },
  ): RawBuilder<unknown> {
    const scored = p.sort === 'relevance';
    const ft = this.dialect.fullText;
    const text = withFacets(p.text, p.filters);
    const m =
      !text.terms.length && !text.facets
        ? allDocuments(text)
        : p.tiered && ft.tiered
          ? ft.tiered(text)
          : p.tier
            ? ft.tier(text, p.tier)
            : p.idsOnly
              ? ft.matchingIds(text)
              : ft.matching(text, scored);
    const joinObject =
      (p.sort !== undefined && p.sort !== 'relevance') ||
      p.filters.from !== undefined ||
      p.filters.to !== undefined;
    // Locations are of the searcher's own museum (staff search within one), each with its subtree.
    const locations =
      p.filters.locations?.length && p.text.museumId
        ? sql`AND m.object_id IN (SELECT ol.object_id FROM object_location ol JOIN location l ON l.id = ol.location_id JOIN location top ON top.museum_id = l.museum_id
          AND substr(l.path, 1, length(top.path)) = top.path WHERE top.museum_id = ${p.text.museumId} AND top.id IN (${sql.join(p.filters.locations)}))`
        : p.filters.locations?.length
          ? sql`AND 1 = 0`
          : sql``;
    return sql`FROM (${m}) m ${joinObject ? sql`JOIN object o ON o.id = m.object_id` : sql``} WHERE 1 = 1 ${locations}
      ${p.filters.from !== undefined ? sql`AND o.date_latest >= ${p.filters.from}` : sql``}
      ${p.filters.to !== undefined ? sql`AND o.date_earliest <= ${p.filters.to}` : sql``}`;
  }

  /**
   * A page of results in the order asked, each with the values it was sorted by, so the next page
   * can start after it (a cursor) however deep the reader goes.
   */
  async search(db: Kysely<DB>, plan: SearchPlan): Promise<Hit[]> {
    const ft = this.dialect.fullText;
    const p =
      plan.sort === 'relevance' && plan.text.terms.length && ft.weigh
        ? { ...plan, text: await ft.weigh(db, plan.text) }
        : plan;
    const keys = sortKeys(p);
    if (p.sort === 'relevance' && p.text.terms.length && !filtered(p.filters))
      return this.ranked(db, p, keys);
    const after = p.after ? sql`AND (${keyset(keys, p.after)})` : sql``;
    const r = await sql<
      Record<string, string | number>
    >`SELECT m.object_id AS "objectId", ${sql.join(keys.map((k, i) => sql`${k.expr} AS ${sql.raw(`k${i}`)}`))} ${this.matched(p)} ${after}
      ORDER BY ${sql.join(keys.map((k) => sql`${k.expr} ${k.desc ? sql`DESC` : sql`ASC`}`))}, m.object_id LIMIT ${p.limit} OFFSET ${p.after ? 0 : p.offset}`.execute(
      db,
    );
    return r.rows.map((h) => ({
      objectId: String(h.objectId),
      keys: keys.map((_, i) => (typeof h[`k${i}`] === 'number' ? h[`k${i}`]! : String(h[`k${i}`] ?? ''))),
    }));
  }

  /**
   * A page by score when nothing but words and facet values narrows the search: ranked inside the full-text index,
   * and only the page's documents read (a join per match costs more than the ranking).
   */
  private async ranked(db: Kysely<DB>, p: SearchPlan, keys: ReturnType<typeof sortKeys>) {
    const after = p.after ? sql`AND (${keyset(keys, p.after, false)})` : sql``;
    const r = await sql<{
      objectId: string;
      k0: number;
      k1: number;
    }>`SELECT d.object_id AS "objectId", r.score AS k0, r.doc_id AS k1 FROM (
        SELECT m.doc_id AS doc_id, m.score AS score FROM (${this.dialect.fullText.matchingIds(withFacets(p.text, p.filters), true)}) m WHERE 1 = 1 ${after}
        ORDER BY m.score DESC, m.doc_id LIMIT ${p.limit} OFFSET ${p.after ? 0 : p.offset}) r
      JOIN search_doc d ON d.doc_id = r.doc_id ORDER BY r.score DESC, r.doc_id`.execute(db);
    return r.rows.map((h) => ({ objectId: h.objectId, keys: [Number(h.k0), Number(h.k1)] }));
  }

  /**
   * A search ordered by relevance, narrowed by nothing but words and facet values, on an engine that
   * reads a match's row to count, rank or tally it (see `FullText.estimate`): its matches read once,
   * at most `cap` of them, for their number, the facet values of the first `sample` (none when null),
   * and the page when the engine expects fewer than `cap` (ranking more would be wasted: the search
   * then goes by tier) and there are. Only the count when the engine's estimate is far beyond the
   * cap; undefined where this does not apply (another order or filter, FTS5).
   */
  async readOnce(
    db: Kysely<DB>,
    p: SearchPlan,
    cap: number,
    sample: number | null,
  ): Promise<{ count: Counted; page?: Hit[]; facets?: string[][] } | undefined> {
    const ft = this.dialect.fullText;
    if (!ft.estimate || p.sort !== 'relevance' || !p.text.terms.length || filtered(p.filters))
      return undefined;
    const text = withFacets(p.text, p.filters);
    const planned = await ft.estimate(db, sql`FROM (${ft.matchingIds(text)}) m`);
    if (farBeyond(planned, cap)) return { count: { counted: cap, estimate: planned } };
    const ranked = planned < cap;
    const after = p.after ? sql`AND (${keyset(sortKeys(p), p.after, false)})` : sql``;
    // Typed nulls: each part of the union has the columns of the others.
    const r = await sql<{
      part: number;
      object_id: string | null;
      score: number | string | null;
      doc_id: number | string | null;
      facets: string | null;
    }>`
      WITH m AS MATERIALIZED (SELECT m.object_id AS object_id, m.doc_id AS doc_id, m.score AS score, m.facets AS facets FROM (${ft.matching(text, ranked)}) m LIMIT ${cap}),
        n AS (SELECT count(*) AS n FROM m)
      SELECT 0 AS part, CAST(NULL AS text) AS object_id, CAST(n AS double precision) AS score, CAST(NULL AS bigint) AS doc_id, CAST(NULL AS text) AS facets FROM n
      ${
        ranked
          ? sql`UNION ALL SELECT * FROM (SELECT 1, m.object_id, m.score, m.doc_id, CAST(NULL AS text) FROM m WHERE (SELECT n FROM n) < ${cap} ${after}
        ORDER BY m.score DESC, m.doc_id LIMIT ${p.limit} OFFSET ${p.after ? 0 : p.offset}) page`
          : sql``
      }
      ${sample ? sql`UNION ALL SELECT 2, CAST(NULL AS text), CAST(NULL AS double precision), CAST(NULL AS bigint), string_agg(s.facets, ',') FROM (SELECT m.facets FROM m LIMIT ${sample}) s` : sql``}`.execute(
      db,
    );
    const n = Number(r.rows.find((x) => Number(x.part) === 0)?.score ?? 0);
    const count = { counted: n, estimate: n < cap ? n : Math.max(n, planned) };
    const facets = sample ? facetLists(r.rows.find((x) => Number(x.part) === 2)?.facets) : undefined;
    const page =
      ranked && n < cap
        ? r.rows
            .filter((x) => Number(x.part) === 1)
            .map((x) => ({ objectId: String(x.object_id), keys: [Number(x.score), Number(x.doc_id)] }))
            .sort((a, b) => b.keys[0]! - a.keys[0]! || a.keys[1]! - b.keys[1]!)
        : undefined;
    return { count, ...(page ? { page } : {}), ...(facets ? { facets } : {}) };
  }

  /**
   * A page in the order of tiers (the words in the head, among the record's words, in its stems)
   * and within each in the order documents were written: the order of a search matching so much
   * of the collection that scoring every match would keep the reader waiting. Every step reads
   * only as many matches as the page needs. Given `readUpTo`, where the engine can tell each
   * match's tier (`FullText.tiered`), every match is read once for its tier instead, if there are
   * no more than that many.
   */
  async searchByTier(db: Kysely<DB>, p: SearchPlan, readUpTo?: number): Promise<Hit[]> {
    if (readUpTo !== undefined && this.dialect.fullText.tiered) {
      const read = await this.searchTiered(db, p, readUpTo);
      if (read) return read;
    }
    const out: Hit[] = [];
    const first = p.after ? (Number(p.after.keys[0]) as Tier) : 1;
    let skip = p.after ? 0 : p.offset;
    for (const tier of TIERS.filter((t) => t >= first)) {
      const need = p.limit - out.length;
      if (need <= 0) break;
      const after = p.after && tier === first ? sql`AND m.doc_id > ${Number(p.after.keys[1])}` : sql``;
      const from = this.matched({ ...p, tier });
      const r = await sql<{
        objectId: string;
        doc: number;
      }>`SELECT m.object_id AS "objectId", m.doc_id AS doc ${from} ${after} ORDER BY m.doc_id LIMIT ${need} OFFSET ${skip}`.execute(
        db,
      );
      if (skip > 0 && !r.rows.length) {
        // The offset passes over this whole tier: what is left of it falls on the next.
        skip -= (await this.countUpTo(db, { ...p, tier }, skip)).counted;
        continue;
      }
      skip = 0;
      out.push(...r.rows.map((x) => ({ objectId: x.objectId, keys: [tier, Number(x.doc)] })));
    }
    return out;
  }

  /** A page by tier from one reading of every match with its tier; undefined when there are more than `readUpTo`. */
  private async searchTiered(db: Kysely<DB>, p: SearchPlan, readUpTo: number): Promise<Hit[] | undefined> {
    const after = p.after
      ? sql`AND (${keyset(
          [
            { expr: sql`m.tier`, desc: false },
            { expr: sql`m.doc_id`, desc: false },
          ],
          { ...p.after, keys: p.after.keys.map(Number) },
          false,
        )})`
      : sql``;
    // The count's row always, the page's beside it (none when the page is empty).
    const r = await sql<{
      n: number;
      objectId: string | null;
      tier: number | null;
      doc: number | string | null;
    }>`
      WITH m AS MATERIALIZED (SELECT m.object_id AS object_id, m.doc_id AS doc_id, m.tier AS tier ${this.matched({ ...p, tiered: true })} LIMIT ${readUpTo + 1}),
        n AS (SELECT count(*) AS n FROM m)
      SELECT n.n AS n, pg.object_id AS "objectId", pg.tier AS tier, pg.doc_id AS doc FROM n LEFT JOIN (SELECT m.object_id, m.tier, m.doc_id FROM m WHERE 1 = 1 ${after}
        ORDER BY m.tier, m.doc_id LIMIT ${p.limit} OFFSET ${p.after ? 0 : p.offset}) pg ON 1 = 1 ORDER BY pg.tier, pg.doc_id`.execute(
      db,
    );
    if (Number(r.rows[0]?.n ?? 0) > readUpTo) return undefined;
    return r.rows.flatMap((x) =>
      x.objectId === null ? [] : [{ objectId: x.objectId, keys: [Number(x.tier), Number(x.doc)] }],
    );
  }

  async count(db: Kysely<DB>, p: Pick<SearchPlan, 'text' | 'filters'>): Promise<number> {
    const r = await sql<{
      n: string | number;
    }>`SELECT count(*) AS n ${this.matched({ text: p.text, filters: p.filters })}`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** How many objects match, counting no further than `cap`, with an estimate of all when there are more. */
  async countUpTo(
    db: Kysely<DB>,
    p: Pick<SearchPlan, 'text' | 'filters'> & { tier?: Tier },
    cap: number,
  ): Promise<Counted> {
    // Without filters on the object, the full-text index alone counts.
    const from = this.matched({
      text: p.text,
      filters: p.filters,
      ...(p.tier ? { tier: p.tier } : {}),
      idsOnly: !filtered(p.filters) && !p.tier,
    });
    return this.dialect.fullText.count(db, from, cap, p.text.publicOnly);
  }

  /**
   * How many matching objects carry each value of the given facets: read from the documents
   * themselves, no join; from the first `sample` matches only when given.
   */
  async facetCounts(
    db: Kysely<DB>,
    p: Pick<SearchPlan, 'text' | 'filters'>,
    facets: readonly Facet[],
    sample?: number,
    read?: string[][],
  ): Promise<{ facet: Facet; value: string; count: number }[]> {
    // A sample is the first matches the engine reads, in the order documents were written (FTS5's
    // order) or stored (PostgreSQL's heap): never an order of what they say. `read`: the matches'
    // facet values where they were read already (`readOnce`).
    const hits =
      read ??
      facetLists(
        (
          await sql<{
            facets: string | null;
          }>`SELECT string_agg(m.facets, ',') AS facets FROM (SELECT m.facets AS facets ${this.matched({ text: p.text, filters: p.filters })} ${sample ? sql`LIMIT ${sample}` : sql``}) m`.execute(
            db,
          )
        ).rows[0]?.facets,
      );
    // Counted here: a few values for each of at most a sample's documents, where a GROUP BY over
    // the engine's JSON functions sorted them all (on SQLite, twice the time of reading them; on PostgreSQL, four times).
    const tally = new Map<string, number>();
    for (const h of hits) for (const fv of h) tally.set(fv, (tally.get(fv) ?? 0) + 1);
    const wanted = new Set<string>(facets);
    const counts = [...tally].flatMap(([fv, n]) => {
      const at = fv.indexOf(':');
      const facet = fv.slice(0, at);
      return wanted.has(facet) ? [{ facet: facet as Facet, value: fv.slice(at + 1), count: n }] : [];
    });
    if (wanted.has('location') && p.text.museumId) {
      const here = await sql<{
        id: string;
        n: string | number;
      }>`SELECT ol.location_id AS id, count(*) AS n FROM object_location ol
        WHERE ol.object_id IN (SELECT m.object_id ${this.matched({ text: p.text, filters: p.filters })} ${sample ? sql`LIMIT ${sample}` : sql``}) GROUP BY ol.location_id`.execute(
        db,
      );
      counts.push(...here.rows.map((x) => ({ facet: 'location' as const, value: x.id, count: Number(x.n) })));
    }
    return counts;
  }

  async hasTerm(db: Kysely<DB>, term: string): Promise<boolean> {
    return Boolean(
      await db.selectFrom('search_term').select('term').where('term', '=', term).executeTakeFirst(),
    );
  }

  /** Indexed words beginning with `first`, to look for the one a mistyped word meant. */
  async termsStartingWith(db: Kysely<DB>, first: string, limit: number): Promise<string[]> {
    // `first` is one normalised letter or digit, never a LIKE wildcard.
    const rows = await db
      .selectFrom('search_term')
      .select('term')
      .where('term', 'like', `${first}%`)
      .limit(limit)
      .execute();
    return rows.map((r) => r.term);
  }

  /** Every document, to compare a rebuilt index with one kept up as records changed. */
  async all(db: Kysely<DB>) {
    const docs = await db
      .selectFrom('search_doc')
      .select(['object_id', 'museum_id', 'is_public', 'head', 'head_stems', 'exact', 'stems', 'facets'])
      .orderBy('object_id')
      .execute();
    return docs.map((d) => ({ ...d, facets: (JSON.parse(d.facets) as string[]).sort() }));
  }
}
