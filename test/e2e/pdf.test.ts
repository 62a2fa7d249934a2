import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';
import { browserAvailable } from './harness.js';

const PDFTOTEXT = '/usr/bin/pdftotext';
const canRead =
  existsSync(PDFTOTEXT) ||
  (process.env.CI
    ? (() => {
        throw new Error('The PDF test needs pdftotext (apt-get install poppler-utils)');
      })()
    : false);

describe.skipIf(!browserAvailable() || !canRead)('printable documents as PDF files', () => {
  let t: TestApp;
  let dir: string;
  let objectId: string;
  let b: Browser;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-pdf-'));
    t = await createTestApp('sqlite');
    const museum = await makeMuseum(t.services, 'pdf-museum');
    const registrar = await makeUser(t.services, { museum, role: 'registrar' });
    objectId = (
      await t.services.objects.create(
        registrar,
        museum.id,
        objectInput({
          accessionNumber: 'PDF.7',
          titles: [
            { lang: 'ar', value: 'مصحف شريف' },
            { lang: 'en', value: 'Qur’an' },
          ],
        }),
      )
    ).id;
    b = new Browser(t.app, { 'accept-language': 'ar' });
    await b.signIn(registrar.email);
  });
  afterAll(async () => {
    await t.services.pdf.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers a printable page as a PDF file, laid out in Arabic as it prints', async () => {
    const html = await (await b.get(`/staff/m/pdf-museum/labels?object=${objectId}`)).text();
    expect(html).toContain(`href="/staff/m/pdf-museum/labels.pdf?object=${objectId}"`);
    const res = await b.get(`/staff/m/pdf-museum/labels.pdf?object=${objectId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="pdf-museum-labels.pdf"');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'labels.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync(PDFTOTEXT, ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('PDF.7');
    // Arabic comes out as Arabic letters (shaped glyphs mapped back to their characters), the title whole.
    expect(text.replace(/\s+/g, ' ')).toMatch(/مصحف شريف|فيرش فحصم/);
    // The A4 page size of the print stylesheet.
    const info = execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('refuses a PDF of a page the reader may not see, as the page itself', async () => {
    expect((await new Browser(t.app).get(`/staff/m/pdf-museum/labels.pdf?object=${objectId}`)).status).toBe(
      303,
    );
    const outsider = new Browser(t.app);
    await outsider.signIn(
      (await makeUser(t.services, { museum: await makeMuseum(t.services), role: 'director' })).email,
    );
    expect((await outsider.get(`/staff/m/pdf-museum/labels.pdf?object=${objectId}`)).status).toBe(404);
    // Only printable pages have a PDF twin.
    expect((await b.get('/staff/m/pdf-museum/objects.pdf')).status).toBe(404);
  });
});
