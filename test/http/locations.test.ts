import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

describe.each(ENGINES)('storage locations over HTTP on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('builds storage, moves a selection by accession number through the API, and reports what is where', async () => {
    const museum = await makeMuseum(t.services, 'store-museum');
    const registrar = await makeUser(t.services, { museum, role: 'registrar' });
    const api = await apiClient(t, registrar.userId, 'ar');
    const mk = async (code: string, kind: string, parentId: string | null) =>
      (
        await (
          await api.call('POST', '/api/v1/museums/store-museum/locations', {
            code,
            kind,
            parentId,
            names: [{ lang: 'ar', value: `موقع ${code}` }],
          })
        ).json()
      ).id as string;
    const building = await mk('B', 'building', null);
    const reserve = await mk('B-R1', 'reserve', building);
    const shelf = await mk('B-R1-S1', 'shelf', reserve);
    for (const n of ['M.1', 'M.2', 'M.3'])
      await t.services.objects.create(registrar, museum.id, objectInput({ accessionNumber: n }));
    const moved = await api.call('POST', '/api/v1/museums/store-museum/movements', {
      to: shelf,
      accessionNumbers: ['M.1', 'M.2', 'M.3'],
      reason: 'storage',
    });
    expect(moved.status).toBe(201);
    expect((await moved.json()).moved).toBe(3);
    const report = await (
      await api.call('GET', `/api/v1/museums/store-museum/locations/${building}/objects`)
    ).json();
    expect(report.total).toBe(3);
    expect(report.items.map((i: { locationCode: string }) => i.locationCode)).toEqual([
      'B-R1-S1',
      'B-R1-S1',
      'B-R1-S1',
    ]);
    const tree = await (await api.call('GET', '/api/v1/museums/store-museum/locations')).json();
    expect(tree.items.map((n: { code: string; total: number }) => [n.code, n.total])).toEqual([
      ['B', 3],
      ['B-R1', 3],
      ['B-R1-S1', 3],
    ]);
    const oneId = report.items[0].id;
    const hist = await (
      await api.call('GET', `/api/v1/museums/store-museum/objects/${oneId}/movements`)
    ).json();
    expect(hist.current.map((l: { code: string }) => l.code)).toEqual(['B', 'B-R1', 'B-R1-S1']);
    expect(hist.movements[0]).toMatchObject({ from: null, to: { code: 'B-R1-S1' }, reason: 'storage' });

    const before = await snapshot(t.services);
    const bad = await api.call('POST', '/api/v1/museums/store-museum/movements', {
      to: shelf,
      accessionNumbers: ['M.1', 'M.404'],
      reason: 'storage',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual([
      {
        path: 'accessionNumbers.1',
        code: 'unknown_accession',
        message: 'لا توجد قطعة بهذا الرقم في هذا المتحف.',
      },
    ]);
    expect(await snapshot(t.services)).toBe(before);
  });

  it('moves objects from a location page by typed accession numbers, and shows an object’s location history', async () => {
    const museum = await makeMuseum(t.services, 'page-store');
    const registrar = await makeUser(t.services, { museum, role: 'registrar', email: 'reg@page-store.org' });
    const shelf = await t.services.locations.create(registrar, museum.id, {
      code: 'S-1',
      kind: 'shelf',
      names: [{ lang: 'fr', value: 'Étagère 1' }],
    });
    const o = await t.services.objects.create(registrar, museum.id, objectInput({ accessionNumber: 'P.1' }));
    const b = new Browser(t.app, { 'accept-language': 'fr' });
    await b.signIn('reg@page-store.org');
    const res = await b.post(`/staff/m/page-store/locations/${shelf.id}/move`, {
      accessions: 'P.1\n',
      reason: 'photography',
      note: 'Campagne 2026',
    });
    expect(res.status).toBe(303);
    const page = await (await b.get(res.headers.get('location')!)).text();
    expect(page).toContain('Un objet a été déplacé');
    expect(page).toContain('P.1');
    const hist = await (await b.get(`/staff/m/page-store/objects/${o.id}/locations`)).text();
    expect(hist).toContain('Photographie');
    expect(hist).toContain('Campagne 2026');
    const detail = await (await b.get(`/staff/m/page-store/objects/${o.id}`)).text();
    expect(detail).toContain('Localisation actuelle');
    expect(detail).toContain('S-1');
  });
});
