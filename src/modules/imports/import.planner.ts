import { isAppError } from '../../errors.js';
import type { Actor } from '../access/roles.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { ServiceContext } from '../common/context.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { MuseumObject } from '../objects/object.schemas.js';
import { type ObjectService, toInput } from '../objects/object.service.js';
import { AuthorityMatcher } from './import.authorities.js';
import { type DraftRow, draftRow, FIELD_OF_INPUT } from './import.mapping.js';
import type { ImportMapping, ImportReport, RowOutcome } from './import.schemas.js';
import type { Table } from './import.table.js';

/** One row as it would be written: the object built (and, for an update, the record it replaces), or why not. */
export interface PlannedRow extends RowOutcome {
  object?: MuseumObject;
  before?: MuseumObject;
}

export interface Plan {
  rows: PlannedRow[];
  matcher: AuthorityMatcher;
  report: ImportReport;
}

/** The report keeps every refused row, and this many of each other kind. */
const SHOWN_PER_KIND = 100;
const FIELD_NAMES: Record<string, string> = {
  objectNames: 'object name', makers: 'maker', places: 'place', cultures: 'culture', dynasties: 'dynasty', periods: 'period', materials: 'material',
  techniques: 'technique', collections: 'collection',
};

/**
 * Works out what an import would do, row by row, without writing anything: the dry run, and the
 * first step of the real run (which plans again, since records may have changed in between).
 * Each row goes through the same validation as a record typed into the form; an accession
 * number already in the museum makes an update of the columns mapped (the others are kept), and
 * one that would change nothing is `unchanged`, so importing a file twice does nothing the second time.
 */
export class ImportPlanner {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly objects: ObjectService,
    private readonly objectRepo: ObjectRepository,
    private readonly authorityRepo: AuthorityRepository,
  ) {}

  async plan(actor: Actor, museum: Museum, table: Table, mapping: ImportMapping): Promise<Plan> {
    const drafts = table.rows.map((r) => draftRow(r.row, r.cells, table.headers, mapping, museum.defaultLanguage));
    const accessionColumn = mapping.columns.find((c) => c.field === 'accessionNumber')!.column;
    const seen = new Map<string, number[]>();
    for (const d of drafts) if (d.accessionNumber) seen.set(d.accessionNumber, [...(seen.get(d.accessionNumber) ?? []), d.row]);
    for (const d of drafts) {
      const others = (d.accessionNumber ? seen.get(d.accessionNumber)! : []).filter((r) => r !== d.row);
      if (others.length) d.errors.push({ column: accessionColumn, message: `The accession number ${d.accessionNumber} is also on row ${others.join(', ')}` });
    }
    const existing = await this.objectRepo.findByAccessions(this.ctx.db, museum.id, [...seen.keys()]);
    const matcher = new AuthorityMatcher(await this.authorityRepo.allVisible(this.ctx.db, museum.id), museum.id);
    const rows: PlannedRow[] = [];
    for (const d of drafts) rows.push(await this.planRow(actor, museum, d, mapping, matcher, existing.get(d.accessionNumber ?? '')));
    return { rows, matcher, report: report(rows, matcher) };
  }

  private async planRow(actor: Actor, museum: Museum, d: DraftRow, mapping: ImportMapping, matcher: AuthorityMatcher, before: MuseumObject | undefined): Promise<PlannedRow> {
    const links: Record<string, { id: string; qualifier?: string }[]> = {};
    for (const l of d.links) {
      const hit = matcher.match(l) ?? (mapping.newAuthorities === 'create' ? matcher.create(l) : null);
      if (!hit) {
        d.errors.push({ column: l.column, message: `No ${FIELD_NAMES[l.field]} “${l.label}” among the authorities` });
        continue;
      }
      links[l.field] ??= [];
      const list = links[l.field]!;
      if (!list.some((x) => x.id === hit.authority.id)) list.push(hit.qualifier ? { id: hit.authority.id, qualifier: hit.qualifier } : { id: hit.authority.id });
    }
    // Objects assigned, not spread: on Node 20 each property written after a spread costs microseconds, a hundred thousand times over.
    const outcome = (action: RowOutcome['action'], errors: RowOutcome['errors']): PlannedRow => ({ row: d.row, accessionNumber: d.accessionNumber, action, errors });
    if (d.errors.length) return outcome('reject', d.errors);
    const input = before ? Object.assign(toInput(before), d.input, links, keptLanguages(before, d)) : Object.assign({ visibility: mapping.visibility }, d.input, links);
    try {
      const object = await this.objects.draft(actor, museum.id, input, matcher.known, { keepUnreadDates: mapping.keepUnreadDates }, before);
      if (before && JSON.stringify(toInput(before)) === JSON.stringify(toInput(object))) return outcome('unchanged', []);
      const planned = outcome(before ? 'update' : 'create', []);
      planned.object = object;
      if (before) planned.before = before;
      return planned;
    } catch (e) {
      if (!isAppError(e) || !e.details?.fields) throw e;
      const columnOf = (path: string) => {
        const field = FIELD_OF_INPUT[path.split('.')[0] ?? ''];
        const cols = mapping.columns.filter((c) => c.field === field).map((c) => c.column);
        return cols.length ? cols.join(', ') : null;
      };
      return outcome('reject', e.details.fields.map((f) => ({ column: columnOf(f.path), message: f.path === 'titles' && f.code === 'required' ? 'No title' : f.message })));
    }
  }
}

const TEXT_FIELDS = ['titles', 'descriptions', 'provenance', 'creditLine', 'keywords'] as const;

/**
 * An update replaces a text only in the languages the row gives it in: a file of English titles
 * leaves the Arabic ones, as does an empty Arabic cell.
 */
function keptLanguages(before: MuseumObject, d: DraftRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) {
    const given = d.input[key] as { lang: string; value: string }[] | undefined;
    if (!given) continue;
    const langs = new Set(given.map((v) => v.lang));
    out[key] = [...before[key].filter((v) => !langs.has(v.lang)), ...given];
  }
  return out;
}

function report(rows: readonly PlannedRow[], matcher: AuthorityMatcher): ImportReport {
  const count = (a: RowOutcome['action']) => rows.filter((r) => r.action === a).length;
  const shown = new Map<string, number>();
  const outcomes = rows.filter((r) => {
    if (r.action === 'reject') return true;
    const n = (shown.get(r.action) ?? 0) + 1;
    shown.set(r.action, n);
    return n <= SHOWN_PER_KIND;
  }).map(({ row, accessionNumber, action, errors }) => ({ row, accessionNumber, action, errors }));
  return {
    rows: rows.length, create: count('create'), update: count('update'), unchanged: count('unchanged'), reject: count('reject'),
    newAuthorities: matcher.newOnes().map((n) => ({ field: FIELD_NAMES[n.field]!, label: n.label, lang: n.lang, rows: n.rows })),
    outcomes,
  };
}
