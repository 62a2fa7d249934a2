import { parse } from 'csv-parse/sync';
import { readSheet, type SheetData } from 'read-excel-file/node';
import { AppError } from '../../errors.js';
import type { ImportMapping } from './import.schemas.js';

/** A spreadsheet as rows of text: its headings, its rows (with their row number in the file), and how it was read. */
export interface Table {
  headers: string[];
  rows: { row: number; cells: string[] }[];
  encoding: string;
  delimiter: string;
}

const unreadable = (message: string) => new AppError('unreadable_file', 400, message);

/**
 * The text of a CSV file. A byte order mark decides; else UTF-16 is recognised by its zero bytes,
 * UTF-8 by decoding without error, and anything else is read as Windows-1256, the code page of
 * Arabic spreadsheets saved by Excel on Windows. A chosen encoding that does not fit is an error,
 * not mojibake.
 */
export function decode(data: Buffer, chosen: ImportMapping['encoding']): { text: string; encoding: string } {
  const encoding = chosen === 'auto' ? detect(data) : chosen;
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(data), encoding };
  } catch {
    throw unreadable(chosen === 'auto' ? 'The file could not be decoded; choose its encoding' : `The file is not valid ${encoding}; choose another encoding`);
  }
}

function detect(data: Buffer): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return 'utf-8';
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  const head = data.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) (i % 2 ? oddZeros++ : evenZeros++);
  if (oddZeros > head.length / 8 && oddZeros > evenZeros * 4) return 'utf-16le';
  if (evenZeros > head.length / 8 && evenZeros > oddZeros * 4) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return 'utf-8';
  } catch {
    return 'windows-1256';
  }
}

/** The separator of the first line, outside quotes: the commonest of comma, semicolon (French and Arabic Excel) and tab. */
function detectDelimiter(text: string): string {
  const line = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** Reads a CSV (any of the encodings) or XLSX file (its first sheet). Empty rows are passed over; row numbers are the file's. */
export async function readTable(data: Buffer, format: 'csv' | 'xlsx', opts: Pick<ImportMapping, 'encoding' | 'delimiter'>): Promise<Table> {
  if (format === 'xlsx') {
    let sheet: SheetData;
    try {
      sheet = await readSheet(data, 1);
    } catch {
      throw unreadable('The file is not a spreadsheet this can read (XLSX)');
    }
    return tableOf(sheet.map((r, i) => ({ row: i + 1, cells: r.map(cellText) })), 'xlsx', '');
  }
  const { text, encoding } = decode(data, opts.encoding);
  const delimiter = opts.delimiter === 'auto' ? detectDelimiter(text) : opts.delimiter;
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw unreadable(`The file is not valid CSV${line ? ` near line ${line}` : ''}: ${(e as Error).message.replace(/^Invalid /, '')}`);
  }
  return tableOf(records.map((cells, i) => ({ row: i + 1, cells })), encoding, delimiter);
}

function tableOf(all: { row: number; cells: string[] }[], encoding: string, delimiter: string): Table {
  const first = all.findIndex((r) => !isBlank(r.cells));
  if (first < 0) throw unreadable('The file has no rows');
  const headers = all[first]!.cells.map((h) => h.trim());
  return { headers, rows: all.slice(first + 1).filter((r) => !isBlank(r.cells)), encoding, delimiter };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}
