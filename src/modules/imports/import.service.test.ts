import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeConcept, makeMuseum, makePerson, makeUser, objectInput } from '../../../test/factories.js';
import type { Museum } from '../museums/museum.schemas.js';
import { makeXlsx } from '../../../test/xlsx.js';

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const MAPPING = {
  columns: [
    { column: 'Accession', field: 'accessionNumber' },
    { column: 'Title (ar)', field: 'title', lang: 'ar' },
    { column: 'Title (en)', field: 'title', lang: 'en' },
    { column: 'Maker', field: 'maker', split: '|' },
    { column: 'Material', field: 'material', split: '|' },
    { column: 'Date', field: 'date' },
    { column: 'Height', field: 'height' },
    { column: 'Public', field: 'visibility' },
  ],
};
const HEAD = 'Accession,Title (ar),Title (en),Maker,Material,Date,Height,Public';

describe.each(ENGINES)('spreadsheet imports (%s)', (engine) => {
  let env: TestEnv;
  let dir: string;
  let museum: Museum;
  let registrar: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-import-'));
    env = await createTestEnv(engine, { MEDIA_DIR: dir });
    museum = await makeMuseum(env.services, `imp-${engine}`);
    registrar = await makeUser(env.services, { museum, role: 'registrar' });
    await makePerson(env.services, 'Ibn al-Bawwab', 'ابن البوّاب');
    await makeConcept(env.services, 'material', 'paper', 'ورق');
  });
  afterAll(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dry-runs a file row by row: creates, matches names in any script, refuses bad rows with the column and the reason, and writes nothing', async () => {
    const s = env.services;
    const up = await s.imports.upload(
      registrar,
      museum.id,
      'objects.csv',
      csv([
        HEAD,
        'IMP.1,مصحف,Qurʾan,ابن البواب (calligrapher),Paper,391 AH,17.5 cm,public',
        'IMP.2,,Bowl,Unknown Potter,ورق,not a date at all,٢٧٫٥,draft',
        'IMP.3,إبريق,Ewer,,,,abc,secret',
        'IMP.3,إبريق,Ewer again,,,,,',
        'IMP.4,قلم,Pen case,,,,,,extra',
      ]),
    );
    expect(up.headers).toEqual(HEAD.split(','));
    expect(up.rows).toBe(5);
    expect(up.encoding).toBe('utf-8');
    const report = await s.imports.dryRun(registrar, museum.id, up.batch.id, MAPPING);
    expect(report).toMatchObject({ rows: 5, create: 1, update: 0, reject: 4 });
    const byRow = new Map(report.outcomes.map((o) => [o.row, o]));
    expect(byRow.get(2)).toMatchObject({ action: 'create', accessionNumber: 'IMP.1', errors: [] });
    expect(byRow.get(3)!.errors).toEqual(
      expect.arrayContaining([
        { column: 'Maker', message: 'No maker “Unknown Potter” among the authorities' },
      ]),
    );
    expect(byRow.get(4)!.errors).toEqual(
      expect.arrayContaining([
        { column: 'Height', message: 'Not a measurement: “abc” (a number and mm, cm, m, in, g or kg)' },
        { column: 'Public', message: 'Visibility is public, internal or draft, not “secret”' },
        { column: 'Accession', message: 'The accession number IMP.3 is also on row 5' },
      ]),
    );
    expect(byRow.get(6)!.errors[0]!.message).toBe('This row has 9 values; the heading row has 8');
    expect(await s.objects.list(registrar, museum.id, {})).toMatchObject({ total: 0 });
  });

  it('imports in the background, is idempotent by accession number, and undoes the whole batch', async () => {
    const s = env.services;
    const existing = await s.objects.create(
      registrar,
      museum.id,
      objectInput({
        accessionNumber: 'UPD.1',
        titles: [
          { lang: 'ar', value: 'عنوان قديم' },
          { lang: 'fr', value: 'Titre gardé' },
        ],
      }),
    );
    const file = csv([
      HEAD,
      'NEW.1,سجادة,Carpet,Ibn al-Bawwab,paper|Silk,1010 AH,120,public',
      'UPD.1,,Fresh English title,,,,,',
      'NEW.2,سيف,Sword,,,,,',
    ]);
    const up = await s.imports.upload(registrar, museum.id, 'objects.csv', file);
    const mapping = { ...MAPPING, newAuthorities: 'create' };
    const dry = await s.imports.dryRun(registrar, museum.id, up.batch.id, mapping);
    expect(dry).toMatchObject({
      create: 2,
      update: 1,
      reject: 0,
      newAuthorities: [{ field: 'material', label: 'Silk', rows: 1 }],
    });
    const queued = await s.imports.run(registrar, museum.id, up.batch.id, { mapping });
    expect(queued.status).toBe('queued');
    await s.worker.drain();
    const done = await s.imports.get(registrar, museum.id, up.batch.id);
    expect(done).toMatchObject({ status: 'done', processed: 3, total: 3, report: { create: 2, update: 1 } });
    const list = await s.objects.list(registrar, museum.id, { q: 'NEW' });
    expect(list.items.map((o) => o.accessionNumber).sort()).toEqual(['NEW.1', 'NEW.2']);
    const carpet = await s.objects.get(
      registrar,
      museum.id,
      list.items.find((o) => o.accessionNumber === 'NEW.1')!.id,
    );
    expect(carpet).toMatchObject({
      visibility: 'public',
      dimensions: [{ type: 'height', value: 120, unit: 'cm' }],
    });
    expect(carpet.materials.map((m) => m.labels[0]!.value)).toEqual(['paper', 'Silk']);
    expect(carpet.dates[0]).toMatchObject({ calendar: 'islamic', earliest: 1601 });
    const updated = await s.objects.get(registrar, museum.id, existing.id);
    expect(updated.titles).toEqual([
      { lang: 'ar', value: 'عنوان قديم' },
      { lang: 'fr', value: 'Titre gardé' },
      { lang: 'en', value: 'Fresh English title' },
    ]);
    expect(
      (await s.searches.searchMuseum(registrar, museum.id, { q: 'سجاده' })).items.map(
        (i) => i.accessionNumber,
      ),
    ).toEqual(['NEW.1']);
    const history = await s.objects.history(registrar, museum.id, carpet.id);
    expect(history.map((h) => h.action)).toEqual(['create']);

    // The same file again changes nothing.
    const again = await s.imports.upload(registrar, museum.id, 'objects.csv', file);
    expect(await s.imports.dryRun(registrar, museum.id, again.batch.id, mapping)).toMatchObject({
      create: 0,
      update: 0,
      unchanged: 3,
      newAuthorities: [],
    });

    // Undo: new records gone, the updated one as it was, the new authority removed.
    const undone = await s.imports.undo(registrar, museum.id, up.batch.id);
    expect(undone.status).toBe('undone');
    expect((await s.objects.list(registrar, museum.id, { q: 'NEW' })).total).toBe(0);
    expect((await s.objects.get(registrar, museum.id, existing.id)).titles).toEqual(existing.titles);
    expect((await s.searches.searchMuseum(registrar, museum.id, { q: 'سجاده' })).total).toBe(0);
    expect(
      await s.repos.authorities.findByLabel(
        s.database.db,
        { museumId: museum.id },
        'concept',
        'material',
        'Silk',
      ),
    ).toBeUndefined();
    await expect(s.imports.undo(registrar, museum.id, up.batch.id)).rejects.toMatchObject({ status: 409 });
  });

  it('refuses to run a file with refused rows unless told to skip them, and never undoes over later edits', async () => {
    const s = env.services;
    const up = await s.imports.upload(
      registrar,
      museum.id,
      'mixed.csv',
      csv([HEAD, 'MIX.1,كتاب,Book,,,,,', 'MIX.2,,,,,,,']),
    );
    await s.imports.run(registrar, museum.id, up.batch.id, { mapping: MAPPING });
    await s.worker.drain();
    expect(await s.imports.get(registrar, museum.id, up.batch.id)).toMatchObject({
      status: 'refused',
      report: { reject: 1, create: 1 },
    });
    expect((await s.objects.list(registrar, museum.id, { q: 'MIX' })).total).toBe(0);
    await s.imports.run(registrar, museum.id, up.batch.id, { mapping: MAPPING, skipRejected: true });
    await s.worker.drain();
    expect(await s.imports.get(registrar, museum.id, up.batch.id)).toMatchObject({ status: 'done' });
    const [book] = (await s.objects.list(registrar, museum.id, { q: 'MIX' })).items;
    await s.objects.patch(registrar, museum.id, book!.id, {
      titles: [{ lang: 'en', value: 'Edited since' }],
    });
    await expect(s.imports.undo(registrar, museum.id, up.batch.id)).rejects.toMatchObject({
      status: 409,
      code: 'changed_since',
    });
    expect((await s.objects.get(registrar, museum.id, book!.id)).titles).toEqual([
      { lang: 'en', value: 'Edited since' },
    ]);
  });

  it('refuses, in the dry run as in the run and alike on both engines, rows whose text cannot be stored', async () => {
    const s = env.services;
    // A NUL in a title, in a maker's name (an authority no schema reads) and in a date; the other rows are fine.
    const up = await s.imports.upload(
      registrar,
      museum.id,
      'nul.csv',
      csv([
        HEAD,
        'NUL.1,كتاب,Bo\u0000ok,,,,,',
        'NUL.2,كتاب,Book,Ibn\u0000Muqla,,,,',
        'NUL.3,كتاب,Book,,,1200\u0000,,',
        'NUL.4,كتاب,Book,,,,,',
      ]),
    );
    const dry = await s.imports.dryRun(registrar, museum.id, up.batch.id, {
      ...MAPPING,
      newAuthorities: 'create',
    });
    expect(dry).toMatchObject({ rows: 4, create: 1, reject: 3, newAuthorities: [] });
    const refused = dry.outcomes
      .filter((o) => o.action === 'reject')
      .map((o) => [o.accessionNumber, o.errors.map((e) => e.column)]);
    expect(refused).toEqual([
      ['NUL.1', ['Title (en)']],
      ['NUL.2', ['Maker']],
      ['NUL.3', ['Date']],
    ]);
    expect(dry.outcomes[0]!.errors[0]!.message).toContain('NUL');
    const run = await s.imports.runNow(registrar, museum.id, up.batch.id, {
      mapping: { ...MAPPING, newAuthorities: 'create' },
      skipRejected: true,
    });
    expect(run).toMatchObject({ status: 'done', report: { create: 1, reject: 3 } });
    expect(
      (await s.objects.list(registrar, museum.id, { q: 'NUL' })).items.map((o) => o.accessionNumber),
    ).toEqual(['NUL.4']);
  });

  it('refuses in the dry run a new name the authority form would refuse, so that the run writes what the dry run passed', async () => {
    const s = env.services;
    const long = 'ن'.repeat(501);
    const up = await s.imports.upload(
      registrar,
      museum.id,
      'names.csv',
      csv([
        HEAD,
        `NAME.1,كتاب,Book,${long},,,,`,
        'NAME.2,قلم,Pen case,Ibn Muqla,,,,',
        `NAME.3,دواة,Inkwell,${long} (calligrapher),,,,`,
      ]),
    );
    const mapping = { ...MAPPING, newAuthorities: 'create' };
    const dry = await s.imports.dryRun(registrar, museum.id, up.batch.id, mapping);
    expect(dry).toMatchObject({ create: 1, reject: 2 });
    for (const row of [2, 4]) {
      expect(dry.outcomes.find((o) => o.row === row)!.errors).toEqual([
        { column: 'Maker', message: expect.stringContaining('cannot be the name of a new maker') },
      ]);
    }
    const done = await s.imports.runNow(registrar, museum.id, up.batch.id, { mapping, skipRejected: true });
    expect(done).toMatchObject({ status: 'done', report: { create: 1, reject: 2 } });
    expect(
      (await s.objects.list(registrar, museum.id, { q: 'NAME' })).items.map((o) => o.accessionNumber),
    ).toEqual(['NAME.2']);
    expect(
      await s.repos.authorities.findByLabel(s.database.db, { museumId: museum.id }, 'person', null, long),
    ).toBeUndefined();
  });

  it('counts every refused row of a long file but shows the first thousand, so a report stays small', async () => {
    const s = env.services;
    const lines = [HEAD, ...Array.from({ length: 1500 }, (_, i) => `REF.${i},,,,,,,`)];
    const up = await s.imports.upload(registrar, museum.id, 'untitled.csv', csv(lines));
    const dry = await s.imports.dryRun(registrar, museum.id, up.batch.id, MAPPING);
    expect(dry).toMatchObject({ rows: 1500, reject: 1500, create: 0 });
    expect(dry.outcomes).toHaveLength(1000);
    expect(dry.outcomes.at(-1)).toMatchObject({
      row: 1001,
      action: 'reject',
      errors: [{ column: 'Title (ar), Title (en)', message: 'No title' }],
    });
  });

  it('imports an XLSX workbook as it does a CSV file', async () => {
    const s = env.services;
    const book = makeXlsx([
      ['accession_number', 'title_ar', 'title_en', 'materials', 'dimensions_height'],
      ['XL.1', 'طبق خزفي', 'Fritware dish', 'paper', 32],
      ['XL.2', 'قنينة', 'Bottle', '', 18.5],
    ]);
    const up = await s.imports.upload(registrar, museum.id, 'objects.xlsx', book);
    expect(up).toMatchObject({
      batch: { format: 'xlsx' },
      headers: ['accession_number', 'title_ar', 'title_en', 'materials', 'dimensions_height'],
      rows: 2,
    });
    const mapping = {
      columns: up.suggested.map((c) => (c.column === 'dimensions_height' ? { ...c, field: 'height' } : c)),
    };
    expect(await s.imports.runNow(registrar, museum.id, up.batch.id, { mapping })).toMatchObject({
      status: 'done',
      report: { create: 2, reject: 0 },
    });
    const [dish] = (await s.objects.list(registrar, museum.id, { q: 'XL.1' })).items;
    const o = await s.objects.get(registrar, museum.id, dish!.id);
    expect(o.titles).toEqual([
      { lang: 'ar', value: 'طبق خزفي' },
      { lang: 'en', value: 'Fritware dish' },
    ]);
    expect(o.dimensions).toEqual([{ type: 'height', value: 32, unit: 'cm' }]);
    expect(o.materials.map((m) => m.labels.find((l) => l.lang === 'en')?.value)).toEqual(['paper']);
  });

  it('reads Windows-1256 and UTF-16 files, and keeps other museums and roles out', async () => {
    const s = env.services;
    const text = `${HEAD}\r\nENC.1,مخطوطة,Manuscript,,,,,\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const a = await s.imports.upload(registrar, museum.id, 'u16.csv', utf16);
    expect(a.encoding).toBe('utf-16le');
    expect(a.sample[0]![1]).toBe('مخطوطة');
    // Windows-1256 bytes for مخطوطة, written as Excel on Windows does.
    const cp1256 = Buffer.concat([
      Buffer.from(`${HEAD}\r\nENC.2,`),
      Buffer.from([0xe3, 0xce, 0xd8, 0xe6, 0xd8, 0xc9]),
      Buffer.from(',Manuscript,,,,,\r\n'),
    ]);
    const b = await s.imports.upload(registrar, museum.id, 'cp.csv', cp1256);
    expect(b.encoding).toBe('windows-1256');
    expect(b.sample[0]![1]).toBe('مخطوطة');
    await expect(
      s.imports.preview(registrar, museum.id, b.batch.id, { encoding: 'utf-8' }),
    ).rejects.toMatchObject({ status: 400, code: 'unreadable_file' });

    const other = await makeMuseum(s);
    const outsider = await makeUser(s, { museum: other, role: 'director' });
    await expect(s.imports.get(outsider, museum.id, a.batch.id)).rejects.toMatchObject({ status: 404 });
    await expect(s.imports.dryRun(outsider, other.id, a.batch.id, MAPPING)).rejects.toMatchObject({
      status: 404,
    });
    const volunteer = await makeUser(s, { museum, role: 'volunteer' });
    await expect(s.imports.upload(volunteer, museum.id, 'x.csv', csv([HEAD]))).rejects.toMatchObject({
      status: 403,
    });
    const curator = await makeUser(s, { museum, role: 'conservator' });
    await expect(s.imports.run(curator, museum.id, a.batch.id, { mapping: MAPPING })).rejects.toMatchObject({
      status: 403,
    });
  });
});
