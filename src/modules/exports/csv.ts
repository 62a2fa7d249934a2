import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 as spreadsheets read it: CRLF between records, quotes where a value needs them (any
 * line break, even a lone CR), and a value that a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@`, tab, CR at its start) prefixed with `'` so that it is shown, never executed. Numbers
 * are written as numbers.
 */
const OPTIONS = { escape_formulas: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** Excel takes a file without it for the local code page, which turns Arabic into mojibake. */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | null;

/** One record of a CSV file, with its line end. */
export const csvLine = (values: readonly CsvValue[]): string =>
  stringify([values.map((v) => v ?? '')], OPTIONS);
