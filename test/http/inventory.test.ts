import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

describe('an inventory in pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('starts on a location, checks objects off by accession number, and closes with the report in Arabic', async () => {
    const s = t.services;
    const museum = await makeMuseum(s, 'inv-museum');
    const registrar = await makeUser(s, { museum, role: 'registrar', email: 'inv@museum.org' });
    const shelf = await s.locations.create(registrar, museum.id, {
      code: 'S-1',
      kind: 'shelf',
      names: [{ lang: 'ar', value: 'رف ١' }],
    });
    const other = await s.locations.create(registrar, museum.id, {
      code: 'S-2',
      kind: 'shelf',
      names: [{ lang: 'ar', value: 'رف ٢' }],
    });
    for (const n of ['J.1', 'J.2'])
      await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: n }));
    await s.locations.move(registrar, museum.id, {
      to: shelf.id,
      accessionNumbers: ['J.1', 'J.2'],
      reason: 'storage',
    });
    const b = new Browser(t.app, { 'accept-language': 'ar' });
    await b.signIn('inv@museum.org');
    const started = await b.post('/staff/m/inv-museum/inventories', {
      title: 'جرد الرف الأول',
      locationId: shelf.id,
      accessions: '',
    });
    expect(started.status).toBe(303);
    const url = started.headers.get('location')!;
    expect((await b.post(`${url}/checks`, { accessionNumber: 'J.1', foundAt: other.id })).status).toBe(303);
    expect((await b.post(`${url}/close`, { confirmLocations: '1' })).status).toBe(303);
    const report = await (await b.get(url)).text();
    expect(report).toContain('في غير موضعها: 1');
    expect(report).toContain('مفقودة: 1');
    const desk = await (await b.get('/staff/m/inv-museum/desk')).text();
    expect(desk).toMatch(/حملات جرد جارية <span class="badge">0<\/span>/);
  });
});
