import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

/** Restricted values planted in the database; none may appear where their readers are not allowed. */
const CANARIES = [
  'CANARYVALUER5E1D',
  'CANARYNOTE7F3A',
  'CANARYINSURER2B9C',
  'CANARYPOLICY91C2',
  '98765432155',
  '12345678999',
];
/** The insurance value of an object on loan, restricted in the same way. */
const LOAN_CANARY = '5556667778812';
const leaks = (body: string) => {
  const flat = body.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return [...CANARIES, LOAN_CANARY].filter((c) => flat.includes(c));
};

describe('valuations and insurance never reach anyone not allowed to see them', () => {
  let t: TestApp;
  const ids: string[] = [];
  let objectId = '';
  let loanId = '';
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const s = t.services;
    const museum = await makeMuseum(s, 'canary');
    const director = await makeUser(s, { museum, role: 'director', email: 'director@canary.org' });
    await makeUser(s, { museum, role: 'curator', email: 'curator@canary.org' });
    const o = await s.objects.create(
      director,
      museum.id,
      objectInput({ visibility: 'public', accessionNumber: 'C.1' }),
    );
    objectId = o.id;
    const val = await s.valuations.value(director, museum.id, o.id, {
      amount: '987654321.55',
      currency: 'MAD',
      valuedOn: '2026-01-01',
      valuer: 'CANARY-VALUER-5e1d',
      reason: 'insurance',
      note: 'CANARY-NOTE-7f3a',
    });
    const pol = await s.valuations.addPolicy(director, museum.id, {
      kind: 'insurance',
      insurer: 'CANARY-INSURER-2b9c',
      policyNumber: 'CANARY-POLICY-91c2',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      objects: [{ objectId: o.id, amount: '123456789.99', currency: 'EUR' }],
    });
    const loc = await s.locations.create(director, museum.id, {
      code: 'S1',
      kind: 'shelf',
      names: [{ lang: 'en', value: 'Shelf' }],
    });
    await s.locations.move(director, museum.id, { to: loc.id, objectIds: [o.id], reason: 'storage' });
    const entry = await s.acquisitions.createEntry(director, museum.id, {
      enteredOn: '2026-02-02',
      depositorName: 'D',
      reason: 'deposit',
      objects: [{ titles: [{ lang: 'en', value: 'x' }] }],
    });
    const loan = await s.loans.create(director, museum.id, {
      lenderMuseum: 'canary',
      externalParty: 'Outside museum',
      purpose: 'exhibition',
      title: 'Show',
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
    });
    await s.loans.setObjects(director, museum.id, loan.id, {
      objects: [{ objectId: o.id, insuranceValue: { amount: '55566677788.12', currency: 'USD' } }],
    });
    loanId = loan.id;
    ids.push(o.id, val.id, pol.id, loc.id, entry.id, loan.id);
  });
  afterAll(() => t.close());

  const urls = () => {
    const out: { method: string; url: string }[] = [];
    for (const r of t.app.routes) {
      if (r.method === 'ALL' || r.path.includes('*')) continue;
      const withMuseum = r.path.replace(':museum', 'canary').replace(':lang', 'en');
      for (const id of r.path.includes(':id') ? ids : [''])
        out.push({ method: r.method, url: withMuseum.replace(':id', id) });
    }
    return out;
  };

  it('the crawler sees the canaries where they belong: on the valuation page, for a director', async () => {
    const director = new Browser(t.app);
    await director.signIn('director@canary.org');
    const page = await (await director.get(`/staff/m/canary/objects/${objectId}/valuation`)).text();
    expect(leaks(page).sort()).toEqual([...CANARIES].sort());
    const loanPage = await (await director.get(`/staff/m/canary/loans/${loanId}`)).text();
    expect(leaks(loanPage)).toEqual([LOAN_CANARY]);
  });

  it('leaks nothing to the public, to a curator, to a read-only script, or to another museum, by any route or error', async () => {
    const curator = new Browser(t.app);
    await curator.signIn('curator@canary.org');
    const other = await makeMuseum(t.services, 'elsewhere');
    const outsider = await makeUser(t.services, { museum: other, role: 'director' });
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, 'canary'))!;
    const reader = await makeUser(t.services, { museum, role: 'readonly' });
    const readerApi = await apiClient(t, reader.userId);
    const outsiderApi = await apiClient(t, outsider.userId);
    const anonymous = new Browser(t.app);
    const clients: [string, (method: string, url: string) => Promise<Response> | Response][] = [
      ['public', (m, u) => (m === 'GET' ? anonymous.get(u) : anonymous.post(u, { amount: '1' }))],
      ['curator', (m, u) => (m === 'GET' ? curator.get(u) : curator.post(u, { to: 'x', reason: 'bogus' }))],
      ['read-only token', (m, u) => readerApi.call(m, u, m === 'GET' ? undefined : { bogus: true })],
      ['other museum', (m, u) => outsiderApi.call(m, u, m === 'GET' ? undefined : { bogus: true })],
    ];
    let requests = 0;
    for (const [who, call] of clients) {
      for (const { method, url } of urls()) {
        if (url.startsWith('/sign-out')) continue;
        const body = await (await call(method, url)).text();
        requests++;
        expect(leaks(body), `${who}: ${method} ${url}`).toEqual([]);
      }
    }
    expect(requests).toBeGreaterThan(400);
    // The loan itself is visible to the curator, without its insurance values.
    expect(await (await curator.get(`/staff/m/canary/loans/${loanId}`)).text()).toContain('C.1');
    // The restricted routes themselves answer 403 to staff without the role, 404 to another museum.
    expect((await curator.get(`/staff/m/canary/objects/${objectId}/valuation`)).status).toBe(403);
    expect(
      (await readerApi.call('GET', `/api/v1/museums/canary/objects/${objectId}/valuations`)).status,
    ).toBe(403);
    expect(
      (await outsiderApi.call('GET', `/api/v1/museums/canary/objects/${objectId}/valuations`)).status,
    ).toBe(404);
  });
});
