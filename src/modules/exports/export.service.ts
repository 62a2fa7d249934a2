import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { LocationService } from '../locations/location.service.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import { presentPublicObject } from '../portal/portal.presenter.js';
import type { SearchOutput } from '../search/search.schemas.js';
import type { SearchService } from '../search/search.service.js';
import type { ValuationService } from '../valuations/valuation.service.js';
import { csvLine, UTF8_BOM } from './csv.js';
import { type Column, type ExportRow, exportColumns } from './export.columns.js';
import { jsonLine } from './export.presenter.js';
import { EXPORT_TYPES, exportInput, type ExportInput } from './export.schemas.js';
import { LIDO_WRAP_HEAD, LIDO_WRAP_TAIL, lidoRecord } from './lido.js';

/** A file being made: what to call it, its type, and its text, produced a page of records at a time. */
export interface ExportFile {
  filename: string;
  contentType: string;
  body: AsyncIterable<string>;
}

/** Records read and written at a time: small enough to keep memory flat, large enough to keep queries few. */
const PAGE = 100;

/**
 * Exports of a search or of a whole collection as CSV, JSON Lines or LIDO XML. The public export
 * goes through the public search and the public presenter, so it holds public records and public
 * fields only; a museum's export, for its staff, adds the staff fields, and the valuation columns
 * only for a reader allowed to read valuations. The first page is read before anything is sent,
 * so a bad search is a 400 and not a broken file; the rest streams.
 */
export class ExportService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly searches: SearchService,
    private readonly objects: ObjectRepository,
    private readonly media: MediaRepository,
    private readonly museums: MuseumRepository,
    private readonly locations: LocationService,
    private readonly valuations: ValuationService,
    private readonly base: string,
    /** The platform's languages: a column per language for titles and descriptions. */
    private readonly langs: readonly string[],
  ) {}

  /** Public records of every museum (or those the search names). */
  async publicExport(input: unknown, readerLang: string): Promise<ExportFile> {
    const { format, lang = readerLang, ...search } = parseInput(exportInput, input);
    const run = (cursor?: string) =>
      this.searches.searchPublic({ ...search, ...paging(cursor) }, { everything: true });
    const first = await run();
    const museums = new Map<string, Museum>();
    const rows = async (items: SearchOutput['items']): Promise<ExportRow[]> => {
      const objects = (
        await this.objects.findByIds(
          this.ctx.db,
          null,
          items.map((i) => i.id),
        )
      ).filter((o) => o.visibility === 'public');
      const media = await this.media.ofObjects(
        this.ctx.db,
        objects.map((o) => o.id),
      );
      const out: ExportRow[] = [];
      for (const o of objects) {
        const museum = await this.museum(museums, o.museumId);
        if (museum)
          out.push({
            record: { object: presentPublicObject(o, media.get(o.id) ?? []), museum, base: this.base },
          });
      }
      return out;
    };
    return this.file(
      format,
      search,
      exportColumns(this.langs, lang, null),
      pages(first, run),
      rows,
      'mathaf',
    );
  }

  /** Every record of a museum, whatever its visibility, for its staff. */
  async museumExport(
    actor: Actor,
    museumId: string,
    input: unknown,
    readerLang: string,
  ): Promise<ExportFile> {
    const { format, lang = readerLang, ...search } = parseInput(exportInput, input);
    const run = (cursor?: string) =>
      this.searches.searchMuseum(actor, museumId, { ...search, ...paging(cursor) }, { everything: true });
    const first = await run();
    const museum = (await this.museums.findById(this.ctx.db, museumId))!;
    const valuationsAllowed = this.valuations.readable(actor, museumId);
    const rows = async (items: SearchOutput['items']): Promise<ExportRow[]> => {
      const ids = items.map((i) => i.id);
      const [objects, media, locations, valuations] = await Promise.all([
        this.objects.findByIds(this.ctx.db, museumId, ids),
        this.media.ofObjects(this.ctx.db, ids),
        this.locations.currentOfMany(actor, museumId, ids),
        this.valuations.latestForExport(actor, museumId, ids),
      ]);
      return objects.map((o) => ({
        record: { object: presentPublicObject(o, media.get(o.id) ?? []), museum, base: this.base },
        staff: {
          object: o,
          location: locations.get(o.id) ?? null,
          ...(valuations ? { valuation: valuations.get(o.id) ?? null } : {}),
        },
      }));
    };
    return this.file(
      format,
      search,
      exportColumns(this.langs, lang, { valuations: valuationsAllowed }),
      pages(first, run),
      rows,
      museum.slug,
    );
  }

  private async museum(cache: Map<string, Museum>, id: string): Promise<Museum | undefined> {
    if (!cache.has(id)) {
      const m = await this.museums.findById(this.ctx.db, id);
      if (m) cache.set(id, m);
    }
    return cache.get(id);
  }

  private file(
    format: ExportInput['format'],
    search: Record<string, unknown>,
    columns: Column[],
    items: AsyncIterable<SearchOutput['items']>,
    rows: (items: SearchOutput['items']) => Promise<ExportRow[]>,
    name: string,
  ): ExportFile {
    const type = EXPORT_TYPES[format];
    const scope =
      search.q || Object.keys(search).some((k) => !['q', 'sort', 'order', 'calendar'].includes(k))
        ? '-search'
        : '';
    const render =
      format === 'csv'
        ? (r: ExportRow) => csvLine(columns.map((c) => c.value(r)))
        : format === 'jsonl'
          ? jsonLine
          : (r: ExportRow) => `${lidoRecord(r.record, false)}\n`;
    async function* body() {
      if (format === 'csv') yield UTF8_BOM + csvLine(columns.map((c) => c.name));
      if (format === 'lido') yield LIDO_WRAP_HEAD;
      for await (const page of items) {
        const out = (await rows(page)).map(render).join('');
        if (out) yield out;
      }
      if (format === 'lido') yield LIDO_WRAP_TAIL;
    }
    return {
      filename: `${name}${scope}-${new Date().toISOString().slice(0, 10)}.${type.extension}`,
      contentType: type.contentType,
      body: body(),
    };
  }
}

const paging = (cursor?: string) => ({ limit: String(PAGE), facets: '0', ...(cursor ? { cursor } : {}) });

/** The pages of a search, from the one already read, following its cursor to the end. */
async function* pages(
  first: SearchOutput,
  next: (cursor: string) => Promise<SearchOutput>,
): AsyncIterable<SearchOutput['items']> {
  let page = first;
  for (;;) {
    yield page.items;
    if (!page.next) return;
    page = await next(page.next);
  }
}
