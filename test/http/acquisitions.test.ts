import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../database.js';
import { makeMuseum, makeUser, snapshot } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

describe.each(ENGINES)('entries and accession over HTTP on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('records an entry, prints its receipt in Arabic, accessions from the form and prints the register', async () => {
    const museum = await makeMuseum(t.services, 'acq-museum');
    await makeUser(t.services, { museum, role: 'registrar', email: 'reg@acq.org' });
    const b = new Browser(t.app, { 'accept-language': 'ar' });
    await b.signIn('reg@acq.org');
    const created = await b.post('/staff/m/acq-museum/entries/new', {
      enteredOn: '2026-09-01',
      reason: 'proposed_acquisition',
      depositorName: 'عائلة الفاسي',
      depositorContact: 'فاس، المدينة القديمة',
      'objects[0][lang]': 'ar',
      'objects[0][title]': 'مخطوط في الفلك',
      'objects[1][lang]': 'ar',
      'objects[1][title]': 'إسطرلاب نحاسي',
    });
    expect(created.status).toBe(303);
    const entryUrl = created.headers.get('location')!.split('?')[0]!;
    const entryPage = await (await b.get(entryUrl)).text();
    expect(entryPage).toContain('E2026.1.1');
    expect(entryPage).toContain('غير مسجلة');
    const receipt = await (await b.get(`${entryUrl}/receipt`)).text();
    expect(receipt).toContain('<html lang="ar" dir="rtl">');
    expect(receipt).toContain('وصل استلام قطع مودعة — E2026.1');
    expect(receipt).toContain('إسطرلاب نحاسي');
    expect(receipt).not.toContain('فاس، المدينة القديمة'); // the receipt carries no contact details

    const form = await (
      await b.get(`/staff/m/acq-museum/acquisitions/new?entry=${entryUrl.split('/').pop()}`)
    ).text();
    const ids = [...form.matchAll(/name="objectIds" value="([0-9a-f-]+)" checked/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    const acq = await b.post('/staff/m/acq-museum/acquisitions/new', {
      objectIds: ids,
      method: 'gift',
      acquiredOn: '2026-10-15',
      sourceName: 'عائلة الفاسي',
      'decision[body]': 'اللجنة العلمية',
      'creditLine[0][lang]': 'ar',
      'creditLine[0][value]': 'هبة من عائلة الفاسي',
    });
    expect(acq.status).toBe(303);
    expect(await (await b.get(acq.headers.get('location')!)).text()).toContain('2026.1.2');
    const register = await (await b.get('/staff/m/acq-museum/register?year=2026')).text();
    expect(register).toContain('2026.1.1');
    expect(register).toContain('هبة');
    expect(register).toContain('عائلة الفاسي');
  });

  it('offers the same through the API, and refuses bad input with no change', async () => {
    const museum = await makeMuseum(t.services, 'acq-api');
    const registrar = await makeUser(t.services, { museum, role: 'registrar' });
    const api = await apiClient(t, registrar.userId, 'fr');
    const e = await (
      await api.call('POST', '/api/v1/museums/acq-api/entries', {
        enteredOn: '2026-02-02',
        depositorName: 'M. Alami',
        reason: 'deposit',
        returnBy: '2026-12-31',
        objects: [{ titles: [{ lang: 'fr', value: 'Coffret' }] }],
      })
    ).json();
    expect(e).toMatchObject({
      number: 'E2026.1',
      status: 'open',
      objects: [{ accessionNumber: 'E2026.1.1', collectionStatus: 'unaccessioned' }],
    });
    const before = await snapshot(t.services);
    const bad = await api.call('POST', '/api/v1/museums/acq-api/acquisitions', {
      method: 'theft',
      acquiredOn: 'yesterday',
      decision: {},
      objectIds: [],
    });
    expect(bad.status).toBe(400);
    const fields = (await bad.json()).error.fields.map((f: { path: string }) => f.path).sort();
    expect(fields).toEqual(['acquiredOn', 'decision.body', 'method', 'objectIds']);
    expect(await snapshot(t.services)).toBe(before);
    const returned = await (await api.call('POST', `/api/v1/museums/acq-api/entries/${e.id}/return`)).json();
    expect(returned).toMatchObject({ status: 'returned', objects: [{ collectionStatus: 'returned' }] });
    expect((await api.call('POST', `/api/v1/museums/acq-api/entries/${e.id}/return`)).status).toBe(409);
  });

  it('lets a person make, use and revoke an API token from the tokens page', async () => {
    const museum = await makeMuseum(t.services, 'token-museum');
    await makeUser(t.services, { museum, email: 'tok@example.org' });
    const b = new Browser(t.app, { 'accept-language': 'ar' });
    await b.signIn('tok@example.org');
    expect((await b.get('/staff/tokens')).status).toBe(200);
    const made = await b.post('/staff/tokens', { name: 'سكربت الاستيراد' });
    expect(made.status).toBe(201);
    const html = await made.text();
    const token = /(mtf_[A-Za-z0-9_-]+)/.exec(html)![1]!;
    const call = () => t.app.request('/api/v1/museums', { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    const id = /\/staff\/tokens\/([0-9a-f-]+)\/revoke/.exec(await (await b.get('/staff/tokens')).text())![1]!;
    expect((await b.post(`/staff/tokens/${id}/revoke`, {})).status).toBe(303);
    expect((await call()).status).toBe(401);
    const audit = await t.services.database.db
      .selectFrom('audit_event')
      .select(['action', 'changes'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(audit.some((e) => e.changes.includes(token))).toBe(false); // the token itself is never kept
  });

  it('never lets an API token make another token or give access to staff, so revoking a leaked one ends its access', async () => {
    const museum = await makeMuseum(t.services, 'token-heir');
    const director = await makeUser(t.services, { museum, role: 'director' });
    const { token } = await apiClient(t, director.userId);
    const bearer = { authorization: `Bearer ${token}` };
    const before = await snapshot(t.services);
    const tokens = () => t.services.tokens.list(director);
    const held = (await tokens()).length;
    for (const [path, fields] of [
      ['/staff/tokens', { name: 'heir' }],
      ['/staff/m/token-heir/members', { email: 'accomplice@example.org', role: 'director' }],
    ] as const) {
      const res = await t.app.request(path, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: {
          ...bearer,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      });
      expect(res.status, path).toBe(403);
      expect((await res.json()).error.code, path).toBe('session_required');
    }
    expect((await tokens()).length).toBe(held);
    expect((await t.services.museums.members(director, museum.id)).invitations).toEqual([]);
    expect(await snapshot(t.services)).toBe(before);
    // Signed in, the same person still makes tokens.
    const b = new Browser(t.app);
    await b.signIn(director.email);
    expect((await b.post('/staff/tokens', { name: 'script' })).status).toBe(201);
  });
});
