import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Museum } from '../../src/modules/museums/museum.schemas.js';
import { makeConcept, makeMuseum, makeUser } from '../factories.js';
import { apiClient, Browser, createTestApp, ORIGIN, type TestApp } from '../http.js';

const FILE =
  'accession_number,title_ar,title_en,materials,dates,dimensions_height\r\nWEB.1,إبريق,Ewer,brass,٩٠٠ هـ,32 cm\r\nWEB.2,طبق,Dish,Unknown Glaze,1550,\r\n';

/** Imports through the staff pages (no script needed) and the API, from a file to the records and back. */
describe('spreadsheet imports over HTTP', () => {
  let t: TestApp;
  let dir: string;
  let museum: Museum;
  let registrar: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-imports-http-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir, IMPORT_MAX_BYTES: '4096' });
    museum = await makeMuseum(t.services, 'web-import');
    registrar = await makeUser(t.services, { museum, role: 'registrar', email: 'registrar@web-import.org' });
    await makeConcept(t.services, 'material', 'brass', 'نحاس أصفر');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a staff member from a file to imported records and back, in the pages alone', async () => {
    const b = new Browser(t.app, { 'accept-language': 'en' });
    await b.signIn(registrar.email);
    const list = await (await b.get('/staff/m/web-import/imports')).text();
    expect(list).toContain('enctype="multipart/form-data"');
    const form = new FormData();
    form.append('_csrf', await b.csrf());
    form.append('file', new File([FILE], 'objects.csv', { type: 'text/csv' }));
    const up = await b.request('/staff/m/web-import/imports', {
      method: 'POST',
      body: form,
      headers: { origin: ORIGIN },
    });
    expect(up.status).toBe(303);
    const at = up.headers.get('location')!;
    const mapping = await (await b.get(at)).text();
    // The headings of Mathaf's own export are recognised, with their language.
    expect(mapping).toMatch(
      /name="columns\[0\]\[field\]"[^>]*>(?:(?!<\/select>).)*<option value="accessionNumber" selected=""/s,
    );
    expect(mapping).toMatch(/name="columns\[1\]\[lang\]" value="ar"/);
    const fields = {
      'columns[0][column]': 'accession_number',
      'columns[0][field]': 'accessionNumber',
      'columns[1][column]': 'title_ar',
      'columns[1][field]': 'title',
      'columns[1][lang]': 'ar',
      'columns[2][column]': 'title_en',
      'columns[2][field]': 'title',
      'columns[2][lang]': 'en',
      'columns[3][column]': 'materials',
      'columns[3][field]': 'material',
      'columns[3][split]': '|',
      'columns[4][column]': 'dates',
      'columns[4][field]': 'date',
      'columns[5][column]': 'dimensions_height',
      'columns[5][field]': 'height',
      encoding: 'auto',
      delimiter: 'auto',
      visibility: 'internal',
      newAuthorities: 'reject',
      saveAs: 'Our register',
    };
    const dry = await b.post(`${at}/dry-run`, fields);
    expect(dry.status).toBe(303);
    const report = await (await b.get(at)).text();
    expect(report).toContain('2 rows: 1 new, 0 updated, 0 unchanged, 1 refused.');
    expect(report).toContain('No material “Unknown Glaze” among the authorities');
    expect(report).toContain('Our register');

    // With refused rows and no skipping, the run is refused and writes nothing.
    await b.post(`${at}/run`, fields);
    await t.services.worker.drain();
    expect(await (await b.get(at)).text()).toContain('Refused');
    expect((await t.services.objects.list(registrar, museum.id, {})).total).toBe(0);

    await b.post(`${at}/run`, { ...fields, newAuthorities: 'create' });
    const running = await (await b.get(at)).text();
    expect(running).toContain('http-equiv="refresh"');
    await t.services.worker.drain();
    const done = await (await b.get(at)).text();
    expect(done).toContain('Imported');
    const objects = await t.services.objects.list(registrar, museum.id, {});
    expect(objects.items.map((o) => o.accessionNumber)).toEqual(['WEB.1', 'WEB.2']);
    expect(objects.items.every((o) => o.visibility === 'internal')).toBe(true);
    const ewer = await t.services.objects.get(registrar, museum.id, objects.items[0]!.id);
    expect(ewer.materials[0]!.labels).toContainEqual(expect.objectContaining({ lang: 'en', value: 'brass' }));
    expect(ewer.dates[0]).toMatchObject({ calendar: 'islamic', earliest: 1494 });

    expect((await b.post(`${at}/undo`, {})).status).toBe(303);
    expect(await (await b.get(at)).text()).toContain('Undone');
    expect((await t.services.objects.list(registrar, museum.id, {})).total).toBe(0);
  });

  it('offers the same over the API, with saved mappings, and refuses what it should', async () => {
    const api = await apiClient(t, registrar.userId);
    const up = await api.call('POST', '/api/v1/museums/web-import/imports', FILE, {
      'content-type': 'text/csv',
      'x-filename': 'api.csv',
    });
    expect(up.status).toBe(201);
    const preview = await up.json();
    expect(preview).toMatchObject({
      headers: ['accession_number', 'title_ar', 'title_en', 'materials', 'dates', 'dimensions_height'],
      rows: 2,
      encoding: 'utf-8',
      delimiter: ',',
    });
    const mapping = { columns: preview.suggested, newAuthorities: 'create' };
    const dry = await api.call(
      'POST',
      `/api/v1/museums/web-import/imports/${preview.batch.id}/dry-run`,
      mapping,
    );
    const dryReport = await dry.json();
    expect(dryReport, JSON.stringify(dryReport)).toMatchObject({ rows: 2, create: 2, reject: 0 });
    expect(
      (
        await api.call('PUT', '/api/v1/museums/web-import/import-mappings', {
          name: 'mathaf export',
          mapping,
        })
      ).status,
    ).toBe(204);
    expect(
      (await (await api.call('GET', '/api/v1/museums/web-import/import-mappings')).json()).items.map(
        (m: { name: string }) => m.name,
      ),
    ).toContain('mathaf export');
    const run = await api.call('POST', `/api/v1/museums/web-import/imports/${preview.batch.id}/run`, {
      mapping,
    });
    expect(run.status).toBe(202);
    expect(
      (await api.call('POST', `/api/v1/museums/web-import/imports/${preview.batch.id}/run`, { mapping }))
        .status,
    ).toBe(409);
    await t.services.worker.drain();
    expect(
      await (await api.call('GET', `/api/v1/museums/web-import/imports/${preview.batch.id}`)).json(),
    ).toMatchObject({ status: 'done', report: { create: 2 } });
    expect(
      (await api.call('POST', `/api/v1/museums/web-import/imports/${preview.batch.id}/undo`)).status,
    ).toBe(200);

    // Bad input: a mapping without an accession number, an unknown field, a file too large, a broken spreadsheet, another museum.
    const bad = await api.call('POST', `/api/v1/museums/web-import/imports/${preview.batch.id}/dry-run`, {
      columns: [{ column: 'title_en', field: 'title' }],
    });
    expect(bad.status).toBe(400);
    const badBody = JSON.stringify(await bad.json());
    expect(badBody, badBody).toContain('map one column to the accession number');
    expect(
      (
        await api.call('POST', `/api/v1/museums/web-import/imports/${preview.batch.id}/dry-run`, {
          columns: [{ column: 'x', field: 'secret' }],
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call('POST', '/api/v1/museums/web-import/imports', 'x'.repeat(5000), {
          'content-type': 'text/csv',
        })
      ).status,
    ).toBe(413);
    const broken = await api.call(
      'POST',
      '/api/v1/museums/web-import/imports',
      'PK\u0003\u0004not really a zip',
      { 'content-type': 'application/octet-stream', 'x-filename': 'x.xlsx' },
    );
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.message).toContain('XLSX');
    const other = await makeMuseum(t.services, 'web-import-other');
    const outsider = await apiClient(
      t,
      (await makeUser(t.services, { museum: other, role: 'director' })).userId,
    );
    expect(
      (await outsider.call('GET', `/api/v1/museums/web-import/imports/${preview.batch.id}`)).status,
    ).toBe(404);
    expect(
      (await outsider.call('GET', `/api/v1/museums/web-import-other/imports/${preview.batch.id}`)).status,
    ).toBe(404);
  });
});
