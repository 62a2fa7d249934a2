import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

describe('deaccession, incidents and the registrar’s desk in pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('proposes by accession number, approves as director, carries out, and shows what waits on the desk', async () => {
    const s = t.services;
    const museum = await makeMuseum(s, 'desk-museum');
    const registrar = await makeUser(s, { museum, role: 'registrar', email: 'r@desk.org' });
    await makeUser(s, { museum, role: 'director', email: 'd@desk.org' });
    await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: 'K.1' }));
    const lost = await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: 'K.2' }));
    await s.acquisitions.createEntry(registrar, museum.id, {
      enteredOn: '2026-08-08',
      depositorName: 'Visitor',
      reason: 'enquiry',
      objects: [{ titles: [{ lang: 'en', value: 'Coin' }] }],
    });

    const reg = new Browser(t.app, { 'accept-language': 'en' });
    await reg.signIn('r@desk.org');
    expect(
      (
        await reg.post('/staff/m/desk-museum/deaccessions', {
          accessions: 'K.1',
          reason: 'Duplicate',
          disposalMethod: 'transfer',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await reg.post(`/staff/m/desk-museum/objects/${lost.id}/incidents`, {
          kind: 'loss',
          discoveredOn: '2026-09-09',
          circumstances: 'Not found at inventory',
        })
      ).status,
    ).toBe(303);
    const desk = await (await reg.get('/staff/m/desk-museum/desk')).text();
    expect(desk).toContain('E2026.1');
    expect(desk).toMatch(/Objects with no location <span class="badge">2<\/span>/); // K.1 and the entry's object; K.2 is lost
    expect(desk).toMatch(/Deaccession proposals awaiting approval <span class="badge">1<\/span>/);
    expect(desk).toMatch(/Objects lost <span class="badge">1<\/span>/);
    const list = await (await reg.get('/staff/m/desk-museum/deaccessions')).text();
    const id = /deaccessions\/([0-9a-f-]+)\/decision/.exec(list);
    expect(id).toBeNull(); // a registrar has no approval button
    const dir = new Browser(t.app, { 'accept-language': 'fr' });
    await dir.signIn('d@desk.org');
    const dlist = await (await dir.get('/staff/m/desk-museum/deaccessions')).text();
    const did = /deaccessions\/([0-9a-f-]+)\/decision/.exec(dlist)![1]!;
    expect(
      (await reg.post(`/staff/m/desk-museum/deaccessions/${did}/decision`, { decision: 'approved' })).status,
    ).toBe(403);
    expect(
      (await dir.post(`/staff/m/desk-museum/deaccessions/${did}/decision`, { decision: 'approved' })).status,
    ).toBe(303);
    expect((await reg.post(`/staff/m/desk-museum/deaccessions/${did}/complete`, {})).status).toBe(303);
    const k1 = await (await reg.get('/staff/m/desk-museum/objects?q=K.1')).text();
    const k1id = /objects\/([0-9a-f-]+)"/.exec(k1)![1]!;
    expect(await (await reg.get(`/staff/m/desk-museum/objects/${k1id}`)).text()).toContain('Deaccessioned');
  });
});

describe('exits and reproduction requests in pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('records an exit with its receipt, and takes a reproduction request to approval, in French', async () => {
    const s = t.services;
    const museum = await makeMuseum(s, 'exit-museum');
    const registrar = await makeUser(s, { museum, role: 'registrar', email: 'x@exit.org' });
    await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: 'X.1' }));
    const b = new Browser(t.app, { 'accept-language': 'fr' });
    await b.signIn('x@exit.org');
    const exit = await b.post('/staff/m/exit-museum/exits', {
      exitOn: '2026-10-10',
      reason: 'conservation',
      recipient: 'Atelier de restauration',
      accessions: 'X.1',
    });
    expect(exit.status).toBe(303);
    const receipt = await (await b.get(exit.headers.get('location')!)).text();
    expect(receipt).toContain('Reçu de sortie d’objets — X2026.1');
    expect(receipt).toContain('Atelier de restauration');
    expect(
      (
        await b.post('/staff/m/exit-museum/reproduction', {
          requester: 'Revue Qantara',
          contact: 'redaction@example.org',
          purpose: 'publication',
          description: 'Une image en couverture',
          accessions: 'X.1',
        })
      ).status,
    ).toBe(303);
    let page = await (await b.get('/staff/m/exit-museum/reproduction')).text();
    const id = /reproduction\/([0-9a-f-]+)\/steps/.exec(page)![1]!;
    await b.post(`/staff/m/exit-museum/reproduction/${id}/steps`, { to: 'under_review' });
    await b.post(`/staff/m/exit-museum/reproduction/${id}/steps`, {
      to: 'approved',
      licence: 'https://creativecommons.org/licenses/by-nc/4.0/',
    });
    page = await (await b.get('/staff/m/exit-museum/reproduction')).text();
    expect(page).toContain('Accordée');
    expect(page).toContain('by-nc/4.0');
  });
});
