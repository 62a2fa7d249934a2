import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

describe('printable documents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('prints labels with QR codes, a loan agreement and a condition report form, in Arabic', async () => {
    const s = t.services;
    const museum = await makeMuseum(s, 'docs-museum');
    const registrar = await makeUser(s, { museum, role: 'registrar', email: 'docs@museum.org' });
    const shelf = await s.locations.create(registrar, museum.id, {
      code: 'S',
      kind: 'shelf',
      names: [{ lang: 'ar', value: 'رف' }],
    });
    const o = await s.objects.create(
      registrar,
      museum.id,
      objectInput({
        accessionNumber: 'Q.1',
        titles: [{ lang: 'ar', value: 'إبريق نحاسي' }],
        dimensions: [{ type: 'height', value: 31, unit: 'cm' }],
      }),
    );
    await s.locations.move(registrar, museum.id, { to: shelf.id, objectIds: [o.id], reason: 'storage' });
    const loan = await s.loans.create(registrar, museum.id, {
      lenderMuseum: 'docs-museum',
      externalParty: 'متحف الشارقة',
      purpose: 'exhibition',
      title: 'فنون المعادن',
      startsOn: '2027-01-01',
      endsOn: '2027-03-01',
    });
    await s.loans.setObjects(registrar, museum.id, loan.id, {
      objects: [{ objectId: o.id, insuranceValue: { amount: '4000', currency: 'AED' } }],
    });
    const b = new Browser(t.app, { 'accept-language': 'ar' });
    await b.signIn('docs@museum.org');

    const labels = await (await b.get(`/staff/m/docs-museum/labels?location=${shelf.id}`)).text();
    expect(labels).toContain('<html lang="ar" dir="rtl">');
    expect(labels).toContain('Q.1');
    expect(labels).toContain('إبريق نحاسي');
    expect(labels.match(/<svg/g)).toHaveLength(1);
    const agreement = await (await b.get(`/staff/m/docs-museum/loans/${loan.id}/agreement`)).text();
    expect(agreement).toContain('اتفاقية الإعارة');
    expect(agreement).toContain('متحف الشارقة');
    expect(agreement).toContain('4,000 AED');
    const form = await (await b.get(`/staff/m/docs-museum/objects/${o.id}/condition/form`)).text();
    expect(form).toContain('تقرير حالة · Q.1');
    expect(form).toContain('الارتفاع 31 cm');
  });

  it('records a loan’s venues, couriers and conditions from the page, and shows them on the loan and its agreement', async () => {
    const s = t.services;
    const museum = await makeMuseum(s, 'venue-museum');
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const b = new Browser(t.app, { 'accept-language': 'fr' });
    await b.signIn(registrar.email);
    const res = await b.post('/staff/m/venue-museum/loans', {
      lenderMuseum: 'venue-museum',
      externalParty: 'Institut du monde arabe',
      purpose: 'exhibition',
      title: 'Arts du Maghreb',
      startsOn: '2027-04-01',
      endsOn: '2027-07-31',
      venue0Name: 'Institut du monde arabe',
      venue0City: 'Paris',
      venue0Country: 'fr',
      venue1Name: 'MuCEM',
      venue1City: 'Marseille',
      venue1Country: 'FR',
      couriers: 'Nadia Bennani — emballage et vol aller\nKarim Alaoui',
      conditions: 'Vitrine close, 50 lux au plus.',
    });
    expect(res.status).toBe(303);
    const [loan] = await s.loans.list(registrar, museum.id);
    expect(loan).toMatchObject({
      venues: [
        { name: 'Institut du monde arabe', city: 'Paris', country: 'FR' },
        { name: 'MuCEM', city: 'Marseille', country: 'FR' },
      ],
      couriers: [{ name: 'Nadia Bennani', note: 'emballage et vol aller' }, { name: 'Karim Alaoui' }],
      conditions: 'Vitrine close, 50 lux au plus.',
    });
    const page = await (await b.get(res.headers.get('location')!)).text();
    for (const x of [
      'MuCEM',
      'Marseille',
      'Nadia Bennani',
      'emballage et vol aller',
      'Vitrine close, 50 lux au plus.',
    ])
      expect(page).toContain(x);
    const agreement = await (await b.get(`${res.headers.get('location')}/agreement`)).text();
    expect(agreement).toContain('MuCEM');
    expect(agreement).toContain('Vitrine close');
  });
});
