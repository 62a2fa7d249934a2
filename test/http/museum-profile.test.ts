import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Museum } from '../../src/modules/museums/museum.schemas.js';
import { makeMuseum, makeUser, snapshot } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

describe('a museum’s public profile', () => {
  let t: TestApp;
  let museum: Museum;
  let director: Browser;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    museum = await makeMuseum(t.services, 'profile-museum');
    director = new Browser(t.app);
    await director.signIn((await makeUser(t.services, { museum, role: 'director' })).email);
  });
  afterAll(() => t.close());

  it('is kept by the director in a form and shown on the museum’s public page', async () => {
    const saved = await director.post('/staff/m/profile-museum/profile', {
      'descriptions[0][lang]': 'ar',
      'descriptions[0][value]': 'متحف الفن الإسلامي في قلب المدينة.',
      'descriptions[1][lang]': 'en',
      'descriptions[1][value]': 'The museum of Islamic art in the heart of the city.',
      address: 'Bab Al-Khalq',
      latitude: '30.0444',
      longitude: '31.2551',
      'openingHours[0][lang]': 'en',
      'openingHours[0][value]': 'Every day 9:00–17:00, Fridays 9:00–11:30',
      'fees[0][lang]': 'en',
      'fees[0][value]': 'Free for students',
      phone: '+20 2 2390 1520',
      email: 'info@museum.example',
      website: 'https://museum.example/',
      services: ['shop', 'wheelchair_access'],
      socialLinks: 'https://www.facebook.com/museum.example\nhttps://www.instagram.com/museum.example',
      visitLanguages: 'ar, en fr',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/staff/m/profile-museum/profile?done=saved');
    const res = await t.app.request('/en/m/profile-museum');
    const html = await res.text();
    expect(html).toContain('The museum of Islamic art in the heart of the city.');
    expect(html).not.toContain('<p lang="ar" dir="auto">متحف'); // the reader's language when the museum wrote it
    expect(html).toContain('Every day 9:00–17:00, Fridays 9:00–11:30');
    expect(html).toContain('Free for students');
    expect(html).toContain('<li>Shop</li>');
    expect(html).toContain('<li>Wheelchair access</li>');
    expect(html).toContain('href="tel:+20223901520"');
    expect(html).toContain(
      'href="https://www.openstreetmap.org/?mlat=30.0444&amp;mlon=31.2551#map=17/30.0444/31.2551"',
    );
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!);
    expect(ld).toMatchObject({
      '@type': 'Museum',
      telephone: '+20 2 2390 1520',
      geo: { latitude: 30.0444, longitude: 31.2551 },
      address: { streetAddress: 'Bab Al-Khalq' },
      knowsLanguage: ['ar', 'en', 'fr'],
    });
    expect(ld.sameAs).toEqual([
      'https://museum.example/',
      'https://www.facebook.com/museum.example',
      'https://www.instagram.com/museum.example',
    ]);
    expect(html).toContain('>www.instagram.com</a>');
    expect(html).toContain('Arabic, English, French');
    // In Arabic, the Arabic text; every change audited.
    expect(await (await t.app.request('/ar/m/profile-museum')).text()).toContain(
      'متحف الفن الإسلامي في قلب المدينة.',
    );
    const events = await t.services.database.db
      .selectFrom('audit_event')
      .select(['entity_type', 'action'])
      .where('entity_id', '=', museum.id)
      .where('action', '=', 'update')
      .execute();
    expect(events.length).toBeGreaterThan(0);
  });

  it('refuses bad input with its reasons and changes nothing, and is the director’s alone', async () => {
    const curator = new Browser(t.app);
    await curator.signIn((await makeUser(t.services, { museum, role: 'curator' })).email);
    const before = await snapshot(t.services);
    const bad = await director.post('/staff/m/profile-museum/profile', {
      email: 'not an email',
      latitude: '95',
      website: 'javascript:alert(1)',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('aria-invalid="true"');
    expect(await snapshot(t.services)).toBe(before);
    expect((await curator.get('/staff/m/profile-museum/profile')).status).toBe(403);
    expect((await curator.post('/staff/m/profile-museum/profile', { address: 'x' })).status).toBe(403);
    expect(await snapshot(t.services)).toBe(before);
  });

  it('is kept through the API too', async () => {
    const user = await makeUser(t.services, { museum, role: 'director' });
    const { call } = await apiClient(t, user.userId);
    const res = await call('PUT', '/api/v1/museums/profile-museum/profile', {
      openingHours: [{ lang: 'fr', value: 'Tous les jours' }],
      services: ['cafe'],
    });
    expect(res.status).toBe(200);
    expect((await res.json()).profile).toMatchObject({
      openingHours: [{ lang: 'fr', value: 'Tous les jours' }],
      services: ['cafe'],
      email: null,
    });
    expect((await call('PUT', '/api/v1/museums/profile-museum/profile', { latitude: 30 })).status).toBe(400); // one without the other
  });
});
