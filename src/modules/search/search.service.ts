import { invalidInput } from '../../errors.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import { hijriToGregorian } from '../dates/calendar.js';
import type { LocationRepository } from '../locations/location.repository.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import { highlight } from './highlight.js';
import { closest } from './spelling.js';
import { stem, words } from './normalize.js';
import { type Facet, PUBLIC_FACETS, STAFF_FACETS } from './search.document.js';
import type { SearchFilters, SearchRepository } from './search.repository.js';
import { searchHit, type SearchInput, searchInput, type SearchOutput } from './search.schemas.js';

/** A cursor: the order it belongs to and the sort values and id of the last result shown, as opaque text. */
function writeCursor(order: string, keys: (string | number)[], id: string): string {
  return Buffer.from(JSON.stringify({ o: order, k: keys, id })).toString('base64url');
}

/** A cursor's content, or null when it is not a cursor at all. */
function parseCursor(cursor: string): { o?: unknown; k?: unknown; id?: unknown } | null {
  try {
    const c: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof c === 'object' && c !== null ? c : null;
  } catch {
    return null;
  }
}

function readCursor(cursor: string, order: string): { keys: (string | number)[]; id: string } {
  const c = parseCursor(cursor);
  const ok =
    c !== null &&
    c.o === order &&
    typeof c.id === 'string' &&
    Array.isArray(c.k) &&
    c.k.every((x) => typeof x === 'string' || typeof x === 'number');
  if (!ok)
    throw invalidInput([
      {
        path: 'cursor',
        code: 'invalid',
        message: 'This cursor is not one of this search’s; start again from the first page',
      },
    ]);
  return { keys: c.k as (string | number)[], id: c.id as string };
}

/** Words of a query beyond this many are not searched (a pasted paragraph still answers). */
const MAX_WORDS = 12;
/** Values shown per facet, the most frequent first. */
const FACET_VALUES = 20;
const AUTHORITY_FACETS: readonly Exclude<Facet, 'location'>[] = [
  'objectName',
  'maker',
  'place',
  'culture',
  'dynasty',
  'period',
  'material',
  'technique',
  'collection',
];

/**
 * One search for staff and public: the same normalisation, the same index. Staff search their
 * museum's records whatever their visibility; the public searches public records of every museum.
 * Either way only public fields were ever indexed, and the public never sees a staff facet.
 */
