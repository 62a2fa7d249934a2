import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';
import { schemaErrors } from '../xml.js';

describe('what search engines are told', () => {
  let t: TestApp;
  const pub: string[] = [];
  let hidden = '';
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const s = t.services;
    const museum = await makeMuseum(s, 'sitemap-museum');
    const curator = await makeUser(s, { museum, role: 'curator' });
    for (let i = 1; i <= 5; i++)
      pub.push(
        (
          await s.objects.create(
            curator,
            museum.id,
            objectInput({ accessionNumber: `S.${i}`, visibility: 'public' }),
          )
        ).id,
      );
    hidden = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({ accessionNumber: 'S.9', visibility: 'internal' }),
      )
    ).id;
    const mediator = await makeUser(s, { museum, role: 'mediator' });
    const story = await s.stories.create(mediator, museum.id, {
      slug: 'published-story',
      titles: [{ lang: 'en', value: 'A story' }],
    });
    await s.stories.setPublished(mediator, museum.id, story.id, true);
    await s.stories.create(mediator, museum.id, {
      slug: 'draft-story',
      titles: [{ lang: 'en', value: 'A draft' }],
    });
  });
  afterAll(() => t.close());

  it('keeps crawlers out of staff pages and names the sitemap', async () => {
    const res = await t.app.request('/robots.txt');
    const body = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(body).toContain('Disallow: /staff');
    expect(body).toContain('Disallow: /api/');
    expect(body).toContain('Sitemap: http://localhost:8080/sitemap.xml');
  });

  it('lists every public object once, in files of at most 50,000 (split here at 2), and nothing hidden', async () => {
    const index = await (await t.app.request('/sitemap.xml')).text();
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(index).toContain('<loc>http://localhost:8080/sitemaps/pages.xml</loc>');
    expect(index).toContain('<loc>http://localhost:8080/sitemaps/objects-1.xml</loc>');
    const pages = await (await t.app.request('/sitemaps/pages.xml')).text();
    expect(schemaErrors(pages, 'sitemap')).toBe('');
    expect(pages).toContain('<loc>http://localhost:8080/ar/m/sitemap-museum</loc>');
    expect(pages).toContain('<loc>http://localhost:8080/ar/m/sitemap-museum/stories/published-story</loc>');
    expect(pages).not.toContain('draft-story');
    const one = await (await t.app.request('/sitemaps/objects-1.xml')).text();
    expect(schemaErrors(one, 'sitemap')).toBe('');
    for (const id of pub)
      expect(one).toContain(`<loc>http://localhost:8080/ar/m/sitemap-museum/objects/${id}</loc>`);
    expect(one).not.toContain(hidden);
    expect((await t.app.request('/sitemaps/objects-2.xml')).status).toBe(404);
    // Past the limit, more files, each within it, together naming each public object once.
    const s = t.services.sitemaps;
    expect((await s.index(2)).match(/objects-\d+\.xml/g)).toEqual([
      'objects-1.xml',
      'objects-2.xml',
      'objects-3.xml',
    ]);
    const files = await Promise.all([1, 2, 3].map((n) => s.objects(n, 2)));
    const locs = files.flatMap((f) =>
      [...f!.matchAll(/<loc>[^<]*\/objects\/([0-9a-f-]+)<\/loc>/g)].map((m) => m[1]),
    );
    expect(locs.sort()).toEqual([...pub].sort());
    for (const f of files) expect(schemaErrors(f!, 'sitemap')).toBe('');
    expect(await s.objects(4, 2)).toBeNull();
  });
});
