import { isAppError } from '../../errors.js';
import type { Actor } from '../access/roles.js';
import { authorityLabel, type Authority } from '../authorities/authority.schemas.js';
import { draftObject, toInput } from '../objects/object.draft.js';
import { LINK_FIELDS, type MuseumObject } from '../objects/object.schemas.js';
import { AuthorityMatcher } from './import.authorities.js';
import { type DraftRow, draftRow, FIELD_OF_INPUT } from './import.mapping.js';
import type { ImportMapping, ImportReport, RowOutcome } from './import.schemas.js';
import type { TableReader, TableRow } from './import.table.js';

/** One row as it would be written: the object built (and, for an update, the record it replaces), or why not. */
export interface PlannedRow extends RowOutcome {
  object?: MuseumObject;
  before?: MuseumObject;
}
/** Who imports, into which museum, with which mapping. */
export interface PlanScope {
  actor: Actor;
  museum: { id: string; defaultLanguage: string };
  mapping: ImportMapping;
}

/** Rows planned together and written together, in one transaction: what the writer takes. */
export interface PlannedChunk {
  created: MuseumObject[];
  replaced: { before: MuseumObject; after: MuseumObject }[];
  rows: {
    objectId: string;
    row: number;
    action: 'create' | 'update';
    before: MuseumObject | null;
    version: number;
  }[];
  /** New authorities that a row of this chunk links to first. */
  authorities: Authority[];
  /** Rows of the file planned so far, this chunk's included. */
  processed: number;
}

/** What planning reads from the database: the museum's records of these accession numbers. */
export type Lookup = (accessions: string[]) => Promise<Map<string, MuseumObject>>;

/** The report keeps this many rows of each kind (its counts are exact), so a file of 100,000 refused rows makes no report of 100,000. */
export const SHOWN_PER_KIND = 100;
export const SHOWN_REFUSED = 1000;
/** Rows planned between two reads of the database, and written in one transaction. */
export const CHUNK_ROWS = 1000;
const FIELD_NAMES: Record<string, string> = {
  objectNames: 'object name',
  makers: 'maker',
  places: 'place',
  cultures: 'culture',
  dynasties: 'dynasty',
  periods: 'period',
  materials: 'material',
  techniques: 'technique',
  collections: 'collection',
};

/**
 * Works out what an import would do, row by row, without writing anything: the dry run, and the
 * real run (which plans again, since records may have changed in between). Each row goes through
 * the very validation a record typed into the form goes through (the object's input schema, the
 * authority label schema for a new name), and is written as built here, so what the dry run
 * passes the real run can write. An accession number already in the museum makes an update of
 * the columns mapped (the others are kept), and one that would change nothing is `unchanged`, so
 * importing a file twice does nothing the second time.
 */
export class RowPlanner {
  readonly matcher: AuthorityMatcher;
  private readonly stored: ReadonlySet<string>;
  private readonly accessionColumn: string;
  /** Why a new authority's name cannot be one, by its id (null: it can). */
  private readonly refusedNames = new Map<string, string | null>();

  constructor(
    private readonly scope: PlanScope,
    authorities: readonly Authority[],
    private readonly duplicates: ReadonlyMap<string, readonly number[]>,
  ) {
    this.matcher = new AuthorityMatcher(authorities, scope.museum.id);
    this.stored = new Set(authorities.map((a) => a.id));
    this.accessionColumn = scope.mapping.columns.find((c) => c.field === 'accessionNumber')!.column;
  }

  /** A row of the file as the object's input, with an accession number used on other rows as an error. */
  draft(r: TableRow, headers: readonly string[]): DraftRow {
    const d = draftRow(r.row, r.cells, headers, this.scope.mapping, this.scope.museum.defaultLanguage);
    const others = d.accessionNumber
      ? this.duplicates.get(d.accessionNumber)?.filter((n) => n !== d.row)
      : undefined;
    if (others?.length)
      d.errors.push({
        column: this.accessionColumn,
        message: `The accession number ${d.accessionNumber} is also on row ${others.join(', ')}`,
      });
    return d;
  }

  plan(d: DraftRow, before: MuseumObject | undefined): PlannedRow {
    const { actor, museum, mapping } = this.scope;
    const links: Record<string, { id: string; qualifier?: string }[]> = {};
    for (const l of d.links) {
      const hit =
        this.matcher.match(l) ?? (mapping.newAuthorities === 'create' ? this.matcher.create(l) : null);
      if (!hit) {
        d.errors.push({
          column: l.column,
          message: `No ${FIELD_NAMES[l.field]} “${l.label}” among the authorities`,
        });
        continue;
      }
      const refused = this.stored.has(hit.authority.id) ? null : this.refusedName(hit.authority);
      if (refused) {
        d.errors.push({
          column: l.column,
          message: `“${l.label}” cannot be the name of a new ${FIELD_NAMES[l.field]}: ${refused}`,
        });
        continue;
      }
      links[l.field] ??= [];
      const list = links[l.field]!;
      if (!list.some((x) => x.id === hit.authority.id))
        list.push(
          hit.qualifier ? { id: hit.authority.id, qualifier: hit.qualifier } : { id: hit.authority.id },
        );
    }
    // Objects assigned, not spread: on Node 20 each property written after a spread costs microseconds, a hundred thousand times over.
    const outcome = (action: RowOutcome['action'], errors: RowOutcome['errors']): PlannedRow => ({
      row: d.row,
      accessionNumber: d.accessionNumber,
      action,
      errors,
    });
    if (d.errors.length) return outcome('reject', d.errors);
    const input = before
      ? Object.assign(toInput(before), d.input, links, keptLanguages(before, d))
      : Object.assign({ visibility: mapping.visibility }, d.input, links);
    try {
      const object = draftObject(
        actor,
        museum.id,
        input,
        this.matcher.known,
        { keepUnreadDates: mapping.keepUnreadDates },
        before,
      );
      if (before && JSON.stringify(toInput(before)) === JSON.stringify(toInput(object)))
        return outcome('unchanged', []);
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
      return outcome(
        'reject',
        e.details.fields.map((f) => ({
          column: columnOf(f.path),
          message: f.path === 'titles' && f.code === 'required' ? 'No title' : f.message,
        })),
      );
    }
  }

