import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import { stem, words } from './normalize.js';
import type { SearchRepository } from './search.repository.js';
import { searchHit, searchInput, type SearchOutput } from './search.schemas.js';

/** Words of a query beyond this many are not searched (a pasted paragraph still answers). */
const MAX_WORDS = 12;

/**
 * One search for staff and public: the same normalisation, the same index. Staff search their
 * museum's records whatever their visibility; the public searches public records of every museum.
 * Either way only public fields were ever indexed.
 */
export class SearchService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly index: SearchRepository,
    private readonly objects: ObjectRepository,
    private readonly museums: MuseumRepository,
  ) {}

  /** The public side: public records, of one museum or all. */
  async searchPublic(input: unknown): Promise<SearchOutput> {
    const v = parseInput(searchInput, input);
    const museum = v.museum ? await this.museums.findBySlug(this.ctx.db, v.museum) : undefined;
    if (v.museum && !museum) return { total: 0, items: [] };
    return this.run(v, museum?.id ?? null, true);
  }

  /** Staff: everything of their museum. */
  async searchMuseum(actor: Actor, museumId: string, input: unknown): Promise<SearchOutput> {
    authorize(actor, 'read', 'object', museumId);
    const v = parseInput(searchInput, input);
    return this.run(v, museumId, false);
  }

  private async run(v: ReturnType<typeof searchInput.parse>, museumId: string | null, publicOnly: boolean): Promise<SearchOutput> {
    const terms = words(v.q).slice(0, MAX_WORDS).map((word) => ({ word, stem: stem(word) }));
    if (!terms.length) return { total: 0, items: [] };
    const q = { terms, prefixLast: v.prefix === '1', museumId, publicOnly, limit: v.limit, offset: v.offset };
    const [hits, total] = await Promise.all([this.index.search(this.ctx.db, q), this.index.count(this.ctx.db, q)]);
    const found = await this.objects.summariesAnyMuseum(this.ctx.db, hits.map((h) => h.objectId));
    return { total, items: found.map((f) => searchHit.parse(f)) };
  }

  /** Empties the index and writes every object's document again, a batch per transaction. */
  async rebuild(): Promise<number> {
    await this.index.clear(this.ctx.db);
    let after: string | null = null;
    let n = 0;
    for (;;) {
      const page = await this.objects.idPage(this.ctx.db, after, 500);
      if (!page.length) return n;
      await this.ctx.db.transaction().execute(async (trx) => {
        for (const o of page) await this.objects.reindex(trx, o.museumId, o.id);
      });
      n += page.length;
      after = page[page.length - 1]!.id;
    }
  }
}
