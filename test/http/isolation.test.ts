import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../database.js';
import { makeConcept, makeMuseum, makeUser, objectInput, snapshot } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

const MISSING = '01900000-0000-7000-8000-000000000000';

/**
 * Staff of one museum get, for another museum's record, exactly the answer a missing record
 * gets, for every verb, by page and by API, and nothing changes.
 */
describe.each(ENGINES)('isolation between museums on %s', (engine) => {
  let t: TestApp;
  let objectId: string;
  let termId: string;
  let locationId: string;
  let ownLocation: string;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let browser: Browser;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await makeMuseum(t.services, 'museum-a');
    const b = await makeMuseum(t.services, 'museum-b');
    const directorA = await makeUser(t.services, { museum: a, role: 'director' });
    const directorB = await makeUser(t.services, {
      museum: b,
      role: 'director',
      email: 'director-b@example.org',
    });
    objectId = (await t.services.objects.create(directorA, a.id, objectInput())).id;
    termId = (await makeConcept(t.services, 'material', 'House alloy of A', undefined, a.id)).id;
    locationId = (
      await t.services.locations.create(directorA, a.id, {
        code: 'A-STORE',
        kind: 'reserve',
        names: [{ lang: 'en', value: 'A store' }],
      })
    ).id;
    await t.services.locations.move(directorA, a.id, {
      to: locationId,
      objectIds: [objectId],
      reason: 'storage',
    });
    ownLocation = (
      await t.services.locations.create(directorB, b.id, {
        code: 'B-STORE',
        kind: 'reserve',
        names: [{ lang: 'en', value: 'B' }],
      })
    ).id;
    api = await apiClient(t, directorB.userId);
    browser = new Browser(t.app);
    await browser.signIn('director-b@example.org');
  });
  afterAll(() => t.close());

  // Pages name their own address (in the language links): compare with the addresses made alike.
  const alike = (html: string) =>
    html
      .replaceAll(objectId, MISSING)
      .replaceAll(termId, MISSING)
      .replaceAll(locationId, MISSING)
      .replaceAll('museum-a', 'no-such-museum')
      .replaceAll('museum-b', 'no-such-museum');
  const same = async (other: Response, missing: Response) => {
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(alike(await other.text())).toBe(alike(await missing.text()));
  };

  it('by API, for every verb on objects and authorities', async () => {
    const before = await snapshot(t.services);
    for (const museum of ['museum-a', 'museum-b']) {
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['PUT', '', objectInput()],
        ['PATCH', '', { visibility: 'public' }],
        ['DELETE', '', undefined],
        ['GET', '/history', undefined],
      ] as const) {
        await same(
          await api.call(method, `/api/v1/museums/${museum}/objects/${objectId}${suffix}`, body),
          await api.call(method, `/api/v1/museums/${museum}/objects/${MISSING}${suffix}`, body),
        );
      }
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { type: 'concept', scheme: 'material', labels: [{ lang: 'en', value: 'x' }] }],
        ['DELETE', undefined],
      ] as const) {
        await same(
          await api.call(method, `/api/v1/museums/${museum}/authorities/${termId}`, body),
          await api.call(method, `/api/v1/museums/${museum}/authorities/${MISSING}`, body),
        );
      }
    }
    for (const museum of ['museum-a', 'museum-b']) {
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['PUT', '', { code: 'X', kind: 'box', names: [{ lang: 'en', value: 'x' }] }],
        ['DELETE', '', undefined],
        ['GET', '/objects', undefined],
      ] as const) {
        await same(
          await api.call(method, `/api/v1/museums/${museum}/locations/${locationId}${suffix}`, body),
          await api.call(method, `/api/v1/museums/${museum}/locations/${MISSING}${suffix}`, body),
        );
      }
      await same(
        await api.call('GET', `/api/v1/museums/${museum}/objects/${objectId}/movements`),
        await api.call('GET', `/api/v1/museums/${museum}/objects/${MISSING}/movements`),
      );
    }
    await same(
      await api.call('GET', '/api/v1/museums/museum-a/locations'),
      await api.call('GET', '/api/v1/museums/no-such-museum/locations'),
    );
    // Moving into the other museum's location, or moving its object, answers as for missing ones.
    await same(
      await api.call('POST', '/api/v1/museums/museum-b/movements', {
        to: locationId,
        objectIds: [],
        accessionNumbers: ['none'],
        reason: 'storage',
      }),
      await api.call('POST', '/api/v1/museums/museum-b/movements', {
        to: MISSING,
        objectIds: [],
        accessionNumbers: ['none'],
        reason: 'storage',
      }),
    );
    const foreign = await (
      await api.call('POST', '/api/v1/museums/museum-b/movements', {
        to: ownLocation,
        objectIds: [objectId],
        reason: 'storage',
      })
    ).json();
    const missing = await (
      await api.call('POST', '/api/v1/museums/museum-b/movements', {
        to: ownLocation,
        objectIds: [MISSING],
        reason: 'storage',
      })
    ).json();
    expect(foreign).toEqual(missing);
    // Listing and creating in the other museum: as for a museum that does not exist.
    await same(
      await api.call('GET', '/api/v1/museums/museum-a/objects'),
      await api.call('GET', '/api/v1/museums/no-such-museum/objects'),
    );
    await same(
      await api.call('POST', '/api/v1/museums/museum-a/objects', objectInput()),
      await api.call('POST', '/api/v1/museums/no-such-museum/objects', objectInput()),
    );
    await same(
      await api.call('GET', '/api/v1/museums/museum-a/authorities'),
      await api.call('GET', '/api/v1/museums/no-such-museum/authorities'),
    );
    // Linking the other museum's own term from one's own museum.
    const link = await api.call(
      'POST',
      '/api/v1/museums/museum-b/objects',
      objectInput({ materials: [{ id: termId }] }),
    );
    const linkMissing = await api.call(
      'POST',
      '/api/v1/museums/museum-b/objects',
      objectInput({ materials: [{ id: MISSING }] }),
    );
    expect(link.status).toBe(404);
    expect((await link.json()).error).toEqual((await linkMissing.json()).error);
    expect(await snapshot(t.services)).toBe(before);
  });

  it('by page, for every verb', async () => {
    const before = await snapshot(t.services);
    for (const museum of ['museum-a', 'museum-b']) {
      for (const suffix of ['', '/edit', '/history']) {
        await same(
          await browser.get(`/staff/m/${museum}/objects/${objectId}${suffix}`),
          await browser.get(`/staff/m/${museum}/objects/${MISSING}${suffix}`),
        );
      }
      for (const suffix of ['/edit', '/delete']) {
        const fields = { accessionNumber: 'X', 'titles[0][lang]': 'en', 'titles[0][value]': 'x' };
        await same(
          await browser.post(`/staff/m/${museum}/objects/${objectId}${suffix}`, fields),
          await browser.post(`/staff/m/${museum}/objects/${MISSING}${suffix}`, fields),
        );
      }
      for (const suffix of ['', '/edit']) {
        await same(
          await browser.get(`/staff/m/${museum}/authorities/${termId}${suffix}`),
          await browser.get(`/staff/m/${museum}/authorities/${MISSING}${suffix}`),
        );
        await same(
          await browser.get(`/staff/m/${museum}/locations/${locationId}${suffix}`),
          await browser.get(`/staff/m/${museum}/locations/${MISSING}${suffix}`),
        );
      }
      await same(
        await browser.get(`/staff/m/${museum}/authorities/${termId}/history`),
        await browser.get(`/staff/m/${museum}/authorities/${MISSING}/history`),
      );
      await same(
        await browser.get(`/staff/m/${museum}/objects/${objectId}/locations`),
        await browser.get(`/staff/m/${museum}/objects/${MISSING}/locations`),
      );
      await same(
        await browser.post(`/staff/m/${museum}/locations/${locationId}/move`, {
          accessions: 'X',
          reason: 'storage',
        }),
        await browser.post(`/staff/m/${museum}/locations/${MISSING}/move`, {
          accessions: 'X',
          reason: 'storage',
        }),
      );
    }
    await same(
      await browser.get('/staff/m/museum-a/objects'),
      await browser.get('/staff/m/no-such-museum/objects'),
    );
    await same(
      await browser.get('/staff/m/museum-a/members'),
      await browser.get('/staff/m/no-such-museum/members'),
    );
    await same(
      await browser.post('/staff/m/museum-a/objects', { accessionNumber: 'Y' }),
      await browser.post('/staff/m/no-such-museum/objects', { accessionNumber: 'Y' }),
    );
    expect(await snapshot(t.services)).toBe(before);
  });
});