  /** A name taken from a cell for a new authority is checked as the authority form checks a label. */
  private refusedName(a: Authority): string | null {
    let why = this.refusedNames.get(a.id);
    if (why === undefined) {
      const bad = a.labels.map((l) => authorityLabel.safeParse(l)).find((r) => !r.success);
      why = bad?.error?.issues[0]?.message ?? null;
      this.refusedNames.set(a.id, why);
    }
    return why;
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

/** The counts of a plan and the rows it shows, added up a row at a time. */
export class ReportBuilder {
  private readonly counts = { rows: 0, create: 0, update: 0, unchanged: 0, reject: 0 };
  private readonly outcomes: RowOutcome[] = [];

  add({ row, accessionNumber, action, errors }: PlannedRow): void {
    this.counts.rows++;
    const n = ++this.counts[action];
    if (n <= (action === 'reject' ? SHOWN_REFUSED : SHOWN_PER_KIND))
      this.outcomes.push({ row, accessionNumber, action, errors });
  }

  get refused(): number {
    return this.counts.reject;
  }

  report(matcher: AuthorityMatcher): ImportReport {
    return {
      ...this.counts,
      newAuthorities: matcher
        .newOnes()
        .slice(0, SHOWN_REFUSED)
        .map((n) => ({ field: FIELD_NAMES[n.field]!, label: n.label, lang: n.lang, rows: n.rows })),
      outcomes: this.outcomes,
    };
  }
}

/**
 * Plans every row of a file, a chunk at a time: each chunk's existing records read (`lookup`), its
 * rows planned, counted in the report and, when `write` is given, handed over (to be kept, then
 * written) before the rows after them are drafted. Nothing of a chunk is kept once it is counted
 * but its rows' accession numbers: an accession number on several rows refuses them all, and
 * when `duplicates` did not name it (the rows before its second were planned as if alone), the
 * plan is to be made again with the `duplicates` it returns.
 */
export async function planTable(
  table: TableReader,
  scope: PlanScope,
  authorities: readonly Authority[],
  duplicates: ReadonlyMap<string, readonly number[]>,
  lookup: Lookup,
  write?: (chunk: PlannedChunk) => Promise<void>,
): Promise<{ report: ImportReport; refused: number; duplicates: Map<string, number[]> }> {
  const planner = new RowPlanner(scope, authorities, duplicates);
  const first = new Map<string, number>();
  const found = new Map<string, number[]>();
  const report = new ReportBuilder();
  const stored = new Set(authorities.map((a) => a.id));
  const sent = new Set<string>();
  let drafts: DraftRow[] = [];
  let processed = 0;
  const flush = async () => {
    const existing = await lookup([
      ...new Set(drafts.flatMap((d) => (d.accessionNumber ? [d.accessionNumber] : []))),
    ]);
    processed += drafts.length;
    const chunk: PlannedChunk = { created: [], replaced: [], rows: [], authorities: [], processed };
    for (const d of drafts) {
      const p = planner.plan(d, existing.get(d.accessionNumber ?? ''));
      report.add(p);
      if (!write || (p.action !== 'create' && p.action !== 'update')) continue;
      const o = p.object!;
      if (p.before) chunk.replaced.push({ before: p.before, after: o });
      else chunk.created.push(o);
      chunk.rows.push({
        objectId: o.id,
        row: p.row,
        action: p.action,
        before: p.before ?? null,
        version: o.version,
      });
      // Only the new names that a written row links to become authorities (a name on a refused row alone does not).
      for (const f of LINK_FIELDS) {
        for (const l of o[f]) {
          if (!stored.has(l.id) && !sent.has(l.id)) {
            sent.add(l.id);
            chunk.authorities.push(planner.matcher.known.get(l.id)!);
          }
        }
      }
    }
    drafts = [];
    if (write) await write(chunk);
  };
  for await (const batch of table.rows()) {
    for (const r of batch) {
      const d = planner.draft(r, table.headers);
      const a = d.accessionNumber;
      const seen = a ? first.get(a) : undefined;
      if (a && seen === undefined) first.set(a, d.row);
      else if (a) found.set(a, [...(found.get(a) ?? [seen!]), d.row]);
      drafts.push(d);
      if (drafts.length >= CHUNK_ROWS) await flush();
    }
  }
  if (drafts.length || write) await flush();
  return { report: report.report(planner.matcher), refused: report.refused, duplicates: found };
}
