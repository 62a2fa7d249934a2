import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';

describe('search over HTTP', () => {
  let t: TestApp;
  let pub: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const s = t.services;
    const museum = await makeMuseum(s, 'search-http');
    const curator = await makeUser(s, { museum, role: 'curator' });
    pub = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: 'S.1',
          visibility: 'public',
          titles: [
            { lang: 'ar', value: 'إبريق مملوكي' },
            { lang: 'en', value: 'Mamluk ewer' },
          ],
          dates: ['1500-1510'],
        }),
      )
    ).id;
    const hidden = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'S.2',
        visibility: 'internal',
        titles: [{ lang: 'en', value: 'Mamluk canaryword basin' }],
      }),
    );
    await s.valuations.value(await makeUser(s, { museum, role: 'registrar' }), museum.id, hidden.id, {
      amount: '777333',
      currency: 'EGP',
      valuedOn: '2026-01-01',
      valuer: 'canaryvaluer',
      reason: 'insurance',
    });
  });
  afterAll(() => t.close());

  it('answers the public API with public records only, whatever the spelling', async () => {
    for (const q of ['ابريق', 'أبريق', 'الإبريق', 'mamluk', 'Mamlūk', 'مملوكي']) {
      const r = await (await t.app.request(`/api/v1/search?q=${encodeURIComponent(q)}`)).json();
      expect(r, q).toMatchObject({
        total: 1,
        items: [{ id: pub, museum: 'search-http', accessionNumber: 'S.1', titles: expect.any(Array) }],
      });
      expect(Object.keys(r.facets), q).not.toContain('visibility');
    }
    for (const q of ['canaryword', 'canaryvaluer', '777333', 'basin']) {
      expect((await (await t.app.request(`/api/v1/search?q=${q}`)).json()).total, q).toBe(0);
    }
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, 'search-http'))!;
    const staff = await apiClient(t, (await makeUser(t.services, { museum, role: 'readonly' })).userId);
    const mine = await (await staff.call('GET', '/api/v1/museums/search-http/search?q=mamluk')).json();
    expect(mine.total).toBe(2);
    // Staff-only fields are never indexed, even for staff.
    expect(
      (await (await staff.call('GET', '/api/v1/museums/search-http/search?q=canaryvaluer')).json()).total,
    ).toBe(0);
  });

  it('suggests public objects as a word is typed', async () => {
    const r = await (await t.app.request(`/api/v1/search/suggest?q=${encodeURIComponent('إبري')}`)).json();
    expect(r.items.map((i: { id: string }) => i.id)).toEqual([pub]);
    expect(r.items[0].highlight.text).toBe('إبريق مملوكي');
    expect((await (await t.app.request('/api/v1/search/suggest?q=canaryw')).json()).items).toEqual([]);
    expect((await t.app.request('/api/v1/search/suggest?q=x&material=y')).status).toBe(400);
  });

  it('refuses malformed searches with a message, never a 500', async () => {
    const long = await t.app.request(`/api/v1/search?q=${'x'.repeat(10_000)}`);
    expect(long.status).toBe(400);
    expect((await long.json()).error.fields[0].path).toBe('q');
    expect((await t.app.request('/api/v1/search?q=ewer&facet=colour')).status).toBe(400);
    expect((await t.app.request('/api/v1/search?q=ewer&offset=abc')).status).toBe(400);
    for (const q of ['"', 'a OR (', 'NEAR(', '*', '%', "'; DROP TABLE object; --"]) {
      expect((await t.app.request(`/api/v1/search?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
    }
  });

  it('shows a search page in the reader’s language, each result a link to its object', async () => {
    const html = await (
      await t.app.request(`/search?q=${encodeURIComponent('إبريق')}`, {
        headers: { 'accept-language': 'ar' },
      })
    ).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('قطعة واحدة');
    expect(html).toContain(`href="/ar/m/search-http/objects/${pub}"`); // public pages link to each other in the reader's language
    expect(html).toContain('<link rel="alternate" hreflang="fr" href="http://localhost:8080/fr/search?q=');
    expect(html).toContain('إبريق مملوكي');
    // Words found in another of its texts than the title shown are marked there.
    const marked = await (
      await t.app.request('/search?q=ewer', { headers: { 'accept-language': 'ar' } })
    ).text();
    expect(marked).toContain('<mark>ewer</mark>');
    expect(html).not.toContain('canaryword');
    expect((await t.app.request(`/search?q=${'y'.repeat(10_000)}`)).status).toBe(200);
    // Facets are links that narrow the search, and each narrowed search is a URL of its own.
    const en = await (
      await t.app.request('/search?q=mamluk', { headers: { 'accept-language': 'en' } })
    ).text();
    expect(en).toContain('16th century');
    const narrowed = /href="(\/en\/search\?q=mamluk&amp;century=16)"/.exec(en)?.[1];
    expect(narrowed).toBeDefined();
    // The language is in the address: no header needed.
    const page = await (await t.app.request(narrowed!.replaceAll('&amp;', '&'))).text();
    expect(page).toContain('aria-current="true"');
    expect(page).toContain('One object');
    expect(await (await t.app.request('/search?q=mamluk&century=17')).text()).not.toContain(
      `/m/search-http/objects/${pub}`,
    );
  });
});
