import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { AppError } from '../../errors.js';
import type { ImportMapping } from './import.schemas.js';

/** One row of a spreadsheet as text, with its number in the file. */
export interface TableRow {
  row: number;
  cells: string[];
}

/** A spreadsheet as rows of text: its headings, its rows (with their row number in the file), and how it was read. */
export interface Table {
  headers: string[];
  rows: TableRow[];
  encoding: string;
  delimiter: string;
}

/**
 * A spreadsheet opened for reading: its headings and how it was decoded, and its rows as a stream,
 * read anew from the file at each call, so a million rows never stand in memory at once.
 */
export interface TableReader {
  headers: string[];
  encoding: string;
  delimiter: string;
  /** The rows after the heading row, blank ones passed over, a batch at a time; past `maxRows` of them, a `too_many_rows` error. */
  rows(): AsyncGenerator<TableRow[]>;
}

const unreadable = (message: string) => new AppError('unreadable_file', 400, message);

/** A file of more rows than an import takes (IMPORT_MAX_ROWS). */
export const tooManyRows = (max: number) =>
  new AppError(
    'too_many_rows',
    413,
    `The file has more than ${max.toLocaleString('en')} rows, more than one import takes; split it into smaller files`,
    { values: { max } },
  );

/** A workbook whose XML would fill more heap than an import thread has. */
export const tooLargeToRead = () =>
  new AppError(
    'import_too_large',
    413,
    'Reading this file needs more memory than an import is given; save it as CSV, or split it into smaller files',
  );

/**
 * The encoding of a CSV file, unless chosen. A byte order mark decides; else UTF-16 is recognised
 * by its zero bytes, UTF-8 by decoding without error, and anything else is read as Windows-1256,
 * the code page of Arabic spreadsheets saved by Excel on Windows. A chosen encoding that does not
 * fit is an error when the text is read, not mojibake.
 */
export function encodingOf(data: Uint8Array, chosen: ImportMapping['encoding']): string {
  return chosen === 'auto' ? detect(data) : chosen;
}

const undecodable = (chosen: ImportMapping['encoding'], encoding: string) =>
  unreadable(
    chosen === 'auto'
      ? 'The file could not be decoded; choose its encoding'
      : `The file is not valid ${encoding}; choose another encoding`,
  );

function detect(data: Uint8Array): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return 'utf-8';
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  const head = data.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 ? oddZeros++ : evenZeros++;
  if (oddZeros > head.length / 8 && oddZeros > evenZeros * 4) return 'utf-16le';
  if (evenZeros > head.length / 8 && evenZeros > oddZeros * 4) return 'utf-16be';
  // Checked in place, without making the whole file a string.
  return isUtf8(data) ? 'utf-8' : 'windows-1256';
}

/** The separator of the first line, outside quotes: the commonest of comma, semicolon (French and Arabic Excel) and tab. */
function detectDelimiter(text: string): string {
  const line = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');
/** Text decoded from the file a slice at a time (a multi-byte character across two slices is carried over). */
const SLICE = 256 * 1024;

function* textSlices(
  data: Uint8Array,
  encoding: string,
  chosen: ImportMapping['encoding'],
): Generator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for (let at = 0; at < data.length; at += SLICE)
      yield decoder.decode(data.subarray(at, at + SLICE), { stream: at + SLICE < data.length });
    if (!data.length) yield decoder.decode();
  } catch (e) {
    if (e instanceof TypeError) throw undecodable(chosen, encoding);
    throw e;
  }
}

/**
 * Every record of a CSV file as it is parsed, numbered from 1, blank ones included: as many at a
 * time as the parser has ready (a promise a batch, not a row, where most of the time went).
 */
async function* csvRecords(
  data: Uint8Array,
  encoding: string,
  delimiter: string,
  chosen: ImportMapping['encoding'],
): AsyncGenerator<TableRow[]> {
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true });
  const source = Readable.from(textSlices(data, encoding, chosen), { objectMode: false });
  const done = pipeline(source, parser).catch((e: unknown) => e);
  let row = 0;
  try {
    for await (const first of parser as AsyncIterable<string[]>) {
      const batch: TableRow[] = [{ row: ++row, cells: first }];
      for (
        let cells = parser.read() as string[] | null;
        cells !== null;
        cells = parser.read() as string[] | null
      )
        batch.push({ row: ++row, cells });
      yield batch;
    }
  } catch (e) {
    throw csvError(e);
  } finally {
    if (!parser.destroyed) parser.destroy();
  }
  const failed = await done;
  if (failed) throw csvError(failed);
}

function csvError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const line = (e as { lines?: number }).lines;
  return unreadable(
    `The file is not valid CSV${line ? ` near line ${line}` : ''}: ${(e as Error).message.replace(/^Invalid /, '')}`,
  );
}

/**
 * Values on one line of a CSV file: a parser builds a row's values in one array as it reads them,
 * and a line of millions of separators (a file of 64 MB of commas) would fill the thread's heap in
 * a way that can stop the process; such a line is refused before parsing.
 */
const MAX_VALUES = 100_000;

/**
 * The most separators between two line feeds, counted in the bytes (in every encoding read here a
 * separator and a line feed are bytes of their own; a UTF-16 letter may count as one too, which
 * only overstates). Only lines longer than the limit are counted, so this costs a search for line feeds.
 */
