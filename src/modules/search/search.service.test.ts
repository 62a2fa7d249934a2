import { sql } from 'kysely';
import sharp from 'sharp';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { facetWord, museumWord } from '../../db/dialect/search.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createServices } from '../../services.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import type { Actor } from '../access/roles.js';
import type { Museum } from '../museums/museum.schemas.js';

/** Public search: the query, and the accession numbers it must find (all of them, and only them). */
const GOLDEN: [string, string[]][] = [
  // vocalised and plain, with and without the article, stems
  ['المخطوطات', ['A.1', 'C.3']],
  ['المَخْطُوطَاتُ', ['A.1', 'C.3']],
  ['مخطوطات', ['A.1', 'C.3']],
  ['مخطوط', ['A.1', 'C.3']],
  ['مخطوطة', ['A.1', 'C.3']],
  ['والمخطوطات', ['A.1', 'C.3']],
  ['manuscripts', ['A.1']],
  ['Maghribi', ['A.1']],
  ['MAGHRIBI', ['A.1']],
  // across scripts and languages through a person's names
  ['ابن سينا', ['A.1', 'A.5']],
  ['Ibn Sina', ['A.1', 'A.5']],
  ['Ibn Sīnā', ['A.1', 'A.5']],
  ['Avicenne', ['A.1', 'A.5']],
  ['avicenna', ['A.1', 'A.5']],
  // a dynasty's and a place's labels
  ['صفوي', ['A.2']],
  ['الصفوي', ['A.2']],
  ['صفويون', ['A.2']],
  ['الصفويون', ['A.2']],
  ['الصفوية', ['A.2']],
  ['Safavid', ['A.2']],
  ['Safavide', ['A.2']],
  ['Ṣafavid', ['A.2']],
  ['اصفهان', ['A.2']],
  ['إصفهان', ['A.2']],
  ['Isfahan', ['A.2']],
  ['Ispahan', ['A.2']],
  // the Qur'an written every way
  ['مصحف', ['A.2']],
  ['مُصْحَف', ['A.2']],
  ['Quran', ['A.2']],
  ["Qur'an", ['A.2']],
  ['Qurʾān', ['A.2']],
  ['Qur’an', ['A.2']],
  ['coran', ['A.2']],
  ['CORAN', ['A.2']],
  // digits as written and as typed
  ['865', ['A.2']],
  ['٨٦٥', ['A.2']],
  ['۸۶۵', ['A.2']],
  // hamza and alef forms
  ['ابريق', ['A.3']],
  ['إبريق', ['A.3']],
  ['أبريق', ['A.3']],
  ['الابريق', ['A.3']],
  ['النحاس', ['A.3']],
  ['نحاس', ['A.3']],
  ['بالنحاس', ['A.3']],
  // French accents and elision
  ['laiton', ['A.3']],
  ['aiguiere', ['A.3']],
  ['aiguière', ['A.3']],
  ['AIGUIÈRE', ['A.3']],
  ['argent', ['A.3']],
  ['incrustée', ['A.3']],
  ['incrustee', ['A.3']],
  ['brass', ['A.3']],
  ['brass silver', ['A.3']],
  ['ewer', ['A.3']],
  // Persian and Urdu letters
  ['کتاب', ['A.4', 'C.3']],
  ['كتاب', ['A.4', 'C.3']],
  ['فارسی', ['A.4']],
  ['فارسي', ['A.4']],
  ['الكتاب', ['A.4', 'C.3']],
  // transliteration marks
  ['Abbasi', ['A.5']],
  ['ʿAbbāsī', ['A.5']],
  ['abbâsî', ['A.5']],
  ['طب', ['A.5']],
  ['الطب', ['A.5']],
  ['رسالة', ['A.5']],
  ['رساله', ['A.5']],
  // another museum's public record
  ['Abbasid', ['B.1']],
  ['عباسي', ['B.1']],
  ['صحن', ['B.1', 'C.6']],
  // nothing found, and nothing hidden found
  ['brass quran', []],
  ['CANARY', []],
  ['سرية', []],
  ['draft', []],
  ['zzzz', []],
  // a Mamluk lamp: a place, a dynasty, a material and a technique in three languages
  ['مشكاة', ['C.1']],
  ['مِشْكاة', ['C.1']],
  ['المشكاة', ['C.1']],
  ['mosque', ['C.1']],
  ['lamp', ['C.1', 'C.4']],
  ['Sultan', ['C.1']],
  ['السلطان', ['C.1']],
  ['سلطان', ['C.1']],
  ['Hasan', ['C.1']],
  ['Ḥasan', ['C.1']],
  ['حسن', ['C.1']],
  ['Cairo', ['C.1']],
  ['القاهرة', ['C.1']],
  ['القاهره', ['C.1']],
  ['Le Caire', ['C.1']],
  ['caire', ['C.1']],
  ['Mamluk', ['C.1']],
  ['المماليك', ['C.1']],
  ['mamelouk', ['C.1']],
  ['glass', ['C.1']],
  ['زجاج', ['C.1']],
  ['الزجاج', ['C.1']],
  ['verre', ['C.1']],
  ['émail', ['C.1']],
  ['email', ['C.1']],
  ['enamel', ['C.1']],
  // Persian: ی and ک, a ZWNJ inside a word
  ['دیوان', ['C.2']],
  ['ديوان', ['C.2']],
  ['حافظ', ['C.2']],
  ['حافظ شیرازی', ['C.2']],
  ['حافظ شيرازي', ['C.2']],
  ['Hafez', ['C.2']],
  ['Hâfez', ['C.2']],
  ['divan', ['C.2']],
  ['نامه‌ها', ['C.2']],
  ['نامهها', ['C.2']],
  // Urdu: ہ and ے and ں; a plural meets its singular through the stem
  ['مخطوطہ', ['A.1', 'C.3']],
  ['اردو', ['C.3']],
  ['Urdu', ['C.3']],
  ['کتابیں', ['A.4', 'C.3']],
  // Turkish letters
  ['Süleymaniye', ['C.4']],
  ['suleymaniye', ['C.4']],
  ['SÜLEYMANİYE', ['C.4']],
  ['Süleyman', ['C.4']],
  ['suleyman', ['C.4']],
  ['سليمان', ['C.4']],
  ['Soliman', ['C.4']],
  ['kandili', ['C.4']],
  // hamza seats, shadda, Arabic-Indic digits in a date
  ['مسؤول', ['C.5']],
  ['قارئ', ['C.5']],
  ['قاري', ['C.5']],
  ['الفن', ['C.5']],
  ['فن', ['C.5']],
  ['الفنّ', ['C.5']],
  ['الإسلامي', ['C.5']],
  ['اسلامي', ['C.5']],
  ['1234', ['C.5']],
  ['١٢٣٤', ['C.5']],
  // French accents, and the same bowl in Arabic
  ['céramique', ['C.6']],
  ['ceramique', ['C.6']],
  ['lustrée', ['C.6']],
  ['lustree', ['C.6']],
  ['paons', ['C.6']],
  ['peacocks', ['C.6']],
  ['lustreware', ['C.6']],
  ['الخزف', ['C.6']],
  ['خزف', ['C.6']],
  ['بالخزف', ['C.6']],
  ['البريق', ['C.6']],
  ['lustre', ['C.6']],
  // Quranic marks and the small alef
  ['الحمد', ['C.7']],
  ['الحمد لله', ['C.7']],
  ['العالمين', ['C.7']],
  ['رب', ['C.7']],
  ['الرحيم', ['C.7']],
  ['بسم', ['C.7']],
  // transliteration of a person's name, every way it is written
  ['ʿAlī', ['C.8']],
  ['Ali', ['C.8']],
  ["'Ali", ['C.8']],
  ['علي', ['C.8']],
  ['طالب', ['C.8']],
  ['أبي طالب', ['C.8']],
  ['Talib', ['C.8']],
  ['Ṭālib', ['C.8']],
  ['Abi Talib', ['C.8']],
  // a user's operators and quotes are words like any other
  ['"Quran"', ['A.2']],
  ['Quran AND', []],
  ['NEAR(Quran', []],
  ['*', []],
  ['  ', []],
];

