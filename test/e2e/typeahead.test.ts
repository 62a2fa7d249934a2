import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

describe.skipIf(!browserAvailable())('type-ahead in the public search box', () => {
  let h: Harness;
  let lampId = '';
  beforeAll(async () => {
    h = await startHarness('ar');
    const s = h.env.services;
    const museum = await makeMuseum(s, 'typeahead-museum');
    const curator = await makeUser(s, { museum, role: 'curator' });
    lampId = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: 'T.1',
          visibility: 'public',
          titles: [
            { lang: 'ar', value: 'مِشْكاة مسجد' },
            { lang: 'en', value: 'Mosque lamp' },
          ],
        }),
      )
    ).id;
    await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'T.2',
        visibility: 'internal',
        titles: [{ lang: 'ar', value: 'مشكاة سرية' }],
      }),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('suggests public objects as a word is typed, chosen with the keyboard', async () => {
    const { page, base } = h;
    await page.goto(`${base}/search`);
    await page.click('#q');
    await page.keyboard.type('مشك');
    await page.waitForSelector('#q-suggestions [role=option]');
    expect(await page.getAttribute('#q', 'aria-expanded')).toBe('true');
    const options = await page.$$eval('#q-suggestions [role=option]', (els) => els.map((e) => e.textContent));
    expect(options).toEqual(['مِشْكاة مسجد']); // the public one only, in the reader's language
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#q-suggestions [role=option]', 'aria-selected')).toBe('true');
    await Promise.all([page.waitForURL(`**/objects/${lampId}`), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('مِشْكاة مسجد');
  });

  it('leaves Enter to the form when no suggestion is chosen', async () => {
    const { page, base } = h;
    await page.goto(`${base}/search`);
    await page.click('#q');
    await page.keyboard.type('lamp');
    await page.waitForSelector('#q-suggestions [role=option]');
    await Promise.all([page.waitForURL('**/search?q=lamp*'), page.keyboard.press('Enter')]);
    expect(await page.textContent('[role=status]')).toBe('قطعة واحدة'); // one object, in Arabic's own singular
    expect(await page.$$eval('.results li', (els) => els.length)).toBe(1);
  });
});