export class SearchService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly index: SearchRepository,
    private readonly objects: ObjectRepository,
    private readonly museums: MuseumRepository,
    private readonly authorities: AuthorityRepository,
    private readonly locations: LocationRepository,
    private readonly media: MediaRepository,
    /**
     * Up to this many matches a search is counted, ranked and its facets counted exactly. Beyond,
     * the total is an estimate, facets are counted on a sample of the matches and scaled,
     * and results in relevance order come by tier (see `Tier`): a word found in most of a million
     * records says little of which of them is best, and scoring each would keep the reader waiting.
     */
    private readonly exactUpTo = 10_000,
  ) {}

  /** Facets are counted on every match up to this many, on this many beyond (and scaled). */
  private get facetSample(): number {
    return Math.min(2_000, Math.ceil(this.exactUpTo / 2));
  }

  /**
   * The public side: public records, of the museums named or all. A search with no words and no
   * filter finds nothing, unless `everything` (an export of the whole collection) asks for all.
   */
  async searchPublic(input: unknown, { everything = false } = {}): Promise<SearchOutput> {
    const v = parseInput(searchInput, input, { query: true });
    for (const f of ['visibility', 'digitization', 'location'] as const)
      if (v[f]) throw invalidInput([{ path: f, code: 'unknown', message: `${f} is a filter for staff` }]);
    return this.run(v, null, true, PUBLIC_FACETS, everything);
  }

  /** Staff: everything of their museum. */
  async searchMuseum(
    actor: Actor,
    museumId: string,
    input: unknown,
    { everything = false } = {},
  ): Promise<SearchOutput> {
    authorize(actor, 'read', 'object', museumId);
    const v = parseInput(searchInput, input, { query: true });
    return this.run(
      v,
      museumId,
      false,
      STAFF_FACETS.filter((f) => f !== 'museum'),
      everything,
    );
  }

  private async filters(v: SearchInput): Promise<SearchFilters | null> {
    const facets: SearchFilters['facets'] = {};
    for (const f of AUTHORITY_FACETS) {
      const values = v[f as keyof SearchInput] as string[] | undefined;
      if (values?.length) facets[f] = values;
    }
    if (v.museum?.length) {
      const found = await this.museums.list(this.ctx.db);
      const ids = found.filter((m) => v.museum!.includes(m.slug)).map((m) => m.id);
      if (!ids.length) return null;
      facets.museum = ids;
    }
    if (v.rights?.length) facets.rights = v.rights;
    if (v.visibility?.length) facets.visibility = v.visibility;
    if (v.digitization?.length) facets.digitization = v.digitization;
    if (v.hasImage?.length) facets.hasImage = v.hasImage;
    if (v.century?.length) facets[v.calendar === 'hijri' ? 'centuryH' : 'centuryG'] = v.century.map(String);
    // Years are kept Gregorian; a Hijri span is read as the Gregorian years it covers.
    const span = (y: number) =>
      v.calendar === 'hijri' && y > 0 ? hijriToGregorian(y) : { earliest: y, latest: y };
    return {
      facets,
      locations: v.location,
      from: v.from === undefined ? undefined : span(v.from).earliest,
      to: v.to === undefined ? undefined : span(v.to).latest,
    };
  }

  private async run(
    v: SearchInput,
    museumId: string | null,
    publicOnly: boolean,
    facetNames: readonly Facet[],
    everything: boolean,
  ): Promise<SearchOutput> {
    const terms = words(v.q)
      .slice(0, MAX_WORDS)
      .map((word) => ({ word, stem: stem(word) }));
    const filters = await this.filters(v);
    const filtered =
      filters &&
      (Object.keys(filters.facets).length > 0 ||
        filters.locations?.length ||
        filters.from !== undefined ||
        filters.to !== undefined);
    if (!filters || (!terms.length && !filtered && !everything))
      return {
        total: 0,
        estimated: false,
        facetsEstimated: false,
        next: null,
        didYouMean: null,
        items: [],
        facets: {},
      };
    const text = { terms, prefixLast: v.prefix === '1', museumId, publicOnly };
    const sort = terms.length ? v.sort : v.sort === 'relevance' ? 'accession' : v.sort;
    // One more than the page, to know whether there is a next one.
    const base = { text, filters, sort, order: v.order, limit: v.limit + 1, offset: v.offset } as const;
    const { rows, total, estimated, facetsEstimated, counts } = await this.ctx.dialect.fullText.indexed(
      this.ctx.db,
      async (db) => {
        const sortKey = `${sort}:${v.order}`;
        // Where the engine can, counted, ranked and its facet values read in one reading of the matches
        // (see `SearchRepository.readOnce`); a cursor of the order by tier (below) goes the long way.
        const once =
          v.cursor === undefined || parseCursor(v.cursor)?.o === sortKey
            ? await this.index.readOnce(
                db,
                { ...base, after: v.cursor === undefined ? undefined : readCursor(v.cursor, sortKey) },
                this.exactUpTo + 1,
                v.facets === '1' ? this.facetSample : null,
              )
            : undefined;
        const count = once?.count ?? (await this.index.countUpTo(db, base, this.exactUpTo + 1));
        const estimated = count.counted > this.exactUpTo;
        const byTier = estimated && sort === 'relevance';
        // A cursor belongs to one order: ranked by score, or (a search matching very many) by tier.
        const orderKey = byTier ? `tier:${v.order}` : sortKey;
        const after = v.cursor === undefined ? undefined : readCursor(v.cursor, orderKey);
        const plan = { ...base, after };
        // By tier, the matches of several whole words read once when there are no more than four
        // times the exact limit: all of them in a title is rarer than the planner of the queries by
        // tier expects (at a million objects, two words' p95 323 → 64 ms). Reading more costs more
        // than those queries, which stop at the page's end; so does reading one word's or a prefix's
        // (at 100,000 objects, one word's p95 17 → 27 ms; at a million, prefixes' p50 40 → 62 ms).
        const few = (this.exactUpTo + 1) * 4;
        const readUpTo = count.estimate <= few && terms.length > 1 && !text.prefixLast ? few : undefined;
        const found =
          once?.page ??
          (byTier ? await this.index.searchByTier(db, plan, readUpTo) : await this.index.search(db, plan));
        const rows = found.map((r) => ({ ...r, orderKey }));
        const total = count.estimate;
        // Facets are counted exactly on fewer matches still: reading each match's values costs more than counting it.
        const sample = total > this.facetSample ? this.facetSample : undefined;
        const raw =
          v.facets === '1' && total
            ? await this.index.facetCounts(db, plan, facetNames, sample, once?.facets)
            : [];
        // Counts from a sample stand for the whole: scaled, and said to be estimates.
        const counts = sample
          ? raw.map((c) => ({
              ...c,
              count: Math.max(1, Math.round((c.count * total) / Math.min(total, sample))),
            }))
          : raw;
        return { rows, total, estimated, facetsEstimated: sample !== undefined, counts };
      },
    );
    const hits = rows.slice(0, v.limit);
    const last = hits[hits.length - 1];
    const next = rows.length > v.limit && last ? writeCursor(last.orderKey, last.keys, last.objectId) : null;
    const found = await this.objects.summariesAnyMuseum(
      this.ctx.db,
      hits.map((h) => h.objectId),
    );
    const images = await this.media.shownImages(
      this.ctx.db,
      found.map((f) => f.id),
    );
    const queryWords = terms.map((t) => t.word);
    const items = found.map((f) =>
      searchHit.parse({
        ...f,
        image: images.get(f.id) ?? null,
        highlight: queryWords.length
          ? highlight([...f.titles, ...f.descriptions], queryWords, v.prefix === '1')
          : null,
      }),
    );
    const didYouMean =
      total === 0 && terms.length && v.prefix !== '1'
        ? await this.correction(
            terms.map((t) => t.word),
            base,
          )
        : null;
    return {
      total,
      estimated,
      facetsEstimated,
      next,
      didYouMean,
      items,
      facets: await this.label(counts, museumId),
    };
  }

  /**
   * For a search that found nothing: each word that is in no record replaced by the nearest word
   * that is, offered only if the corrected search finds something under the same rules (so a
   * correction never reveals a word of a record the reader may not see).
   */
  private async correction(
    queryWords: string[],
    plan: Parameters<SearchRepository['count']>[1],
  ): Promise<string | null> {
    const corrected: string[] = [];
    for (const w of queryWords) {
      if ([...w].length < 3 || (await this.index.hasTerm(this.ctx.db, w))) {
        corrected.push(w);
        continue;
      }
      corrected.push(closest(w, await this.index.termsStartingWith(this.ctx.db, [...w][0]!, 20_000)) ?? w);
    }
    if (corrected.every((w, i) => w === queryWords[i])) return null;
    const found = await this.index.count(this.ctx.db, {
      ...plan,
      text: { ...plan.text, terms: corrected.map((word) => ({ word, stem: stem(word) })) },
    });
    return found > 0 ? corrected.join(' ') : null;
  }

  /** The most frequent values of each facet, with the labels a reader needs to choose them. */
  private async label(
    counts: { facet: Facet; value: string; count: number }[],
    museumId: string | null,
  ): Promise<SearchOutput['facets']> {
    const byFacet = new Map<Facet, { value: string; count: number }[]>();
    for (const c of counts) byFacet.set(c.facet, [...(byFacet.get(c.facet) ?? []), c]);
    const top = [...byFacet].map(
      ([f, values]) =>
        [
          f,
          values.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, FACET_VALUES),
        ] as const,
    );
    const authorityIds = top
      .filter(([f]) => (AUTHORITY_FACETS as readonly Facet[]).includes(f))
      .flatMap(([, vs]) => vs.map((x) => x.value));
    const labels = await this.authorities.labelsOf(this.ctx.db, authorityIds);
    const museumIds = top.find(([f]) => f === 'museum')?.[1].map((x) => x.value) ?? [];
    const museums = new Map(
      (museumIds.length ? await this.museums.list(this.ctx.db, museumIds) : []).map((m) => [m.id, m]),
    );
    const locationIds = top.find(([f]) => f === 'location')?.[1].map((x) => x.value) ?? [];
    // A location is named by its code and its name (staff only: a public search has no location facet).
    const places = new Map(
      museumId && locationIds.length
        ? (await this.locations.findManyByIds(this.ctx.db, museumId, locationIds)).map((l) => [
            l.id,
            l.names.map((n) => ({ lang: n.lang, value: `${l.code} · ${n.value}` })),
          ])
        : [],
    );
    const out: SearchOutput['facets'] = {};
    for (const [f, values] of top) {
      out[f] = values.map((x) => ({
        value: f === 'museum' ? (museums.get(x.value)?.slug ?? x.value) : x.value,
        count: x.count,
        labels: (AUTHORITY_FACETS as readonly Facet[]).includes(f)
          ? (labels.get(x.value) ?? [])
          : f === 'museum'
            ? (museums.get(x.value)?.names ?? [])
            : f === 'location'
              ? (places.get(x.value) ?? [])
              : [],
      }));
    }
    return out;
  }
}
