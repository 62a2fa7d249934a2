import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from './csv.js';

describe('CSV lines', () => {
  it('quotes what needs quoting and reads back as written', () => {
    const values = ['a,b', 'say "hi"', 'two\nlines', 'lone\rreturn', 'مصحف شريف', ''];
    const line = csvLine(values);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parse(line, { relax_column_count: false })).toEqual([values]);
  });

  it('neutralises formulas: a spreadsheet shows them as text', () => {
    const line = csvLine([
      "=cmd|' /C calc'!A0",
      '+SUM(A1)',
      '-2+3',
      '@SUM(1)',
      '\t=1',
      'plain',
      42,
      -300,
      null,
    ]);
    const [row] = parse(line) as string[][];
    expect(row!.slice(0, 5).every((v) => v.startsWith("'"))).toBe(true);
    expect(row!.slice(5)).toEqual(['plain', '42', '-300', '']);
  });
});
