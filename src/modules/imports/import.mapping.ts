import { textFault, textFaultError } from '../common/text.js';
import { RIGHTS } from '../common/values.schemas.js';
import { DIMENSION_TYPES, type LinkField } from '../objects/object.schemas.js';
import { normalize } from '../search/normalize.js';
import type { ImportColumn, ImportField, ImportMapping } from './import.schemas.js';

/** The object field a mapped field fills, for the link fields. */
export const LINK_OF: Partial<Record<ImportField, LinkField>> = {
  objectName: 'objectNames',
  maker: 'makers',
  place: 'places',
  culture: 'cultures',
  dynasty: 'dynasties',
  period: 'periods',
  material: 'materials',
  technique: 'techniques',
  collection: 'collections',
};

/** The import field behind each field of the object's input (to name the column of an error). */
export const FIELD_OF_INPUT: Record<string, ImportField> = {
  accessionNumber: 'accessionNumber',
  titles: 'title',
  descriptions: 'description',
  otherNumbers: 'otherNumber',
  dates: 'date',
  inscriptions: 'inscription',
  provenance: 'provenance',
  creditLine: 'creditLine',
  rights: 'rights',
  keywords: 'keyword',
  visibility: 'visibility',
  ...Object.fromEntries(Object.entries(LINK_OF).map(([f, l]) => [l, f])),
};

/**
 * Headings recognised without asking: those of Mathaf's own CSV export, and common ones in
 * English, French and Arabic (compared folded, so case, accents, hamza and harakat do not matter).
 */
const KNOWN: [ImportField, string[]][] = [
  [
    'accessionNumber',
    [
      'accession_number',
      'accession number',
      'accession no',
      'inventory number',
      'object number',
      'numero d inventaire',
      'n inventaire',
      'inventaire',
      'رقم الجرد',
      'رقم التسجيل',
      'رقم القطعة',
    ],
  ],
  ['title', ['title', 'titre', 'name', 'nom', 'العنوان', 'الاسم', 'عنوان']],
  ['description', ['description', 'الوصف', 'وصف']],
  [
    'objectName',
    [
      'object_names',
      'object name',
      'object type',
      'type',
      'designation',
      'denomination',
      'نوع القطعة',
      'التسمية',
    ],
  ],
  [
    'maker',
    ['makers', 'maker', 'artist', 'author', 'auteur', 'artiste', 'الفنان', 'الصانع', 'المؤلف', 'الخطاط'],
  ],
  ['place', ['places', 'place', 'lieu', 'provenance geographique', 'المكان', 'مكان الصنع']],
  ['culture', ['cultures', 'culture', 'الثقافة']],
  ['dynasty', ['dynasties', 'dynasty', 'dynastie', 'الاسرة', 'السلالة']],
  ['period', ['periods', 'period', 'periode', 'epoque', 'الفترة', 'العصر']],
  ['material', ['materials', 'material', 'materiau', 'materiaux', 'matiere', 'matieres', 'المادة', 'المواد']],
  ['technique', ['techniques', 'technique', 'التقنية']],
  ['collection', ['collections', 'collection', 'المجموعة']],
  ['date', ['dates', 'date', 'datation', 'التاريخ']],
  ['inscription', ['inscriptions', 'inscription', 'الكتابات', 'النقوش']],
  ['provenance', ['provenance', 'historique', 'المصدر']],
  ['creditLine', ['credit_line', 'credit line', 'credit', 'mention']],
  ['rights', ['rights', 'droits', 'licence', 'license', 'الحقوق']],
  ['keyword', ['keywords', 'keyword', 'mots cles', 'كلمات مفتاحية']],
  ['visibility', ['visibility', 'visibilite']],
  ['dimension', ['dimensions', 'measurements', 'dimension', 'المقاسات', 'الأبعاد']],
  ['otherNumber', ['other_numbers', 'other numbers', 'old number', 'ancien numero', 'رقم قديم']],
  ...DIMENSION_TYPES.map((d): [ImportField, string[]] => [d, [d]]),
];
const KNOWN_FOLDED = new Map(KNOWN.flatMap(([field, names]) => names.map((n) => [fold(n), field] as const)));
const MULTI: ReadonlySet<ImportField> = new Set([
  'objectName',
  'maker',
  'place',
  'culture',
  'dynasty',
  'period',
  'material',
  'technique',
  'collection',
  'date',
  'keyword',
  'otherNumber',
  'inscription',
  'dimension',
  'provenance',
  'creditLine',
]);

