import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConcept, makeMuseum, makePerson, makeUser, snapshot } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

describe('staff pages', () => {
  let t: TestApp;
  let b: Browser;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const museum = await makeMuseum(t.services, 'pages-museum');
    await makeUser(t.services, { museum, role: 'curator', email: 'pages@example.org' });
    await makeConcept(t.services, 'dynasty', 'Mamluk', 'المماليك');
    await makePerson(t.services, 'Ibn Muqla', 'ابن مقلة', museum.id);
    b = new Browser(t.app, { 'accept-language': 'fr-MA,fr;q=0.9,en;q=0.5' });
    await b.signIn('pages@example.org');
  });
  afterAll(() => t.close());

  it('chooses the language from the browser, switches it by link, and mirrors the page for Arabic', async () => {
    const fr = await (await b.get('/staff/m/pages-museum/objects')).text();
    // A document in standards mode: without its doctype a browser lays the page out in quirks mode.
    expect(fr.startsWith('<!DOCTYPE html><html lang="fr" dir="ltr">')).toBe(true);
    expect(fr).toContain('Aucun objet');
    const sw = await b.get('/lang/ar?next=%2Fstaff%2Fm%2Fpages-museum%2Fobjects');
    expect(sw.status).toBe(303);
    expect(sw.headers.get('location')).toBe('/staff/m/pages-museum/objects');
    const ar = await (await b.get('/staff/m/pages-museum/objects')).text();
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toContain('لا توجد قطع');
    // A return address off this site is not followed.
    expect((await b.get('/lang/en?next=https%3A%2F%2Fevil.example')).headers.get('location')).toBe('/');
    expect((await b.get('/lang/en?next=%2F%2Fevil.example')).headers.get('location')).toBe('/');
  });

  it('creates an object from the form with an Arabic title, a Hijri date, a dynasty and a maker, then edits it', async () => {
    await b.get('/lang/ar');
    const form = await (await b.get('/staff/m/pages-museum/objects/new')).text();
    const mamluk = /<option value="([0-9a-f-]+)"[^>]*>المماليك<\/option>/.exec(form)![1]!;
    const res = await b.post('/staff/m/pages-museum/objects', {
      accessionNumber: '2026.1.1',
      visibility: 'internal',
      'titles[0][lang]': 'ar',
      'titles[0][value]': 'مشكاة زجاجية',
      'titles[1][lang]': 'en',
      'titles[1][value]': 'Glass mosque lamp',
      dates: '٧٥٠ هـ',
      dynasties: mamluk,
      'makers[0][label]': 'ابن مقلة',
      'makers[0][qualifier]': 'calligrapher',
      'dimensions[0][type]': 'height',
      'dimensions[0][value]': '35,5',
      'dimensions[0][unit]': 'cm',
      'inscriptions[0][text]': 'الله نور السموات والأرض',
      'inscriptions[0][lang]': 'ar',
      'inscriptions[0][position]': 'neck',
    });
    expect(res.status).toBe(303);
    const page = await (await b.get(res.headers.get('location')!)).text();
    expect(page).toContain('مشكاة زجاجية');
    expect(page).toContain('٧٥٠ هـ');
    expect(page).toContain('1349–1350 م'); // the Gregorian years beside the Hijri original
    expect(page).toContain('المماليك');
    expect(page).toContain('ابن مقلة');
    expect(page).toContain('35.5 cm');
    const id = res.headers.get('location')!.split('/')[5]!.split('?')[0]!;
    const edit = await (await b.get(`/staff/m/pages-museum/objects/${id}/edit`)).text();
    expect(edit).toContain('value="ابن مقلة"');
    expect(edit).toContain('name="version" value="1"');
    const saved = await b.post(`/staff/m/pages-museum/objects/${id}/edit`, {
      version: '1',
      accessionNumber: '2026.1.1',
      visibility: 'public',
      'titles[0][lang]': 'ar',
      'titles[0][value]': 'مشكاة',
      dates: '٧٥٠ هـ',
    });
    expect(saved.status).toBe(303);
    const history = await (await b.get(`/staff/m/pages-museum/objects/${id}/history`)).text();
    expect(history).toContain('visibility');
    expect(history).toContain('مشكاة زجاجية');
  });

  it('shows an authority record and its history', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'pages-museum'))!;
    const [person] = await s.authorities.list(
      (await s.actors.forUser(
        (await s.repos.museums.findUserByEmail(s.database.db, 'pages@example.org'))!.id,
      ))!,
      museum.id,
      { type: 'person', q: 'Ibn Muqla' },
    );
    const page = await (await b.get(`/staff/m/pages-museum/authorities/${person!.id}`)).text();
    expect(page).toContain('ابن مقلة');
    expect(page).toContain('Ibn Muqla');
    const history = await (await b.get(`/staff/m/pages-museum/authorities/${person!.id}/history`)).text();
    expect(history).toContain('labels');
  });

  it('shows the form again with messages in the reader’s language when input is refused, and saves nothing', async () => {
    await b.get('/lang/fr');
    const before = await snapshot(t.services);
    const res = await b.post('/staff/m/pages-museum/objects', {
      accessionNumber: '',
      'titles[0][lang]': 'fr',
      'titles[0][value]': 'Lampe',
      dates: 'un jour de pluie',
      'makers[0][label]': 'Nobody Known',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Aucune fiche ne porte ce nom');
    expect(await snapshot(t.services)).toBe(before);
    const res2 = await b.post('/staff/m/pages-museum/objects', {
      accessionNumber: 'X.1',
      'titles[0][lang]': 'fr',
      'titles[0][value]': 'Lampe',
      dates: 'un jour de pluie',
    });
    expect(res2.status).toBe(400);
    const html2 = await res2.text();
    expect(html2).toContain('Cette date n’a pas pu être lue');
    expect(html2).toContain('value="Lampe"'); // what was typed is kept
    expect(await snapshot(t.services)).toBe(before);
  });

  it('lets a director create a museum only as platform administrator', async () => {
    expect(await t.services.museums.hasAdministrator()).toBe(false);
    const admin = await makeUser(t.services, { admin: true, email: 'root@example.org' });
    expect(await t.services.museums.hasAdministrator()).toBe(true);
    expect(admin.platformRole).toBe('admin');
    const a = new Browser(t.app);
    await a.signIn('root@example.org');
    const res = await a.post('/staff/museums/new', {
      slug: 'new-museum',
      'names[0][lang]': 'ar',
      'names[0][value]': 'متحف جديد',
      countryCode: 'MA',
      defaultLanguage: 'ar',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/m/new-museum/members?done=created');
    expect(
      (await b.post('/staff/museums/new', { slug: 'sneaky', 'names[0][lang]': 'en', 'names[0][value]': 'x' }))
        .status,
    ).toBe(403);
  });
});
