import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Violations of WCAG 2.0, 2.1 and 2.2 A and AA that axe-core finds on the page as shown. */
async function violations(h: Harness, path: string): Promise<string[]> {
  await h.page.goto(`${h.base}${path}`);
  // Evaluated through the DevTools protocol: the page's own policy allows no injected script, rightly.
  await h.page.evaluate(AXE_SOURCE);
  const found = await h.page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found.map((v) => `${path} ${v}`);
}

describe.skipIf(!browserAvailable())(
  'accessibility of the public pages (WCAG 2.2 AA, axe-core in Chromium)',
  () => {
    let h: Harness;
    let dir: string;
    let objectId = '';
    let dynastyId = '';
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mathaf-a11y-'));
      h = await startHarness('ar', { MEDIA_DIR: join(dir, 'media') });
      const s = h.env.services;
      const museum = await makeMuseum(s, 'a11y-museum');
      const curator = await makeUser(s, { museum, role: 'curator' });
      dynastyId = (
        await s.authorities.create(curator, museum.id, {
          type: 'concept',
          scheme: 'dynasty',
          labels: [
            { lang: 'en', value: 'Mamluk', preferred: true },
            { lang: 'ar', value: 'المماليك' },
          ],
        })
      ).id;
      for (let i = 1; i <= 3; i++) {
        const o = await s.objects.create(
          curator,
          museum.id,
          objectInput({
            accessionNumber: `AX.${i}`,
            visibility: 'public',
            dates: ['٧٦٤ هـ'],
            dynasties: [{ id: dynastyId }],
            titles: [
              { lang: 'ar', value: `مشكاة ${i}` },
              { lang: 'en', value: `Mosque lamp ${i}` },
            ],
            descriptions: [{ lang: 'en', value: 'Enamelled glass.' }],
          }),
        );
        objectId ||= o.id;
        const jpeg = await sharp({
          create: { width: 1200, height: 900, channels: 3, background: { r: 60 * i, g: 90, b: 120 } },
        })
          .jpeg()
          .toBuffer();
        await s.media.ingest(curator, museum.id, o.id, new Blob([new Uint8Array(jpeg)]).stream(), {});
      }
      await s.worker.drain();
      const mediator = await makeUser(s, { museum, role: 'mediator' });
      const story = await s.stories.create(mediator, museum.id, {
        slug: 'lamps',
        kind: 'exhibition',
        titles: [
          { lang: 'ar', value: 'مشكاوات' },
          { lang: 'en', value: 'Lamps' },
        ],
        sections: [
          {
            type: 'text',
            headings: [
              { lang: 'ar', value: 'الزجاج' },
              { lang: 'en', value: 'Glass' },
            ],
            bodies: [
              { lang: 'ar', value: 'نص' },
              { lang: 'en', value: 'Text' },
            ],
          },
          { type: 'object', objectId: objectId, captions: [] },
          { type: 'quote', texts: [{ lang: 'ar', value: 'اللَّهُ نُورُ السَّمَاوَاتِ' }], source: 'Qurʾān 24:35' },
        ],
      });
      await s.stories.setPublished(mediator, museum.id, story.id, true);
    });
    afterAll(async () => {
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('finds no violation on the home, search, object, museum, dynasty, map, browse and story pages, in Arabic and English', async () => {
      const found: string[] = [];
      for (const lang of ['ar', 'en']) {
        for (const path of [
          '',
          '/search?q=مشكاة',
          `/m/a11y-museum/objects/${objectId}`,
          '/m/a11y-museum',
          `/a/${dynastyId}`,
          '/map',
          '/browse',
          '/m/a11y-museum/stories/lamps',
        ]) {
          found.push(...(await violations(h, `/${lang}${path}`)));
        }
      }
      expect(found).toEqual([]);
      expect(h.cspViolations).toEqual([]);
      // Control: the check does find a fault when there is one (an image without its text).
      await h.page.evaluate(() => document.querySelector('main img')?.removeAttribute('alt'));
      const control = await h.page.evaluate(async () =>
        (
          await (
            window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string }[] }> } }
          ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a'] } })
        ).violations.map((v) => v.id),
      );
      expect(control).toContain('image-alt');
    });

    it('can be used with the keyboard alone, with the focus always visible', async () => {
      const { page, base } = h;
      await page.goto(`${base}/en/m/a11y-museum/objects/${objectId}`);
      // The skip link comes first and leads to the main content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#main');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // The zoom button is reached by Tab and opens the viewer with Enter.
      for (
        let i = 0;
        i < 30 && !(await page.evaluate(() => document.activeElement?.classList.contains('zoom')));
        i++
      )
        await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('zoom'))).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-viewer=open]');
      expect(h.cspViolations).toEqual([]);
    });
  },
);
