import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConcept, makeMuseum, makeUser } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

describe.skipIf(!browserAvailable())('a curator in a real browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('en-GB');
    const museum = await makeMuseum(h.env.services, 'e2e-museum');
    await makeUser(h.env.services, { museum, role: 'curator', email: 'e2e@example.org' });
    await makeConcept(h.env.services, 'dynasty', 'Mamluk', 'المماليك');
  });
  afterAll(() => h?.close());

  it('signs in, switches to Arabic, creates an object with an Arabic title and a Hijri date, finds it, edits it and reads its history', async () => {
    const { page, base } = h;
    await page.goto(`${base}/sign-in`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await h.signIn('e2e@example.org');

    await page.click('a[hreflang=ar]');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');

    await page.click('a[href="/staff/m/e2e-museum/objects"]');
    await page.click('text=قطعة جديدة');
    await page.fill('#accessionNumber', '2026.14.3');
    await page.selectOption('[name="titles[0][lang]"]', 'ar');
    await page.fill('[name="titles[0][value]"]', 'مصحف مذهّب');
    await page.fill('#dates', '٨٦٥ هـ');
    await page.selectOption('#dynasties', { label: 'المماليك' });
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/objects\/[0-9a-f-]+\?done=created$/);
    expect(await page.textContent('main')).toContain('مصحف مذهّب');
    expect(await page.textContent('main')).toContain('1460–1461 م');

    await page.goto(`${base}/staff/m/e2e-museum/objects`);
    await page.fill('#q', 'مصحف');
    await page.click('search button[type=submit]');
    await page.click('a:has-text("2026.14.3")');
    await page.click('text=تعديل');
    await page.fill('[name="titles[0][value]"]', 'مصحف شريف مذهّب');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\?done=updated$/);
    expect(await page.textContent('main')).toContain('مصحف شريف مذهّب');

    await page.click('text=السجل التاريخي');
    const history = await page.textContent('main table');
    expect(history).toContain('titles');
    expect(history).toContain('مصحف مذهّب');
    expect(history).toContain('مصحف شريف مذهّب');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  });
});