describe.each(ENGINES)('search on %s', (engine) => {
  let env: TestEnv;
  let a: Museum;
  let curator: Actor;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    env = await createTestEnv(engine);
    const s = env.services;
    a = await makeMuseum(s, `search-a-${engine}`);
    const b = await makeMuseum(s, `search-b-${engine}`);
    curator = await makeUser(s, { museum: a, role: 'curator' });
    const curatorB = await makeUser(s, { museum: b, role: 'curator' });
    const auth = (input: Record<string, unknown>) => s.authorities.create(curator, a.id, input);
    const ibnSina = await auth({
      type: 'person',
      labels: [
        { lang: 'en', value: 'Ibn Sina', preferred: true },
        { lang: 'ar', value: 'ابن سينا' },
        { lang: 'fr', value: 'Avicenne' },
        { lang: 'la', value: 'Avicenna' },
      ],
    });
    const safavid = await auth({
      type: 'concept',
      scheme: 'dynasty',
      labels: [
        { lang: 'en', value: 'Safavid', preferred: true },
        { lang: 'ar', value: 'صفوي' },
        { lang: 'fr', value: 'Safavide' },
      ],
    });
    const brass = await auth({
      type: 'concept',
      scheme: 'material',
      labels: [
        { lang: 'en', value: 'brass', preferred: true },
        { lang: 'ar', value: 'نحاس أصفر' },
        { lang: 'fr', value: 'laiton' },
      ],
    });
    const isfahan = await auth({
      type: 'place',
      labels: [
        { lang: 'en', value: 'Isfahan', preferred: true },
        { lang: 'fa', value: 'اصفهان' },
        { lang: 'fr', value: 'Ispahan' },
      ],
    });
    const add = async (museum: Museum, who: Actor, acc: string, over: Record<string, unknown>) => {
      ids[acc] = (
        await s.objects.create(
          who,
          museum.id,
          objectInput({ accessionNumber: acc, visibility: 'public', ...over }),
        )
      ).id;
    };
    await add(a, curator, 'A.1', {
      titles: [
        { lang: 'ar', value: 'المَخْطُوطَاتُ المغربية' },
        { lang: 'en', value: 'Maghribi manuscripts' },
      ],
      makers: [{ id: ibnSina.id }],
    });
    await add(a, curator, 'A.2', {
      titles: [
        { lang: 'ar', value: 'مصحف شريف' },
        { lang: 'en', value: 'Qurʾān' },
        { lang: 'fr', value: 'Coran' },
      ],
      dynasties: [{ id: safavid.id }],
      places: [{ id: isfahan.id }],
      dates: ['٨٦٥ هـ'],
    });
    await add(a, curator, 'A.3', {
      titles: [
        { lang: 'en', value: 'Brass ewer inlaid with silver' },
        { lang: 'fr', value: 'Aiguière en laiton incrustée d’argent' },
        { lang: 'ar', value: 'إبريق من النحاس' },
      ],
      materials: [{ id: brass.id }],
    });
    await add(a, curator, 'A.4', {
      titles: [
        { lang: 'fa', value: 'کتاب فارسی' },
        { lang: 'en', value: 'A Persian book' },
      ],
    });
    await add(a, curator, 'A.5', {
      titles: [{ lang: 'ar', value: 'رسالة في الطب' }],
      makers: [{ id: ibnSina.id }],
      keywords: [{ lang: 'en', value: 'ʿAbbāsī' }],
    });
    await add(a, curator, 'A.6', {
      visibility: 'internal',
      titles: [
        { lang: 'en', value: 'CANARY internal' },
        { lang: 'ar', value: 'مخطوطة سرية' },
      ],
    });
    await add(a, curator, 'A.7', { visibility: 'draft', titles: [{ lang: 'en', value: 'Draft ewer' }] });
    const cairo = await auth({
      type: 'place',
      labels: [
        { lang: 'en', value: 'Cairo', preferred: true },
        { lang: 'ar', value: 'القاهرة' },
        { lang: 'fr', value: 'Le Caire' },
      ],
    });
    const mamluk = await auth({
      type: 'concept',
      scheme: 'dynasty',
      labels: [
        { lang: 'en', value: 'Mamluk', preferred: true },
        { lang: 'ar', value: 'المماليك' },
        { lang: 'fr', value: 'Mamelouk' },
      ],
    });
    const glass = await auth({
      type: 'concept',
      scheme: 'material',
      labels: [
        { lang: 'en', value: 'glass', preferred: true },
        { lang: 'ar', value: 'زجاج' },
        { lang: 'fr', value: 'verre' },
      ],
    });
    const enamel = await auth({
      type: 'concept',
      scheme: 'technique',
      labels: [
        { lang: 'en', value: 'enamel', preferred: true },
        { lang: 'ar', value: 'مينا' },
        { lang: 'fr', value: 'émail' },
      ],
    });
    const lustre = await auth({
      type: 'concept',
      scheme: 'technique',
      labels: [
        { lang: 'en', value: 'lustre', preferred: true },
        { lang: 'ar', value: 'بريق معدني' },
        { lang: 'fr', value: 'lustre métallique' },
      ],
    });
    const hafez = await auth({
      type: 'person',
      labels: [
        { lang: 'en', value: 'Hafez', preferred: true },
        { lang: 'fa', value: 'حافظ شیرازی' },
        { lang: 'fr', value: 'Hâfez' },
      ],
    });
    const suleyman = await auth({
      type: 'person',
      labels: [
        { lang: 'en', value: 'Süleyman the Magnificent', preferred: true },
        { lang: 'ar', value: 'سليمان القانوني' },
        { lang: 'fr', value: 'Soliman le Magnifique' },
      ],
    });
    const ali = await auth({
      type: 'person',
      labels: [
        { lang: 'en', value: 'ʿAlī ibn Abī Ṭālib', preferred: true },
        { lang: 'ar', value: 'علي بن أبي طالب' },
      ],
    });
    await add(a, curator, 'C.1', {
      titles: [
        { lang: 'ar', value: 'مِشْكاة مسجد السلطان حسن' },
        { lang: 'en', value: 'Mosque lamp of Sultan Ḥasan' },
      ],
      places: [{ id: cairo.id }],
      dynasties: [{ id: mamluk.id }],
      materials: [{ id: glass.id }],
      techniques: [{ id: enamel.id }],
    });
    await add(a, curator, 'C.2', {
      titles: [
        { lang: 'fa', value: 'دیوان' },
        { lang: 'en', value: 'Divan' },
      ],
      makers: [{ id: hafez.id }],
      descriptions: [{ lang: 'fa', value: 'نامه‌ها و غزل' }],
    });
    await add(a, curator, 'C.3', {
      titles: [
        { lang: 'ur', value: 'اردو مخطوطہ' },
        { lang: 'en', value: 'An Urdu text' },
      ],
      keywords: [{ lang: 'ur', value: 'کتابیں' }],
    });
    await add(a, curator, 'C.4', {
      titles: [
        { lang: 'tr', value: 'Süleymaniye Camii kandili' },
        { lang: 'en', value: 'Lamp of the Süleymaniye' },
      ],
      makers: [{ id: suleyman.id }],
    });
    await add(a, curator, 'C.5', {
      titles: [{ lang: 'ar', value: 'مسؤول الخزانة قارئ' }],
      descriptions: [{ lang: 'ar', value: 'الفنّ الإسلاميّ' }],
      dates: ['١٢٣٤'],
    });
    await add(a, curator, 'C.6', {
      titles: [
        { lang: 'fr', value: 'Céramique lustrée à décor de paons' },
        { lang: 'en', value: 'Lustreware bowl with peacocks' },
        { lang: 'ar', value: 'صحن من الخزف ذي البريق' },
      ],
      techniques: [{ id: lustre.id }],
    });
    await add(a, curator, 'C.7', {
      titles: [{ lang: 'ar', value: 'بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ' }],
      descriptions: [{ lang: 'ar', value: 'ٱلْحَمْدُ لِلَّهِ رَبِّ ٱلْعَٰلَمِينَ ۖ' }],
    });
    await add(a, curator, 'C.8', { titles: [{ lang: 'en', value: 'Portrait' }], makers: [{ id: ali.id }] });
    await add(b, curatorB, 'B.1', {
      titles: [
        { lang: 'en', value: 'Abbasid bowl' },
        { lang: 'ar', value: 'صحن عباسي' },
      ],
    });
  });
  afterAll(() => env.close());

  const accessions = (r: { items: { id: string }[] }) =>
    r.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]).sort();

  it(`finds exactly what each of ${GOLDEN.length} golden queries must, and nothing that is not public`, async () => {
    const failures: string[] = [];
    for (const [q, want] of GOLDEN) {
      const r = await env.services.searches.searchPublic({ q, limit: '50' });
      const got = accessions(r);
      if (JSON.stringify(got) !== JSON.stringify([...want].sort()) || r.total !== want.length)
        failures.push(`${q} → ${got.join(',')} (total ${r.total}), wanted ${want.join(',')}`);
    }
    expect(failures).toEqual([]);
    expect(GOLDEN.length).toBeGreaterThanOrEqual(150);
  });

  it('gives staff every record of their museum, whatever its visibility, and no other museum’s', async () => {
    const s = env.services;
    expect(accessions(await s.searches.searchMuseum(curator, a.id, { q: 'CANARY' }))).toEqual(['A.6']);
    expect(accessions(await s.searches.searchMuseum(curator, a.id, { q: 'ewer' }))).toEqual(['A.3', 'A.7']);
    expect(accessions(await s.searches.searchMuseum(curator, a.id, { q: 'مخطوطة' }))).toEqual([
      'A.1',
      'A.6',
      'C.3',
    ]);
    expect(accessions(await s.searches.searchMuseum(curator, a.id, { q: 'Abbasid' }))).toEqual([]);
    const outsider = await makeUser(s, { museum: await makeMuseum(s), role: 'director' });
    await expect(s.searches.searchMuseum(outsider, a.id, { q: 'ewer' })).rejects.toMatchObject({
      status: 404,
    });
    // The staff list of objects searches through the same engine (the last word completed), or by a part of an accession number.
    const listed = async (q: string) =>
      (await s.objects.list(curator, a.id, { q, limit: '50' })).items.map((i) => i.accessionNumber).sort();
    expect(await listed('أبريق')).toEqual(['A.3']);
    expect(await listed('Ibn Sin')).toEqual(['A.1', 'A.5']);
    expect(await listed('canary')).toEqual(['A.6']);
    expect(await listed('C.5')).toEqual(['C.5']);
  });

  it('ranks exact forms above stems, completes a word being typed, and pages', async () => {
    const s = env.services;
    const edition = await s.objects.create(
      curator,
      a.id,
      objectInput({
        accessionNumber: 'A.8',
        visibility: 'public',
        titles: [{ lang: 'ar', value: 'مخطوطات' }],
      }),
    );
    ids['A.8'] = edition.id;
    const r = await s.searches.searchPublic({ q: 'مخطوطات' });
    expect(accessions(r)).toEqual(['A.1', 'A.8', 'C.3']);
    expect(r.items[0]!.id).toBe(edition.id); // the exact form first
    // Each result shows where the words were found, in that text's language.
    const coran = (await s.searches.searchPublic({ q: 'coran' })).items[0]!;
    expect(coran.highlight).toEqual({ lang: 'fr', text: 'Coran', marks: [[0, 5]] });
    const vocalised = (await s.searches.searchPublic({ q: 'المخطوطات المغربيه' })).items[0]!;
    expect(vocalised.highlight).toMatchObject({ lang: 'ar', text: 'المَخْطُوطَاتُ المغربية' });
    expect(vocalised.highlight!.marks).toHaveLength(2);
    expect(accessions(await s.searches.searchPublic({ q: 'Avic', prefix: '1' }))).toEqual(['A.1', 'A.5']);
    expect(accessions(await s.searches.searchPublic({ q: 'مخط', prefix: '1' }))).toEqual([
      'A.1',
      'A.8',
      'C.3',
    ]);
    expect(accessions(await s.searches.searchPublic({ q: 'ibn sin', prefix: '1' }))).toEqual(['A.1', 'A.5']);
    const page1 = await s.searches.searchPublic({ q: 'ابن سينا', limit: '1' });
    const page2 = await s.searches.searchPublic({ q: 'ابن سينا', limit: '1', offset: '1' });
    expect(page1.total).toBe(2);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(2);
    await s.objects.delete(await makeUser(s, { museum: a, role: 'director' }), a.id, edition.id);
    expect(accessions(await s.searches.searchPublic({ q: 'مخطوطات' }))).toEqual(['A.1', 'C.3']);
  });

  it('keeps the index true as records change: publishing, unpublishing, renaming an authority, and a rebuild', async () => {
    const s = env.services;
    await s.objects.patch(curator, a.id, ids['A.6']!, { visibility: 'public' });
    expect(accessions(await s.searches.searchPublic({ q: 'CANARY' }))).toEqual(['A.6']);
    await s.objects.patch(curator, a.id, ids['A.6']!, { visibility: 'internal' });
    expect(accessions(await s.searches.searchPublic({ q: 'CANARY' }))).toEqual([]);
    const [dynasty] = await s.authorities.list(curator, a.id, { q: 'Safavid' });
    await s.authorities.update(curator, a.id, dynasty!.id, {
      type: 'concept',
      scheme: 'dynasty',
      labels: [
        { lang: 'en', value: 'Safavid', preferred: true },
        { lang: 'ar', value: 'صفوي' },
        { lang: 'tr', value: 'Safevî' },
      ],
    });
    expect(accessions(await s.searches.searchPublic({ q: 'Safevi' }))).toEqual(['A.2']);
    expect(accessions(await s.searches.searchPublic({ q: 'Safavide' }))).toEqual([]);
    const kept = await s.repos.search.all(s.database.db);
    // On PostgreSQL a rebuild vacuums the documents (marking the rewritten rows committed once), not only analyses them.
    const vacuums = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT vacuum_count AS n FROM pg_stat_user_tables WHERE relid = CAST('search_doc' AS regclass)`.execute(
            s.database.db,
          )
        ).rows[0]!.n,
      );
    const before = engine === 'postgres' ? await vacuums() : 0;
    const queries = ['Safevi', 'مخطوطات', 'ابن سينا', 'CANARY'];
    const found = async () =>
      Promise.all(queries.map(async (q) => accessions(await s.searches.searchPublic({ q }))));
    const foundBefore = await found();
    expect((await s.rebuilds.run()).objects).toBeGreaterThanOrEqual(8);
    expect(await s.repos.search.all(s.database.db)).toEqual(kept);
    expect(await found()).toEqual(foundBefore);
    if (engine === 'postgres') expect(await vacuums()).toBeGreaterThan(before);
    // FTS5's index holds each document's words once, as its content table says (a stale word fails the check).
    const checked = async () =>
      sql`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`.execute(s.database.db);
    if (engine === 'sqlite') await checked();
    // The index is kept up after a rebuild: a record leaving the public side and coming back.
    await s.objects.patch(curator, a.id, ids['A.2']!, { visibility: 'internal' });
    expect(accessions(await s.searches.searchPublic({ q: 'Safevi' }))).toEqual([]);
    await s.objects.patch(curator, a.id, ids['A.2']!, { visibility: 'public' });
    expect(accessions(await s.searches.searchPublic({ q: 'Safevi' }))).toEqual(['A.2']);
    if (engine === 'sqlite') await checked();
  });

  it('finds every record while a rebuild runs, keeps an edit made meanwhile, and drops documents of objects that are gone', async () => {
    const s = env.services;
    const db = s.database.db;
    const queries = ['مخطوطات', 'ابن سينا', 'Safevi', 'lamp', 'صحن', 'Portrait'];
    const found = async () =>
      Promise.all(queries.map(async (q) => accessions(await s.searches.searchPublic({ q }))));
    const before = await found();
    const documents = (await s.repos.search.all(db)).length;
    // A document whose object is gone, as an interrupted write could leave.
    const [doc] = await s.repos.objects.documentsOf(db, [ids['A.1']!]);
    await s.repos.search.insertMany(db, [{ ...doc!, objectId: randomUUID(), head: 'orphaned' }]);
    const pages: { found: Awaited<ReturnType<typeof found>>; documents: number }[] = [];
    const idsAfter = s.repos.objects.idsAfter.bind(s.repos.objects);
    const spy = vi.spyOn(s.repos.objects, 'idsAfter').mockImplementation(async (d, after, limit) => {
      // Between two pages, every record is found as before, by its old document or its new one.
      pages.push({ found: await found(), documents: (await s.repos.search.all(db)).length });
      // An object of a later page, edited once the first page is written: its new document is not doubled, nor replaced by an older one.
      if (pages.length === 2)
        await s.objects.patch(curator, a.id, ids['C.8']!, {
          titles: [{ lang: 'en', value: 'Portrait of a Zanzibari' }],
        });
      return idsAfter(d, after, limit);
    });
    try {
      expect((await s.rebuilds.run({ pageSize: 4 })).objects).toBe(documents);
    } finally {
      spy.mockRestore();
    }
    expect(pages.length).toBeGreaterThan(4);
    for (const p of pages) {
      expect(p.found).toEqual(before);
      expect(p.documents).toBe(documents + 1);
    }
    expect(accessions(await s.searches.searchPublic({ q: 'Zanzibari' }))).toEqual(['C.8']);
    expect(accessions(await s.searches.searchPublic({ q: 'orphaned' }))).toEqual([]);
    const inPlace = await s.repos.search.all(db);
    expect(inPlace).toHaveLength(documents);
    // Written in place, the index is the one a rebuild from empty writes.
    await s.rebuilds.run({ emptyFirst: true });
    expect(await s.repos.search.all(db)).toEqual(inPlace);
    if (engine === 'sqlite')
      await sql`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`.execute(db);
  });

  it('answers bad input with a message or nothing, never an error of its own', async () => {
    const s = env.services;
    expect(await s.searches.searchPublic({ q: '' })).toEqual({
      total: 0,
      estimated: false,
      facetsEstimated: false,
      next: null,
      didYouMean: null,
      items: [],
      facets: {},
    });
    expect(await s.searches.searchPublic({})).toEqual({
      total: 0,
      estimated: false,
      facetsEstimated: false,
      next: null,
      didYouMean: null,
      items: [],
      facets: {},
    });
    await expect(s.searches.searchPublic({ q: 'quran', visibility: 'internal' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(s.searches.searchPublic({ q: 'quran', material: 'not-an-id' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(s.searches.searchPublic({ q: 'quran', century: 'x' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(s.searches.searchPublic({ q: 'x'.repeat(10_000) })).rejects.toMatchObject({ status: 400 });
    await expect(s.searches.searchPublic({ q: 'quran', sort: 'weird' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(s.searches.searchPublic({ q: 'quran', offset: '-1' })).rejects.toMatchObject({
      status: 400,
    });
    expect(await s.searches.searchPublic({ q: 'quran', museum: 'no-such-museum' })).toEqual({
      total: 0,
      estimated: false,
      facetsEstimated: false,
      next: null,
      didYouMean: null,
      items: [],
      facets: {},
    });
    for (const q of [
      '"',
      "'",
      'a OR',
      '(((',
      'NOT',
      '-quran',
      'quran*',
      'exact:quran',
      '^quran',
      '\u0000',
      '🕌 مسجد',
    ]) {
      await expect(s.searches.searchPublic({ q }), q).resolves.toHaveProperty('total');
    }
  });

  it('counts facets of public records only, filters by them and by years in either calendar, and sorts', async () => {
    const s = env.services;
    const r = await s.searches.searchPublic({ q: 'ابن سينا' });
    const maker = r.facets.maker!;
    expect(maker).toHaveLength(1);
    expect(maker[0]).toMatchObject({
      count: 2,
      labels: expect.arrayContaining([{ lang: 'fr', value: 'Avicenne' }]),
    });
    expect(r.facets.museum).toEqual([{ value: a.slug, count: 2, labels: expect.any(Array) }]);
    expect(r.facets.visibility).toBeUndefined();
    // Browsing by a facet alone, without words.
    const safavid = (await s.searches.searchPublic({ q: 'Safavid' })).facets.dynasty![0]!.value;
    expect(accessions(await s.searches.searchPublic({ dynasty: safavid }))).toEqual(['A.2']);
    expect(accessions(await s.searches.searchPublic({ q: 'ابن سينا', dynasty: safavid }))).toEqual([]);
    // ٨٦٥ هـ is the 9th Hijri century and the 15th Gregorian one.
    const dated = await s.searches.searchPublic({ q: 'quran' });
    expect(dated.facets.centuryG).toEqual([{ value: '15', count: 1, labels: [] }]);
    expect(dated.facets.centuryH).toEqual([{ value: '9', count: 1, labels: [] }]);
    expect(accessions(await s.searches.searchPublic({ century: '9', calendar: 'hijri' }))).toEqual(['A.2']);
    expect(accessions(await s.searches.searchPublic({ century: ['14', '15'] }))).toEqual(['A.2']);
    expect(accessions(await s.searches.searchPublic({ century: '14' }))).toEqual([]);
    expect(accessions(await s.searches.searchPublic({ from: '860', to: '870', calendar: 'hijri' }))).toEqual([
      'A.2',
    ]);
    expect(accessions(await s.searches.searchPublic({ from: '1400', to: '1500' }))).toEqual(['A.2']);
    expect(accessions(await s.searches.searchPublic({ from: '1600' }))).toEqual([]);
    // A museum's public records, in accession order; its hidden ones counted nowhere.
    const browse = await s.searches.searchPublic({ museum: a.slug, sort: 'accession', limit: '50' });
    expect(browse.items.map((i) => i.accessionNumber)).toEqual([
      'A.1',
      'A.2',
      'A.3',
      'A.4',
      'A.5',
      'C.1',
      'C.2',
      'C.3',
      'C.4',
      'C.5',
      'C.6',
      'C.7',
      'C.8',
    ]);
    expect(browse.total).toBe(13);
    expect(browse.facets.museum).toEqual([{ value: a.slug, count: 13, labels: expect.any(Array) }]);
    const desc = await s.searches.searchPublic({
      museum: a.slug,
      sort: 'accession',
      order: 'desc',
      limit: '2',
    });
    expect(desc.items.map((i) => i.accessionNumber)).toEqual(['C.8', 'C.7']);
    // Pages by cursor, in every order, meet every result once and end with no cursor.
    for (const [sort, order] of [
      ['relevance', 'asc'],
      ['accession', 'desc'],
      ['date', 'asc'],
      ['date', 'desc'],
      ['updated', 'asc'],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await s.searches.searchPublic({
          museum: a.slug,
          q: sort === 'relevance' ? 'a' : '',
          sort,
          order,
          limit: '3',
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((x) => x.accessionNumber));
        if (!page.next) break;
        cursor = page.next;
      }
      const all = await s.searches.searchPublic({
        museum: a.slug,
        q: sort === 'relevance' ? 'a' : '',
        sort,
        order,
        limit: '100',
      });
      expect(seen, `${sort} ${order}`).toEqual(all.items.map((x) => x.accessionNumber));
      expect(seen.length, `${sort} ${order}`).toBeGreaterThan(3);
    }
    const byDate = await s.searches.searchPublic({ museum: a.slug, sort: 'date', limit: '13' });
    expect(byDate.items[0]!.accessionNumber).toBe('C.5'); // ١٢٣٤ (AD 1234) before 865 AH (AD 1460); undated last
    expect(byDate.items[1]!.accessionNumber).toBe('A.2');
    await expect(s.searches.searchPublic({ q: 'lamp', cursor: 'not-a-cursor' })).rejects.toMatchObject({
      status: 400,
      details: { fields: [{ path: 'cursor' }] },
    });
    const accessionCursor = (await s.searches.searchPublic({ museum: a.slug, sort: 'accession', limit: '1' }))
      .next!;
    await expect(
      s.searches.searchPublic({ museum: a.slug, sort: 'date', cursor: accessionCursor }),
    ).rejects.toMatchObject({ status: 400 });
    // Nothing found: a spelling that finds something, never one that finds only what the reader may not see.
    expect((await s.searches.searchPublic({ q: 'manuscrpts' })).didYouMean).toBe('manuscripts');
    expect((await s.searches.searchPublic({ q: 'Safavvid' })).didYouMean).toBe('safavid');
    expect((await s.searches.searchPublic({ q: 'Maghribi manuscrits' })).didYouMean).toBe(
      'maghribi manuscripts',
    );
    expect((await s.searches.searchPublic({ q: 'مخطوطاث' })).didYouMean).toBe('مخطوطات');
    expect((await s.searches.searchPublic({ q: 'canaryy' })).didYouMean).toBeNull();
    expect((await s.searches.searchMuseum(curator, a.id, { q: 'canaryy' })).didYouMean).toBe('canary');
    expect((await s.searches.searchPublic({ q: 'quran' })).didYouMean).toBeNull();
    // Staff see and filter by visibility.
    const staff = await s.searches.searchMuseum(curator, a.id, { visibility: ['internal', 'draft'] });
    expect(staff.items.map((i) => i.accessionNumber).sort()).toEqual(['A.6', 'A.7']);
    expect(staff.facets.visibility?.map((x) => [x.value, x.count]).sort()).toEqual([
      ['draft', 1],
      ['internal', 1],
    ]);
  });

  it('gives staff facets of where objects are and where their digitization stands, and everyone whether they have an image', async () => {
    const s = env.services;
    const registrar = await makeUser(s, { museum: a, role: 'registrar' });
    const building = await s.locations.create(registrar, a.id, {
      code: 'B-SECRET',
      kind: 'building',
      names: [{ lang: 'en', value: 'Vault canary' }],
    });
    const room = await s.locations.create(registrar, a.id, {
      code: 'R-1',
      kind: 'room',
      parentId: building.id,
      names: [{ lang: 'en', value: 'Room' }],
    });
    await s.locations.move(registrar, a.id, { to: room.id, accessionNumbers: ['A.1'], reason: 'storage' });
    await s.locations.move(registrar, a.id, {
      to: building.id,
      accessionNumbers: ['A.3'],
      reason: 'storage',
    });
    // A location stands for everything below it.
    expect(accessions(await s.searches.searchMuseum(curator, a.id, { location: building.id }))).toEqual([
      'A.1',
      'A.3',
    ]);
    expect(accessions(await s.searches.searchMuseum(curator, a.id, { location: room.id }))).toEqual(['A.1']);
    const located = await s.searches.searchMuseum(curator, a.id, { q: 'manuscripts' });
    expect(located.facets.location).toEqual([
      { value: room.id, count: 1, labels: [{ lang: 'en', value: 'R-1 · Room' }] },
    ]);
    await s.media.setDigitization(curator, a.id, ids['A.2']!, { status: 'photographed' });
    expect(
      accessions(await s.searches.searchMuseum(curator, a.id, { digitization: 'photographed' })),
    ).toEqual(['A.2']);
    expect((await s.searches.searchMuseum(curator, a.id, { q: 'quran' })).facets.digitization).toEqual([
      { value: 'photographed', count: 1, labels: [] },
    ]);
    // The index keeps facet values and museums as words of their own: typed, whole or as the start of one, they find nothing.
    for (const q of [facetWord('digitization:photographed'), museumWord(a.id)]) {
      expect((await s.searches.searchPublic({ q })).total, q).toBe(0);
      expect((await s.searches.searchPublic({ q: q.slice(0, 6), prefix: '1' })).total, q).toBe(0);
      expect((await s.searches.searchMuseum(curator, a.id, { q })).total, q).toBe(0);
    }
    // An image counts once its derivatives are made.
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0b5d4b' } })
      .png()
      .toBuffer();
    await s.media.ingest(curator, a.id, ids['A.4']!, new Blob([new Uint8Array(png)]).stream(), {});
    expect(accessions(await s.searches.searchPublic({ hasImage: 'yes' }))).toEqual([]);
    await s.worker.drain();
    expect(accessions(await s.searches.searchPublic({ hasImage: 'yes' }))).toEqual(['A.4']);
    expect(
      (await s.searches.searchPublic({ q: 'کتاب' })).facets.hasImage?.map((x) => [x.value, x.count]).sort(),
    ).toEqual([
      ['no', 1],
      ['yes', 1],
    ]);
    // The public may neither filter nor count by staff facets, and never reads a location.
    for (const f of [{ location: building.id }, { digitization: 'photographed' }, { visibility: 'public' }])
      await expect(s.searches.searchPublic(f)).rejects.toMatchObject({ status: 400 });
    const everything = await s.searches.searchPublic({ museum: a.slug, limit: '100' });
    expect(Object.keys(everything.facets)).not.toContain('location');
    expect(Object.keys(everything.facets)).not.toContain('digitization');
    expect(JSON.stringify(everything)).not.toMatch(/SECRET|canary/i);
  });
});

describe('a rebuild on an SQLite file another process writes too', () => {
  it('holds the database’s write lock before it reads a page’s objects, so no write comes between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mathaf-rebuild-'));
    const file = join(dir, 'm.sqlite');
    const database = openDatabase(`sqlite:${file}`);
    const s = createServices(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database);
    // Another process's connection, which gives up at once rather than waiting for the lock.
    const other = new SQLite(file);
    other.pragma('busy_timeout = 0');
    try {
      await migrateToLatest(database, s.auth.options);
      const museum = await makeMuseum(s, 'rebuild-lock');
      const curator = await makeUser(s, { museum, role: 'curator' });
      const o = await s.objects.create(
        curator,
        museum.id,
        objectInput({ visibility: 'public', titles: [{ lang: 'en', value: 'Astrolabe' }] }),
      );
      const documentsOf = s.repos.objects.documentsOf.bind(s.repos.objects);
      const refused: string[] = [];
      const spy = vi.spyOn(s.repos.objects, 'documentsOf').mockImplementation(async (db, ids) => {
        try {
          other.prepare('UPDATE object SET updated_at = updated_at WHERE id = ?').run(o.id);
        } catch (e) {
          refused.push((e as { code?: string }).code ?? String(e));
        }
        return documentsOf(db, ids);
      });
      try {
        expect((await s.rebuilds.run()).objects).toBe(1);
      } finally {
        spy.mockRestore();
      }
      expect(refused).toEqual(['SQLITE_BUSY']);
      // Once the page is written, the other connection writes again.
      other.prepare('UPDATE object SET updated_at = updated_at WHERE id = ?').run(o.id);
      expect((await s.searches.searchPublic({ q: 'astrolabe' })).items.map((i) => i.id)).toEqual([o.id]);
    } finally {
      other.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
