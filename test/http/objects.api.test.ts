import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../database.js';
import { makeConcept, makeMuseum, makeUser, objectInput, snapshot } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';

describe.each(ENGINES)('objects API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { MAX_BODY_BYTES: '65536' });
  });
  afterAll(() => t.close());

  it('creates, reads, lists, replaces, patches, deletes and tells the history of an object', async () => {
    const museum = await makeMuseum(t.services, 'api-museum');
    const curator = await makeUser(t.services, { museum, role: 'registrar' });
    const api = await apiClient(t, curator.userId);
    const dynasty = await makeConcept(t.services, 'dynasty', 'Timurid', 'التيموريون');
    const created = await api.call(
      'POST',
      '/api/v1/museums/api-museum/objects',
      objectInput({
        accessionNumber: '2026.14.3',
        dates: ['القرن العاشر الهجري'],
        dynasties: [{ id: dynasty.id }],
      }),
    );
    expect(created.status).toBe(201);
    const o = await created.json();
    expect(created.headers.get('location')).toBe(`/api/v1/museums/api-museum/objects/${o.id}`);
    expect(o).toMatchObject({
      accessionNumber: '2026.14.3',
      dates: [{ calendar: 'islamic', earliest: 1495, latest: 1592 }],
    });
    expect(o.dynasties[0].labels).toContainEqual({ lang: 'ar', value: 'التيموريون' });

    const read = await (await api.call('GET', `/api/v1/museums/api-museum/objects/${o.id}`)).json();
    expect(read.id).toBe(o.id);
    const list = await (
      await api.call('GET', '/api/v1/museums/api-museum/objects?sort=accession&limit=10')
    ).json();
    expect(list).toMatchObject({ total: 1, limit: 10, offset: 0 });
    expect(list.items[0].dates).toEqual(['القرن العاشر الهجري']);

    const put = await api.call(
      'PUT',
      `/api/v1/museums/api-museum/objects/${o.id}`,
      objectInput({ accessionNumber: '2026.14.3', titles: [{ lang: 'fr', value: 'Plat' }] }),
    );
    expect(put.status).toBe(200);
    expect((await put.json()).dynasties).toEqual([]);
    const patch = await api.call('PATCH', `/api/v1/museums/api-museum/objects/${o.id}`, {
      visibility: 'internal',
    });
    expect(await patch.json()).toMatchObject({
      visibility: 'internal',
      titles: [{ lang: 'fr', value: 'Plat' }],
      version: 3,
    });

    const history = await (
      await api.call('GET', `/api/v1/museums/api-museum/objects/${o.id}/history`)
    ).json();
    expect(history.events.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'update']);
    expect(history.events[2].changes).toEqual({ visibility: ['draft', 'internal'] });

    expect((await api.call('DELETE', `/api/v1/museums/api-museum/objects/${o.id}`)).status).toBe(204);
    expect((await api.call('GET', `/api/v1/museums/api-museum/objects/${o.id}`)).status).toBe(404);
  });

  it('answers bad input with 400, field-level messages in the reader’s language, and no change', async () => {
    const museum = await makeMuseum(t.services, 'strict-museum');
    const curator = await makeUser(t.services, { museum });
    const fr = await apiClient(t, curator.userId, 'fr');
    const ar = await apiClient(t, curator.userId, 'ar');
    const url = '/api/v1/museums/strict-museum/objects';
    expect((await fr.call('POST', url, objectInput({ accessionNumber: 'TAKEN' }))).status).toBe(201);
    const before = await snapshot(t.services);
    const cases: [unknown, string, string][] = [
      [{ titles: [{ lang: 'ar', value: 'x' }] }, 'accessionNumber', 'required'],
      [objectInput({ colour: 'red' }), 'colour', 'unknown_field'],
      [objectInput({ titles: 'not a list' }), 'titles', 'invalid_type'],
      [objectInput({ accessionNumber: 'TAKEN' }), 'accessionNumber', 'accession_taken'],
      [objectInput({ dates: ['the reign of someone'] }), 'dates.0', 'date_unreadable'],
      [
        objectInput({ dimensions: [{ type: 'height', value: -3, unit: 'cm' }] }),
        'dimensions.0.value',
        'too_small',
      ],
      [objectInput({ rights: 'all rights reserved' }), 'rights', 'invalid_value'],
    ];
    for (const [body, path, code] of cases) {
      const res = await fr.call('POST', url, body);
      expect(res.status, `${path} ${code}`).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('invalid_input');
      expect(error.fields).toContainEqual(expect.objectContaining({ path, code }));
    }
    const taken = await (await fr.call('POST', url, objectInput({ accessionNumber: 'TAKEN' }))).json();
    expect(taken.error.fields[0].message).toBe('Ce numéro d’inventaire est déjà utilisé dans ce musée.');
    const missing = await (await ar.call('POST', url, { titles: [{ lang: 'ar', value: 'x' }] })).json();
    expect(missing.error.fields[0].message).toBe('هذا الحقل مطلوب.');
    const unknownFr = await (await fr.call('POST', url, objectInput({ colour: 'red' }))).json();
    expect(unknownFr.error.fields[0].message).toBe('Ce champ est inconnu.');
    const notJson = await fr.call('POST', url, '{"accessionNumber":');
    expect(notJson.status).toBe(400);
    const huge = await fr.call(
      'POST',
      url,
      objectInput({ descriptions: [{ lang: 'en', value: 'x'.repeat(70_000) }] }),
    );
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('body_too_large');
    expect(await snapshot(t.services)).toBe(before);
  });

  it('refuses a request without credentials, and a role that may not write', async () => {
    const museum = await makeMuseum(t.services, 'role-museum');
    const reader = await makeUser(t.services, { museum, role: 'readonly' });
    expect((await t.app.request('/api/v1/museums/role-museum/objects')).status).toBe(401);
    const api = await apiClient(t, reader.userId);
    expect((await api.call('GET', '/api/v1/museums/role-museum/objects')).status).toBe(200);
    const res = await api.call('POST', '/api/v1/museums/role-museum/objects', objectInput());
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    expect(
      (await t.app.request('/api/v1/museums', { headers: { authorization: 'Bearer mtf_wrong' } })).status,
    ).toBe(401);
  });
});
