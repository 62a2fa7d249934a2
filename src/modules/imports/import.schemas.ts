import { z } from 'zod';
import { langTag, visibility } from '../common/values.schemas.js';
import { DIMENSION_TYPES } from '../objects/object.schemas.js';

/**
 * What a column of a spreadsheet can fill. `ignore` leaves it out; the dimension types take a
 * number and a unit; `dimension` takes the type too (`height 24.2 cm (folio)`, as the export writes it).
 */
export const IMPORT_FIELDS = [
  'ignore',
  'accessionNumber',
  'title',
  'description',
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
  'inscription',
  'provenance',
  'creditLine',
  'rights',
  'keyword',
  'visibility',
  'otherNumber',
  'dimension',
  ...DIMENSION_TYPES,
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1256'] as const;
export const DELIMITERS = ['auto', ',', ';', '\t'] as const;

/** The longest column heading a mapping can name: a file with a longer one is refused as it is uploaded. */
export const HEADING_MAX = 200;

/** One column of the file and where its values go. */
export const importColumn = z
  .object({
    /** The column's heading in the file, as written. */
    column: z.string().max(HEADING_MAX),
    field: z.enum(IMPORT_FIELDS),
    /** The language of its text (titles, descriptions, names of new terms); the museum's language when not said. */
    lang: langTag.optional(),
    /** Splits one cell into several values (`|`, `;`); text fields are not split unless asked. */
    split: z.string().min(1).max(5).optional(),
    /** A maker's role or a place's (calligrapher, place of production); an other number's type; a dimension's unit. */
    qualifier: z.string().trim().max(100).optional(),
  })
  .strict();
export type ImportColumn = z.infer<typeof importColumn>;

/** How a file is read and where each of its columns goes: saved with a name to be used again. */
export const importMapping = z
  .object({
    encoding: z.enum(ENCODINGS).default('auto'),
    delimiter: z.enum(DELIMITERS).default('auto'),
    columns: z.array(importColumn).min(1).max(300),
    /** Linked names (makers, materials…) that match no authority: `create` adds them to the museum's authorities, `reject` refuses the row. */
    newAuthorities: z.enum(['create', 'reject']).default('reject'),
    /** The visibility of new records when no column gives one. */
    visibility: visibility.default('draft'),
    /** Keeps date texts the parser cannot read, flagged for review, rather than refusing the row. */
    keepUnreadDates: z.boolean().default(false),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.columns.some((c) => c.field === 'accessionNumber'))
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'map one column to the accession number' });
    if (!m.columns.some((c) => c.field === 'title'))
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'map at least one column to a title' });
    if (m.columns.filter((c) => c.field === 'accessionNumber').length > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['columns'],
        message: 'only one column can be the accession number',
      });
  });
export type ImportMapping = z.infer<typeof importMapping>;

export const savedMappingInput = z
  .object({ name: z.string().trim().min(1).max(100), mapping: importMapping })
  .strict();

/** Running an import for real: rows the dry run refused are skipped only when asked; otherwise nothing is written. */
export const runInput = z
  .object({ mapping: importMapping, skipRejected: z.boolean().default(false) })
  .strict();

export const IMPORT_STATUSES = [
  'uploaded',
  'queued',
  'running',
  'done',
  'refused',
  'failed',
  'undone',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What happened, or would happen, to one row. */
export const rowOutcome = z.object({
  row: z.number(),
  accessionNumber: z.string().nullable(),
  action: z.enum(['create', 'update', 'unchanged', 'reject']),
  errors: z.array(z.object({ column: z.string().nullable(), message: z.string() })),
});
export type RowOutcome = z.infer<typeof rowOutcome>;

export const importReport = z.object({
  rows: z.number(),
  create: z.number(),
  update: z.number(),
  unchanged: z.number(),
  reject: z.number(),
  /** Names that match no authority (the first 1,000): created on import (`newAuthorities: create`) or the reason rows are refused. */
  newAuthorities: z.array(
    z.object({ field: z.string(), label: z.string(), lang: z.string(), rows: z.number() }),
  ),
  /** The first 1,000 refused rows and the first 100 of each other kind, in the file's order (a report of 100,000 rows is read by its counts). */
  outcomes: z.array(rowOutcome),
});
export type ImportReport = z.infer<typeof importReport>;

export const importBatch = z.object({
  id: z.string(),
  filename: z.string(),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(IMPORT_STATUSES),
  /** Rows written so far while it runs. */
  processed: z.number(),
  total: z.number(),
  report: importReport.nullable(),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportBatch = z.infer<typeof importBatch>;

/** A file as read: its headings, a few rows to show, how it was decoded, and a mapping guessed from the headings. */
export const importPreview = z.object({
  batch: importBatch,
  encoding: z.string(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  rows: z.number(),
  suggested: z.array(importColumn),
});
