import { describe, expect, it } from 'vitest';
import { draftRow, readRights, suggestColumns } from './import.mapping.js';
import { importMapping } from './import.schemas.js';
import { readTable } from './import.table.js';

describe('reading and mapping a spreadsheet', () => {
  it('guesses columns from headings in Arabic, French and English and from Mathaf’s own export', () => {
    const s = suggestColumns([
      'رقم الجرد',
      'Titre (fr)',
      'title_ar',
      'Matériaux',
      'Artist',
      'dimensions',
      'keywords_en',
      'title_other',
      'Notes internes',
    ]);
    expect(s.map((c) => [c.field, c.lang ?? null])).toEqual([
      ['accessionNumber', null],
      ['title', 'fr'],
      ['title', 'ar'],
      ['material', null],
      ['maker', null],
      ['dimension', null],
      ['keyword', 'en'],
      ['ignore', null],
      ['ignore', null],
    ]);
    expect(s.find((c) => c.column === 'Artist')!.split).toBe('|');
  });

  it('reads values as written: formulas kept as text, Arabic-Indic numbers, rights by short name, repeated values split', () => {
    const mapping = importMapping.parse({
      columns: [
        { column: 'n', field: 'accessionNumber' },
        { column: 't', field: 'title', lang: 'ar' },
        { column: 'h', field: 'height' },
        { column: 'r', field: 'rights' },
        { column: 'k', field: 'keyword', split: ';', lang: 'fr' },
        { column: 'd', field: 'dimension', split: '|' },
      ],
    });
    const d = draftRow(
      2,
      [
        'A.1',
        "'=cmd|' /C calc'!A0",
        '٢٧٫٥ mm',
        'CC BY-SA 4.0',
        'céramique; lustre ;',
        'width 20 cm (folio) | weight 2 kg',
      ],
      ['n', 't', 'h', 'r', 'k', 'd'],
      mapping,
      'ar',
    );
    expect(d.errors).toEqual([]);
    expect(d.input).toEqual({
      accessionNumber: 'A.1',
      titles: [{ lang: 'ar', value: "=cmd|' /C calc'!A0" }],
      dimensions: [
        { type: 'height', value: 27.5, unit: 'mm' },
        { type: 'width', value: 20, unit: 'cm', part: 'folio' },
        { type: 'weight', value: 2, unit: 'kg' },
      ],
      rights: 'https://creativecommons.org/licenses/by-sa/4.0/',
      keywords: [
        { lang: 'fr', value: 'céramique' },
        { lang: 'fr', value: 'lustre' },
      ],
    });
    expect(readRights('no such licence')).toBeNull();
  });

  it('reads a semicolon-separated file with quoted line breaks, and refuses what is not a spreadsheet', async () => {
    const t = await readTable(Buffer.from('n;t\r\nA.1;"deux\r\nlignes"\r\n;\r\nA.2;x\r\n'), 'csv', {
      encoding: 'auto',
      delimiter: 'auto',
    });
    expect(t).toMatchObject({
      delimiter: ';',
      headers: ['n', 't'],
      rows: [
        { row: 2, cells: ['A.1', 'deux\r\nlignes'] },
        { row: 4, cells: ['A.2', 'x'] },
      ],
    });
    await expect(
      readTable(Buffer.from(''), 'csv', { encoding: 'auto', delimiter: 'auto' }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      readTable(Buffer.from('a,"b\n'), 'csv', { encoding: 'auto', delimiter: 'auto' }),
    ).rejects.toMatchObject({ status: 400, code: 'unreadable_file' });
    // A heading row of thousands of columns, a heading of a page, or a line of a million separators is not a table to map.
    await expect(
      readTable(Buffer.from(`${'h,'.repeat(1500)}\n`), 'csv', { encoding: 'auto', delimiter: 'auto' }),
    ).rejects.toMatchObject({ status: 400, code: 'unreadable_file' });
    await expect(
      readTable(Buffer.from(`n,${'t'.repeat(300)}\nA.1,x\n`), 'csv', { encoding: 'auto', delimiter: 'auto' }),
    ).rejects.toMatchObject({ status: 400, code: 'unreadable_file' });
    await expect(
      readTable(Buffer.from(`n,t\nA.1,${','.repeat(1_000_000)}\n`), 'csv', {
        encoding: 'auto',
        delimiter: 'auto',
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('more than 100,000 values') });
  });
});
