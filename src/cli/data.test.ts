import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/database.js';
import { makeConcept, makeMuseum, makePerson, makeUser, objectInput } from '../../test/factories.js';
import { suggestColumns } from '../modules/imports/import.mapping.js';
import { exportCommand, importCommand } from './data.js';

/** Runs a command, returning what it printed and wrote. */
async function captured<T>(f: () => Promise<T>): Promise<{ result: T; out: string; log: string }> {
  let out = '';
  let log = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const l = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    log += `${a.join(' ')}\n`;
  });
  try {
    return { result: await f(), out, log };
  } finally {
    w.mockRestore();
    l.mockRestore();
  }
}

/** `mathaf export` and `mathaf import`: a museum's records out as CSV and into another museum, field for field. */
describe('the export and import commands', () => {
  let env: TestEnv;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-cli-'));
    env = await createTestEnv('sqlite', { MEDIA_DIR: dir });
  });
  afterAll(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a collection through CSV', async () => {
    const s = env.services;
    const from = await makeMuseum(s, 'cli-from');
    const to = await makeMuseum(s, 'cli-to');
    const director = await makeUser(s, { museum: from, role: 'director', email: 'director@cli.org' });
    await s.museums.addMember(await makeUser(s, { admin: true }), to.id, director.userId, 'director');
    const both = (await s.actors.forUser(director.userId))!;
    const maker = await makePerson(s, 'Mir Ali', 'مير علي');
    const ink = await makeConcept(s, 'material', 'ink', 'حبر');
    const original = await s.objects.create(
      director,
      from.id,
      objectInput({
        accessionNumber: 'CLI.1',
        visibility: 'public',
        titles: [
          { lang: 'ar', value: 'قطعة خط' },
          { lang: 'en', value: 'Calligraphy, "nastaʿliq"' },
        ],
        descriptions: [{ lang: 'en', value: '=1+1, not a formula' }],
        makers: [{ id: maker.id, qualifier: 'calligrapher' }],
        materials: [{ id: ink.id }],
        dates: ['950 AH'],
        dimensions: [{ type: 'height', value: 24.2, unit: 'cm' }],
        rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
        keywords: [{ lang: 'en', value: 'Safavid' }],
      }),
    );
    const { out: csv } = await captured(() =>
      exportCommand(s, { museum: 'cli-from', as: 'director@cli.org', format: 'csv' }),
    );
    const file = join(dir, 'export.csv');
    writeFileSync(file, csv);
    const headers = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ columns: suggestColumns(headers), visibility: 'internal' }));

    const dry = await captured(() =>
      importCommand(s, file, { museum: 'cli-to', mapping, as: 'director@cli.org', 'dry-run': true }),
    );
    expect(dry.log).toContain('1 new, 0 updated, 0 unchanged, 0 refused.');
    expect(dry.result).toBe(0);
    expect((await s.objects.list(both, to.id, {})).total).toBe(0);
    const run = await captured(() =>
      importCommand(s, file, { museum: 'cli-to', mapping, as: 'director@cli.org' }),
    );
    expect(run.log).toMatch(/Import [0-9a-f-]+: done/);
    const [copy] = (await s.objects.list(both, to.id, {})).items;
    const imported = await s.objects.get(both, to.id, copy!.id);
    for (const field of [
      'accessionNumber',
      'titles',
      'descriptions',
      'dimensions',
      'rights',
      'keywords',
    ] as const)
      expect(imported[field], field).toEqual(original[field]);
    expect(imported.makers.map((m) => [m.id, m.qualifier])).toEqual([[maker.id, 'calligrapher']]);
    expect(imported.materials.map((m) => m.id)).toEqual([ink.id]);
    expect(imported.dates.map((d) => [d.calendar, d.earliest, d.latest])).toEqual(
      original.dates.map((d) => [d.calendar, d.earliest, d.latest]),
    );
    expect(imported.visibility).toBe('public');
    // A second run of the same file finds nothing to do.
    const again = await captured(() =>
      importCommand(s, file, { museum: 'cli-to', mapping, as: 'director@cli.org' }),
    );
    expect(again.log).toContain('0 new, 0 updated, 1 unchanged, 0 refused.');
  });
});
