import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

const DIR = fileURLToPath(new URL('../../data/directory', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The directory in Chromium: a visitor filters it in Arabic and opens a museum; a director's change goes public once the focal point accepts it. */
describe.skipIf(!browserAvailable())('the directory of museums in a browser', () => {
  let h: Harness;
  let slug = '';
  beforeAll(async () => {
    h = await startHarness('ar');
    const s = h.env.services;
    await s.directory.load(DIR);
    slug = (await s.directory.search({ country: 'TN', limit: '1' })).items[0]!.slug;
    const museum = (await s.repos.museums.findBySlug(s.database.db, slug))!;
    await makeUser(s, { museum, role: 'director', email: 'director@e2e.tn' });
    const admin = await makeUser(s, { admin: true });
    await makeUser(s, { email: 'focal@e2e.tn' });
    await s.proposals.appoint(admin, { email: 'focal@e2e.tn', country: 'TN' });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('filters to one member state in Arabic, opens a museum, and shows a change once the focal point accepts it', async () => {
    const { page, base } = h;
    await page.goto(`${base}/ar/directory`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.selectOption('#d-country', 'TN');
    await page.click('search button[type=submit]');
    await page.waitForURL(/country=TN/);
    const rows = await page.locator('main table tbody tr').count();
    const tunisia = (await h.env.services.directory.search({ country: 'TN', limit: '500' })).total;
    expect(rows).toBe(tunisia);
    expect(await page.textContent('[role=status]')).toContain(`${tunisia} متحفًا`);
    await page.click(`main table a[href="/ar/m/${slug}"]`);
    await page.waitForURL(`${base}/ar/m/${slug}`);

    await h.signIn('director@e2e.tn');
    await page.goto(`${base}/staff/m/${slug}/directory`);
    await page.fill('[name="entry[names][en]"]', 'Museum of the Medina, renamed');
    await page.fill('[name="entry[city]"]', 'Tunis');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/done=1/);
    await page.goto(`${base}/en/m/${slug}`);
    expect(await page.textContent('h1')).not.toContain('renamed');

    await page.context().clearCookies();
    await h.signIn('focal@e2e.tn');
    await page.goto(`${base}/staff/directory`);
    await page.click('main table a[href^="/staff/directory/proposals/"]');
    await page.click('button[name=decision][value=accept]');
    await page.waitForURL(`${base}/staff/directory`);

    await page.context().clearCookies();
    await page.goto(`${base}/en/m/${slug}`);
    expect(await page.textContent('h1')).toContain('Museum of the Medina, renamed');
  }, 60_000);

  it('finds no WCAG 2.2 AA violation on the directory, a state, the proposal form and the figures, in Arabic and English', async () => {
    const found: string[] = [];
    for (const lang of ['ar', 'en']) {
      for (const path of [
        `/${lang}/directory`,
        `/${lang}/directory/tn`,
        `/${lang}/network`,
        '/directory/propose',
      ]) {
        await h.page.goto(`${h.base}${path}`);
        await h.page.evaluate(AXE_SOURCE);
        const v = await h.page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run(o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
              };
            }
          ).axe;
          const r = await axe.run({
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
          });
          return r.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...v.map((x) => `${path} ${x}`));
      }
    }
    expect(found).toEqual([]);
  }, 60_000);
});