function fold(s: string): string {
  return normalize(s.replace(/[_\-.#°:]+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** A mapping guessed from the headings: `title_ar`, `Titre (fr)`, `العنوان`…; anything not recognised is left out. */
export function suggestColumns(headers: readonly string[]): ImportColumn[] {
  return headers.map((column) => {
    const lang = /[_\s([@-]([a-z]{2,3})\)?\]?$/.exec(column)?.[1];
    const bare = lang ? column.slice(0, column.length - lang.length - 1).replace(/[\s([@_-]+$/, '') : column;
    const field =
      KNOWN_FOLDED.get(fold(bare)) ??
      KNOWN_FOLDED.get(fold(column)) ??
      (/_other$/.test(column) ? undefined : 'ignore');
    const out: ImportColumn = { column, field: field ?? 'ignore' };
    if (lang && field && field !== 'ignore' && KNOWN_FOLDED.get(fold(column)) !== field) out.lang = lang;
    if (field && MULTI.has(field)) out.split = '|';
    return out;
  });
}

/** Short names of rights statements and licences, as spreadsheets write them. */
const RIGHTS_ALIASES = new Map<string, string>([
  ['cc0', 'https://creativecommons.org/publicdomain/zero/1.0/'],
  ['pdm', 'https://creativecommons.org/publicdomain/mark/1.0/'],
  ['public domain', 'https://creativecommons.org/publicdomain/mark/1.0/'],
  ['cc by', 'https://creativecommons.org/licenses/by/4.0/'],
  ['cc by sa', 'https://creativecommons.org/licenses/by-sa/4.0/'],
  ['cc by nc', 'https://creativecommons.org/licenses/by-nc/4.0/'],
  ['cc by nc sa', 'https://creativecommons.org/licenses/by-nc-sa/4.0/'],
  ['cc by nd', 'https://creativecommons.org/licenses/by-nd/4.0/'],
  ['cc by nc nd', 'https://creativecommons.org/licenses/by-nc-nd/4.0/'],
  ['inc', 'http://rightsstatements.org/vocab/InC/1.0/'],
  ['inc edu', 'http://rightsstatements.org/vocab/InC-EDU/1.0/'],
  ['noc nc', 'http://rightsstatements.org/vocab/NoC-NC/1.0/'],
  ['cne', 'http://rightsstatements.org/vocab/CNE/1.0/'],
  ['und', 'http://rightsstatements.org/vocab/UND/1.0/'],
  ['nkc', 'http://rightsstatements.org/vocab/NKC/1.0/'],
]);

export function readRights(value: string): string | null {
  const v = value.trim();
  if ((RIGHTS as readonly string[]).includes(v)) return v;
  return (
    RIGHTS_ALIASES.get(
      v
        .toLowerCase()
        .replace(/\s*4\.0$/, '')
        .replace(/[-_]+/g, ' ')
        .trim(),
    ) ?? null
  );
}

/** A linked name still to be matched to an authority. */
export interface PendingLink {
  field: LinkField;
  column: string;
  label: string;
  lang: string;
  qualifier: string | null;
  /** Every name of the term, when the source gives several (a harvested record's labels in each language). */
  labels?: { lang: string; value: string }[];
}

/** A row made into the object's input, with what is left to match and what could not be read. */
export interface DraftRow {
  row: number;
  accessionNumber: string | null;
  input: Record<string, unknown>;
  links: PendingLink[];
  errors: { column: string | null; message: string }[];
}

/** Numbers as Arabic-script spreadsheets write them (٢٧٫٥) read as 27.5. */
const toAsciiDigits = (s: string) =>
  s
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٫,]/g, '.');
const UNITS = ['mm', 'cm', 'm', 'in', 'g', 'kg'] as const;

/**
 * One row as the object's input (the same the API takes), field by field as the mapping says.
 * Nothing is matched or checked against the database here: see ImportPlanner.
 */
export function draftRow(
  row: number,
  cells: readonly string[],
  headers: readonly string[],
  mapping: ImportMapping,
  defaultLang: string,
): DraftRow {
  const out: DraftRow = { row, accessionNumber: null, input: {}, links: [], errors: [] };
  if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim())) {
    out.errors.push({
      column: null,
      message: `This row has ${cells.length} values; the heading row has ${headers.length}`,
    });
  }
  const push = (key: string, v: unknown) => {
    out.input[key] = [...((out.input[key] as unknown[] | undefined) ?? []), v];
  };
  for (const col of mapping.columns) {
    if (col.field === 'ignore') continue;
    const at = headers.indexOf(col.column);
    if (at < 0) {
      out.errors.push({ column: col.column, message: 'No such column in the file' });
      continue;
    }
    // A value a spreadsheet export kept from running as a formula ('=…) is read as it was written.
    const raw = (cells[at] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');
    if (!raw) continue;
    // Refused here, for every field alike (names of authorities too, which no schema reads), so the dry run refuses what the run would.
    const fault = textFault(raw);
    if (fault) {
      out.errors.push({ column: col.column, message: textFaultError(col.column, fault).message });
      continue;
    }
    const values = (col.split ? raw.split(col.split) : [raw]).map((v) => v.trim()).filter(Boolean);
    const lang = col.lang ?? defaultLang;
    const fail = (message: string) => out.errors.push({ column: col.column, message });
    for (const value of values) {
      const link = LINK_OF[col.field];
      if (link) {
        out.links.push({
          field: link,
          column: col.column,
          label: value,
          lang,
          qualifier: col.qualifier ?? null,
        });
        continue;
      }
      switch (col.field) {
        case 'accessionNumber':
          out.accessionNumber = value;
          out.input.accessionNumber = value;
          break;
        case 'title':
          push('titles', { lang, value });
          break;
        case 'description':
          push('descriptions', { lang, value });
          break;
        case 'provenance':
          push('provenance', { lang, value });
          break;
        case 'creditLine':
          push('creditLine', { lang, value });
          break;
        case 'keyword':
          push('keywords', { lang, value });
          break;
        case 'date':
          push('dates', value);
          break;
        case 'inscription':
          push('inscriptions', { text: value, lang });
          break;
        case 'otherNumber':
          push('otherNumbers', { type: col.qualifier || col.column, value });
          break;
        case 'visibility': {
          const v = value.toLowerCase();
          if (v === 'public' || v === 'internal' || v === 'draft') out.input.visibility = v;
          else fail(`Visibility is public, internal or draft, not “${value}”`);
          break;
        }
        case 'rights': {
          const r = readRights(value);
          if (r) out.input.rights = r;
          else fail(`Not a rights statement or licence this knows: “${value}”`);
          break;
        }
        case 'dimension': {
          const m = /^([a-z]+)\s+([0-9.]+)\s*([a-z]+)(?:\s*\((.+)\))?$/i.exec(toAsciiDigits(value));
          const type = m?.[1]?.toLowerCase() ?? '';
          const unit = m?.[3]?.toLowerCase() ?? '';
          if (
            !m ||
            !(DIMENSION_TYPES as readonly string[]).includes(type) ||
            !(UNITS as readonly string[]).includes(unit)
          )
            fail(`Not a measurement: “${value}” (such as height 24.5 cm)`);
          else
            push('dimensions', { type, value: Number(m[2]), unit, ...(m[4] ? { part: m[4].trim() } : {}) });
          break;
        }
        default: {
          const m = /^([0-9.]+)\s*([a-z]*)$/i.exec(toAsciiDigits(value));
          const unit = (m?.[2] || col.qualifier || 'cm').toLowerCase();
          if (!m || !Number.isFinite(Number(m[1])) || !(UNITS as readonly string[]).includes(unit))
            fail(`Not a measurement: “${value}” (a number and mm, cm, m, in, g or kg)`);
          else push('dimensions', { type: col.field, value: Number(m[1]), unit });
        }
      }
    }
  }
  if (!out.accessionNumber)
    out.errors.push({
      column: mapping.columns.find((c) => c.field === 'accessionNumber')?.column ?? null,
      message: 'No accession number',
    });
  return out;
}
