import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

describe.skipIf(!browserAvailable())('a visitor on the public side', () => {
  let h: Harness;
  let dir: string;
  let objectId = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-visitor-'));
    h = await startHarness('ar', { MEDIA_DIR: join(dir, 'media') });
    const s = h.env.services;
    const museum = await makeMuseum(s, 'visitor-museum');
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'V.1',
        visibility: 'public',
        dates: ['٧٦٤ هـ'],
        titles: [
          { lang: 'ar', value: 'مِشْكَاةُ مَسْجِدِ السُّلْطَانِ حَسَن' },
          { lang: 'en', value: 'Mosque lamp of Sultan Hasan' },
          { lang: 'fr', value: 'Lampe de mosquée du sultan Hasan' },
        ],
        descriptions: [
          { lang: 'en', value: 'Blown glass, enamelled and gilded.' },
          { lang: 'fr', value: 'Verre soufflé, émaillé et doré.' },
        ],
      }),
    );
    objectId = o.id;
    const raw = Buffer.alloc(2400 * 1800 * 3);
    for (let i = 0; i < raw.length; i += 3)
      raw.set([((i / 3) % 2400) % 256, Math.floor(i / 7200) % 256, 120], i);
    const jpeg = await sharp(raw, { raw: { width: 2400, height: 1800, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer();
    await s.media.ingest(curator, museum.id, o.id, new Blob([new Uint8Array(jpeg)]).stream(), {});
    await s.worker.drain();
    const mediator = await makeUser(s, { museum, role: 'mediator' });
    const story = await s.stories.create(mediator, museum.id, {
      slug: 'lumiere',
      titles: [
        { lang: 'fr', value: 'La lumière des mosquées' },
        { lang: 'ar', value: 'نور المساجد' },
      ],
      sections: [
        {
          type: 'text',
          headings: [{ lang: 'fr', value: 'Le verre émaillé' }],
          bodies: [{ lang: 'fr', value: 'Au Caire, les lampes éclairaient les mosquées.' }],
        },
        { type: 'object', objectId: o.id, captions: [{ lang: 'fr', value: 'La lampe du sultan Hasan' }] },
      ],
    });
    await s.stories.setPublished(mediator, museum.id, story.id, true);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('searches in Arabic without vowels, opens the object, zooms, and reads it in French', async () => {
    const { page, base } = h;
    await page.goto(`${base}/ar`);
    await page.fill('#q', 'مشكاة السلطان');
    await Promise.all([page.waitForURL('**/ar/search?q=*'), page.keyboard.press('Enter')]);
    await Promise.all([
      page.waitForURL(`**/ar/m/visitor-museum/objects/${objectId}`),
      page.click('.results a'),
    ]);
    expect(await page.textContent('h1')).toBe('مِشْكَاةُ مَسْجِدِ السُّلْطَانِ حَسَن');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    // The Hijri date with its Gregorian years.
    expect(await page.textContent('main')).toMatch(/٧٦٤ هـ \(1362–1363/);
    await page.screenshot({ path: join(SHOTS, 'object-ar.png'), fullPage: true });
    await page.click('button.zoom');
    await page.waitForSelector('[data-viewer=open]');
    // To French, on the same object, by the language switcher.
    await Promise.all([
      page.waitForURL(`**/fr/m/visitor-museum/objects/${objectId}`),
      page.click('.langs a[hreflang=fr]'),
    ]);
    expect(await page.textContent('h1')).toBe('Lampe de mosquée du sultan Hasan');
    expect(await page.textContent('main')).toContain('Verre soufflé, émaillé et doré.');
    await page.goto(`${base}/en/m/visitor-museum/objects/${objectId}`);
    await page.screenshot({ path: join(SHOTS, 'object-en.png'), fullPage: true });
    for (const f of ['object-ar.png', 'object-en.png'])
      expect(statSync(join(SHOTS, f)).size).toBeGreaterThan(10_000);
    // And reads a story from the front page, in French; its sections can be shared by their links.
    await page.goto(`${base}/fr`);
    await Promise.all([
      page.waitForURL('**/fr/m/visitor-museum/stories/lumiere'),
      page.click('text=La lumière des mosquées'),
    ]);
    expect(await page.textContent('h1')).toBe('La lumière des mosquées');
    expect(await page.textContent('main')).toContain('Au Caire, les lampes éclairaient les mosquées.');
    const section = await page.getAttribute('.story-object', 'id');
    await page.goto(`${base}/fr/m/visitor-museum/stories/lumiere#${section}`);
    expect(
      await page.evaluate(() => document.querySelector(':target')?.classList.contains('story-object')),
    ).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'story-fr.png'), fullPage: true });
    // Nothing on the way was refused by the pages' policy (the viewer, the type-ahead, the stylesheet).
    expect(h.cspViolations).toEqual([]);
  });
});
