import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../database.js';
import { makeConcept, makeMuseum, makePerson, makeUser, objectInput } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';
import { schemaErrors } from '../xml.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();
const rowsOf = (csv: string) => parse(csv, { bom: true, columns: true }) as Record<string, string>[];
const linesOf = (jsonl: string) =>
  jsonl
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const STAFF_COLUMNS = ['visibility', 'collection_status', 'other_numbers', 'location', 'valuation_amount'];

/** Exports of a search or a collection: public records and fields for everyone; staff fields for a museum's staff, valuations for those allowed. */
describe.each(ENGINES)('exports as CSV, JSON Lines and LIDO (%s)', (engine) => {
  let t: TestApp;
  let dir: string;
  let director: Awaited<ReturnType<typeof makeUser>>;
  let curator: Awaited<ReturnType<typeof makeUser>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-exports-'));
    t = await createTestApp(engine, { MEDIA_DIR: dir });
    const s = t.services;
    const museum = await makeMuseum(s, 'exp');
    director = await makeUser(s, { museum, role: 'director' });
    curator = await makeUser(s, { museum, role: 'curator' });
    const maker = await makePerson(s, 'Ibn al-Bawwab', 'ابن البواب');
    const paper = await makeConcept(s, 'material', 'paper', 'ورق');
    const o = await s.objects.create(
      director,
      museum.id,
      objectInput({
        accessionNumber: 'EXP.1',
        visibility: 'public',
        dates: ['391 AH'],
        titles: [
          { lang: 'ar', value: 'مُصْحَف ابن البواب' },
          { lang: 'en', value: 'The Ibn al-Bawwab Qurʾan' },
          { lang: 'fa', value: 'قرآن ابن بواب' },
        ],
        descriptions: [{ lang: 'en', value: '=HYPERLINK("http://evil.example","click")' }],
        makers: [{ id: maker.id, qualifier: 'calligrapher' }],
        materials: [{ id: paper.id }],
        dimensions: [{ type: 'height', value: 17.5, unit: 'cm' }],
        otherNumbers: [{ type: 'old number', value: 'CANARY-OLDNUMBER-5521' }],
        rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
      }),
    );
    ids.pub = o.id;
    const shelf = await s.locations.create(director, museum.id, {
      code: 'CANARY-SHELF-8812',
      kind: 'shelf',
      names: [{ lang: 'en', value: 'store' }],
    });
    await s.locations.move(director, museum.id, { to: shelf.id, objectIds: [o.id], reason: 'storage' });
    await s.valuations.value(director, museum.id, o.id, {
      amount: '987654321.55',
      currency: 'MAD',
      valuedOn: '2026-01-01',
      valuer: 'CANARY-VALUER',
      reason: 'insurance',
    });
    const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#884422' } })
      .jpeg()
      .toBuffer();
    await s.media.ingest(director, museum.id, o.id, streamOf(image), {});
    await s.worker.drain();
    ids.internal = (
      await s.objects.create(
        director,
        museum.id,
        objectInput({
          accessionNumber: 'EXP.2',
          visibility: 'internal',
          titles: [{ lang: 'en', value: 'CANARY internal mushaf' }],
        }),
      )
    ).id;
    ids.draft = (
      await s.objects.create(
        director,
        museum.id,
        objectInput({
          accessionNumber: 'EXP.3',
          visibility: 'draft',
          titles: [{ lang: 'en', value: 'CANARY draft' }],
        }),
      )
    ).id;
    const other = await makeMuseum(s, 'exp-other');
    const otherDirector = await makeUser(s, { museum: other, role: 'director' });
    ids.other = (
      await s.objects.create(
        otherDirector,
        other.id,
        objectInput({
          accessionNumber: 'OTH.1',
          visibility: 'public',
          titles: [{ lang: 'ar', value: 'مصحف مغربي' }],
        }),
      )
    ).id;
    ids.otherInternal = (
      await s.objects.create(
        otherDirector,
        other.id,
        objectInput({
          accessionNumber: 'OTH.2',
          visibility: 'internal',
          titles: [{ lang: 'en', value: 'CANARY other internal' }],
        }),
      )
    ).id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports every public record of the platform as CSV, public fields only, formulas neutralised', async () => {
    const res = await t.app.request('/en/search/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="mathaf-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    // The byte order mark that tells a spreadsheet the file is UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain('987654321');
    const rows = rowsOf(text);
    expect(rows.map((r) => r.id).sort()).toEqual([ids.pub, ids.other].sort());
    expect(Object.keys(rows[0]!)).not.toContain('visibility');
    for (const c of STAFF_COLUMNS) expect(Object.keys(rows[0]!)).not.toContain(c);
    const row = rows.find((r) => r.id === ids.pub)!;
    expect(row).toMatchObject({
      museum: 'exp',
      accession_number: 'EXP.1',
      title_ar: 'مُصْحَف ابن البواب',
      title_en: 'The Ibn al-Bawwab Qurʾan',
      title_other: 'fa: قرآن ابن بواب',
      makers: 'Ibn al-Bawwab (calligrapher)',
      materials: 'paper',
      dimensions: 'height 17.5 cm',
      rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
      url: `http://localhost:8080/en/m/exp/objects/${ids.pub}`,
      iiif_manifest: `http://localhost:8080/iiif/3/manifest/${ids.pub}`,
    });
    expect(row.description_en).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(Number(row.earliest_year)).toBe(1000);
    expect(row.images).toMatch(/^http:\/\/localhost:8080\/iiif\/3\/[0-9a-f-]+\/full\/400,\/0\/default\.jpg$/);
  });

  it('names linked terms in the reader’s language, and exports what a search finds, folded as the search folds', async () => {
    const ar = rowsOf(await (await t.app.request('/ar/search/export?q=مصحف')).text());
    expect(ar.map((r) => r.id).sort()).toEqual([ids.pub, ids.other].sort());
    expect(ar.find((r) => r.id === ids.pub)).toMatchObject({
      makers: 'ابن البواب (calligrapher)',
      materials: 'ورق',
    });
    const one = rowsOf(await (await t.app.request('/search/export?q=bawwab&lang=fr')).text());
    expect(one.map((r) => r.id)).toEqual([ids.pub]);
    const res = await t.app.request('/search/export?museum=exp-other');
    expect(res.headers.get('content-disposition')).toContain('mathaf-search-');
    expect(rowsOf(await res.text()).map((r) => r.id)).toEqual([ids.other]);
  });

  it('offers the download of a search’s results on the search page, and of the collection on the staff list', async () => {
    const page = await (await t.app.request('/en/search?q=bawwab&sort=date')).text();
    for (const f of ['csv', 'jsonl', 'lido'])
      expect(page).toContain(`href="/en/search/export?q=bawwab&amp;sort=date&amp;format=${f}"`);
    const linked = page.match(/href="(\/en\/search\/export\?[^"]+format=csv)"/)![1]!.replaceAll('&amp;', '&');
    expect(rowsOf(await (await t.app.request(linked)).text()).map((r) => r.id)).toEqual([ids.pub]);
    expect(await (await t.app.request('/en/search?q=nothingmatchesthis')).text()).not.toContain(
      '/search/export',
    );
    const b = new Browser(t.app, { 'accept-language': 'en' });
    await b.signIn(curator.email);
    const list = await (await b.get('/staff/m/exp/objects')).text();
    expect(list).toContain('href="/api/v1/museums/exp/export?format=csv&amp;sort=accession"');
    const res = await b.get('/api/v1/museums/exp/export?format=csv&sort=accession');
    expect(rowsOf(await res.text()).map((r) => r.accession_number)).toEqual(['EXP.1', 'EXP.2', 'EXP.3']);
  });

  it('exports JSON Lines and LIDO XML of public records, the LIDO valid against the schema', async () => {
    const jsonl = await (await t.app.request('/api/v1/export?format=jsonl')).text();
    expect(jsonl).not.toContain('CANARY');
    const lines = linesOf(jsonl);
    expect(lines.map((l) => l.id).sort()).toEqual([ids.pub, ids.other].sort());
    const line = lines.find((l) => l.id === ids.pub)!;
    expect(line).toMatchObject({
      museum: 'exp',
      accessionNumber: 'EXP.1',
      linkedArt: `http://localhost:8080/m/exp/objects/${ids.pub}.jsonld`,
    });
    for (const k of ['visibility', 'otherNumbers', 'collectionStatus', 'location', 'valuation', 'createdBy'])
      expect(line).not.toHaveProperty(k);
    const lido = await t.app.request('/search/export?format=lido');
    expect(lido.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await lido.text();
    expect(schemaErrors(xml, 'lido')).toBe('');
    expect(xml.match(/<lido:lido>/g)).toHaveLength(2);
    expect(xml).not.toContain('CANARY');
  });

  it('gives a museum’s staff every record of their museum with its staff fields, and valuations only to roles allowed them', async () => {
    const asCurator = await apiClient(t, curator.userId);
    const res = await asCurator.call('GET', '/api/v1/museums/exp/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const rows = rowsOf(await res.text());
    expect(rows.map((r) => r.id).sort()).toEqual([ids.pub, ids.internal, ids.draft].sort());
    expect(Object.keys(rows[0]!)).not.toContain('valuation_amount');
    const row = rows.find((r) => r.id === ids.pub)!;
    expect(row).toMatchObject({
      visibility: 'public',
      location: 'CANARY-SHELF-8812',
      other_numbers: 'old number: CANARY-OLDNUMBER-5521',
    });
    expect(rows.find((r) => r.id === ids.draft)).toMatchObject({ visibility: 'draft', location: '' });
    expect(JSON.stringify(rows)).not.toContain('987654321');

    const asDirector = await apiClient(t, director.userId);
    const full = rowsOf(await (await asDirector.call('GET', '/api/v1/museums/exp/export')).text());
    expect(full.find((r) => r.id === ids.pub)).toMatchObject({
      valuation_amount: '987654321.55',
      valuation_currency: 'MAD',
      valuation_date: '2026-01-01',
    });
    const json = linesOf(
      await (await asDirector.call('GET', '/api/v1/museums/exp/export?format=jsonl&q=CANARY')).text(),
    );
    expect(json.map((l) => l.id).sort()).toEqual([ids.internal, ids.draft].sort());
    expect(json[0]).toHaveProperty('valuation', null);
    const curatorJson = linesOf(
      await (
        await asCurator.call(
          'GET',
          `/api/v1/museums/exp/export?format=jsonl&q=${encodeURIComponent('Ibn al-Bawwab')}`,
        )
      ).text(),
    );
    expect(curatorJson).toHaveLength(1);
    expect(curatorJson[0]).toMatchObject({ visibility: 'public', location: { code: 'CANARY-SHELF-8812' } });
    expect(curatorJson[0]).not.toHaveProperty('valuation');
  });

  it('refuses a museum’s export to anyone outside it, and bad input with a 400 before any file', async () => {
    expect((await t.app.request('/api/v1/museums/exp/export')).status).toBe(401);
    const outsider = await makeUser(t.services, { museum: await makeMuseum(t.services), role: 'director' });
    expect([403, 404]).toContain(
      (await (await apiClient(t, outsider.userId)).call('GET', '/api/v1/museums/exp/export')).status,
    );
    for (const q of [
      'format=pdf',
      'visibility=draft',
      'century=x',
      'cursor=abc',
      'limit=5',
      'lang=not a language',
      `q=${'x'.repeat(600)}`,
    ]) {
      const res = await t.app.request(`/search/export?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-disposition'), q).toBeNull();
    }
  });

  it('compresses an export on the way for a reader that accepts gzip', async () => {
    const plain = await (await t.app.request('/search/export?format=jsonl')).text();
    const res = await t.app.request('/search/export?format=jsonl', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toBe(plain);
  });

  it('goes through every page of a large result', async () => {
    const s = t.services;
    const bulk = await makeMuseum(s, 'exp-bulk');
    const d = await makeUser(s, { museum: bulk, role: 'director' });
    for (let i = 0; i < 230; i++)
      await s.objects.create(
        d,
        bulk.id,
        objectInput({
          accessionNumber: `B.${i}`,
          visibility: i % 10 ? 'public' : 'internal',
          titles: [{ lang: 'en', value: `Tile ${i}` }],
        }),
      );
    const rows = rowsOf(await (await t.app.request('/search/export?museum=exp-bulk')).text());
    expect(rows).toHaveLength(207);
    expect(new Set(rows.map((r) => r.accession_number)).size).toBe(207);
    const staff = rowsOf(
      await (
        await (await apiClient(t, d.userId)).call('GET', '/api/v1/museums/exp-bulk/export?sort=accession')
      ).text(),
    );
    expect(staff).toHaveLength(230);
    expect(staff.slice(0, 3).map((r) => r.accession_number)).toEqual(['B.0', 'B.1', 'B.2']);
  });
});