function widestLine(data: Uint8Array, separator: number): number {
  let widest = 0;
  for (let start = 0; start < data.length; ) {
    const found = data.indexOf(0x0a, start);
    const end = found < 0 ? data.length : found;
    if (end - start > MAX_VALUES) {
      let n = 0;
      for (let i = start; i < end; i++) if (data[i] === separator) n++;
      widest = Math.max(widest, n);
    }
    start = end + 1;
  }
  return widest;
}

/** Headings an import maps (a mapping names at most 300 columns, each by a heading of at most 200 characters). */
const MAX_COLUMNS = 1000;
const MAX_HEADING = 200;

/** The first row that is not blank (the headings), and its number. */
async function headingsOf(records: AsyncGenerator<TableRow[]>): Promise<TableRow> {
  try {
    for await (const batch of records) {
      const r = batch.find((b) => !isBlank(b.cells));
      if (!r) continue;
      const cells = r.cells.map((h) => h.trim());
      // A heading row of a million cells, or a heading of a megabyte, is not one to map: refused before anything shows it.
      if (cells.length > MAX_COLUMNS)
        throw unreadable(
          `The heading row has ${cells.length} columns; an import reads at most ${MAX_COLUMNS}`,
        );
      if (cells.some((h) => h.length > MAX_HEADING))
        throw unreadable(
          `A heading of the first row is longer than ${MAX_HEADING} characters; is it the heading row?`,
        );
      return { row: r.row, cells };
    }
  } finally {
    await records.return(undefined);
  }
  throw unreadable('The file has no rows');
}

/** The rows after the headings, blank ones passed over, and no more than `maxRows`. */
async function* bodyOf(
  records: AsyncGenerator<TableRow[]>,
  headingRow: number,
  maxRows: number,
): AsyncGenerator<TableRow[]> {
  let n = 0;
  for await (const batch of records) {
    const rows = batch.filter((r) => r.row > headingRow && !isBlank(r.cells));
    n += rows.length;
    if (n > maxRows) throw tooManyRows(maxRows);
    if (rows.length) yield rows;
  }
}

/**
 * Opens a CSV (any of the encodings) or XLSX file (its first sheet) for reading. Empty rows are
 * passed over; row numbers are the file's. A CSV file is parsed as a stream at each reading; an
 * XLSX workbook is measured first (its XML no more than `maxXmlBytes`, its sheet's rows counted as
 * they inflate, no more than `maxRows`), then read whole: a reader that runs out of heap may stop
 * the process, not only its thread, so what it is given is bounded before.
 */
export async function openTable(
  data: Buffer,
  format: 'csv' | 'xlsx',
  opts: Pick<ImportMapping, 'encoding' | 'delimiter'>,
  maxRows = Number.POSITIVE_INFINITY,
  maxXmlBytes = Number.POSITIVE_INFINITY,
): Promise<TableReader> {
  if (format === 'xlsx') {
    // Loaded for a workbook alone: a thread that reads CSV files starts faster without them.
    const [{ measureWorkbook }, { readSheet }] = await Promise.all([
      import('./import.xlsx.js'),
      import('read-excel-file/node'),
    ]);
    // The heading row and blank rows beside: a sheet of more rows with values than this is refused unread.
    const size = await measureWorkbook(data, maxRows + 1, maxXmlBytes).catch(() => {
      throw unreadable('The file is not a spreadsheet this can read (XLSX)');
    });
    if (size.xmlBytes > maxXmlBytes) throw tooLargeToRead();
    if (size.rows > maxRows + 1) throw tooManyRows(maxRows);
    let sheet: unknown[][];
    try {
      sheet = await readSheet(data, 1);
    } catch {
      throw unreadable('The file is not a spreadsheet this can read (XLSX)');
    }
    const records = async function* () {
      for (let i = 0; i < sheet.length; i += 1000)
        yield sheet.slice(i, i + 1000).map((cells, j) => ({ row: i + j + 1, cells: cells.map(cellText) }));
    };
    const head = await headingsOf(records());
    return {
      headers: head.cells,
      encoding: 'xlsx',
      delimiter: '',
      rows: () => bodyOf(records(), head.row, maxRows),
    };
  }
  const encoding = encodingOf(data, opts.encoding);
  const delimiter =
    opts.delimiter === 'auto'
      ? detectDelimiter(new TextDecoder(encoding).decode(data.subarray(0, 64 * 1024)))
      : opts.delimiter;
  if (widestLine(data, delimiter.charCodeAt(0)) > MAX_VALUES)
    throw unreadable(
      `A line of the file has more than ${MAX_VALUES.toLocaleString('en')} values; is the separator right?`,
    );
  const head = await headingsOf(csvRecords(data, encoding, delimiter, opts.encoding));
  return {
    headers: head.cells,
    encoding,
    delimiter,
    rows: () => bodyOf(csvRecords(data, encoding, delimiter, opts.encoding), head.row, maxRows),
  };
}

/** Reads a whole (small) file into memory: its headings and every row. */
export async function readTable(
  data: Buffer,
  format: 'csv' | 'xlsx',
  opts: Pick<ImportMapping, 'encoding' | 'delimiter'>,
): Promise<Table> {
  const t = await openTable(data, format, opts);
  const rows: TableRow[] = [];
  for await (const batch of t.rows()) rows.push(...batch);
  return { headers: t.headers, rows, encoding: t.encoding, delimiter: t.delimiter };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}
