import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

describe('who may see valuations, set by each museum', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('lets a director open valuations and insurance to curators, and close them again', async () => {
    const s = t.services;
    const museum = await makeMuseum(s, 'grant-museum');
    const director = await makeUser(s, { museum, role: 'director' });
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const curator = await makeUser(s, { museum, role: 'curator' });
    const conservator = await makeUser(s, { museum, role: 'conservator' });
    const o = await s.objects.create(registrar, museum.id, objectInput());
    await s.valuations.value(registrar, museum.id, o.id, {
      amount: '987654',
      currency: 'MAD',
      valuedOn: '2026-05-05',
      valuer: 'Expert',
      reason: 'insurance',
    });
    const url = `/api/v1/museums/grant-museum/objects/${o.id}/valuations`;
    const asCurator = await apiClient(t, curator.userId);
    const asConservator = await apiClient(t, conservator.userId);
    expect((await asCurator.call('GET', url)).status).toBe(403);

    const { accessionPattern, entryPattern } = await s.acquisitions.numbering(director, museum.id);
    const b = new Browser(t.app, { 'accept-language': 'en' });
    await b.signIn(director.email);
    const form = await (await b.get('/staff/m/grant-museum/settings')).text();
    expect(form).toContain('Who else sees valuations and insurance');
    expect(form).toContain('name="valuationReaders" value="curator"');
    expect(
      (
        await b.post('/staff/m/grant-museum/settings', {
          accessionPattern,
          entryPattern,
          valuationReaders: ['curator'],
        })
      ).status,
    ).toBe(200);
    const seen = await asCurator.call('GET', url);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(await seen.json())).toContain('987654');
    expect((await asConservator.call('GET', url)).status).toBe(403);
    const events = await s.database.db
      .selectFrom('audit_event')
      .select('changes')
      .where('entity_id', '=', museum.id)
      .where('entity_type', '=', 'museum')
      .execute();
    expect(events.some((e) => String(e.changes).includes('valuationReaders'))).toBe(true);

    // Only the listed roles may be given it, and only a director gives it.
    expect(
      (
        await b.post('/staff/m/grant-museum/settings', {
          accessionPattern,
          entryPattern,
          valuationReaders: ['curator', 'volunteer'],
        })
      ).status,
    ).toBe(400);
    await expect(
      s.valuations.setReaders(registrar, museum.id, { roles: ['conservator'] }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await s.valuations.readers(director, museum.id)).toEqual(['curator']);

    expect((await b.post('/staff/m/grant-museum/settings', { accessionPattern, entryPattern })).status).toBe(
      200,
    );
    expect((await asCurator.call('GET', url)).status).toBe(403);
  });

  it('gives the grant in one museum only', async () => {
    const s = t.services;
    const a = await makeMuseum(s);
    const other = await makeMuseum(s);
    const curator = await makeUser(s, { museum: a, role: 'curator' });
    await s.museums.addMember(await makeUser(s, { admin: true }), other.id, curator.userId, 'curator');
    await s.valuations.setReaders(await makeUser(s, { museum: a, role: 'director' }), a.id, {
      roles: ['curator'],
    });
    const actor = (await s.actors.forUser(curator.userId))!;
    const registrarB = await makeUser(s, { museum: other, role: 'registrar' });
    const o = await s.objects.create(registrarB, other.id, objectInput());
    await expect(s.valuations.ofObject(actor, other.id, o.id)).rejects.toMatchObject({ status: 403 });
  });
});
