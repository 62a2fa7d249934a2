import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/http.js';
import { LANGS, loadCatalogues } from './locale.js';

describe('an interface language added by a translation file alone', () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-locales-'));
    writeFileSync(
      join(dir, 'fa.json'),
      JSON.stringify({
        'nav.search': 'جستجو',
        'search.count': '{count, plural, =0 {چیزی یافت نشد} one {یک شیء} other {# شیء}}',
      }),
    );
    t = await createTestApp('sqlite', { LOCALES_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves public pages in it, right to left, with English for what it does not translate yet', async () => {
    expect(LANGS).toContain('fa');
    const html = await (await t.app.request('/fa/search?q=x')).text();
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('>جستجو</a>');
    expect(html).toContain('چیزی یافت نشد');
    expect(html).toContain('Words, names, places, numbers — in any script'); // not translated yet: in English
    expect(html).toContain('hreflang="fa" href="http://localhost:8080/fa/search?q=x"');
    expect(html).toContain('>فارسی</a>'); // named in itself in the switcher
    // A browser asking for Persian gets it.
    expect(
      await (await t.app.request('/search', { headers: { 'accept-language': 'fa-IR' } })).text(),
    ).toContain('<html lang="fa" dir="rtl">');
  });

  it('refuses a file with an unknown key or a message that does not parse, naming it', () => {
    const bad = mkdtempSync(join(tmpdir(), 'mathaf-locales-bad-'));
    try {
      writeFileSync(join(bad, 'tr.json'), JSON.stringify({ 'no.such.key': 'x' }));
      expect(() => loadCatalogues(bad)).toThrow('tr.json: unknown message key no.such.key');
      writeFileSync(join(bad, 'tr.json'), JSON.stringify({ 'search.count': '{count, plural, one {' }));
      expect(() => loadCatalogues(bad)).toThrow(/tr\.json: search\.count does not parse/);
      expect(LANGS).not.toContain('tr');
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
