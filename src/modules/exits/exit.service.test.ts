import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

describe.each(ENGINES)('object exit, rights and reproduction on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('records exits with numbered receipts; returns a deposit; refuses disposal before deaccession', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const entry = await s.acquisitions.createEntry(registrar, museum.id, {
      enteredOn: '2026-01-05',
      depositorName: 'Owner',
      reason: 'identification',
      objects: [{ titles: [{ lang: 'fr', value: 'Monnaie' }] }],
    });
    const x = await s.exits.record(registrar, museum.id, {
      exitOn: '2026-02-01',
      reason: 'return_of_deposit',
      recipient: 'Owner',
      accessionNumbers: [entry.objects[0]!.accessionNumber],
    });
    expect(x.number).toBe('X2026.1');
    expect((await s.objects.get(registrar, museum.id, entry.objects[0]!.id)).collectionStatus).toBe(
      'returned',
    );
    const o = await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: 'Z.1' }));
    const before = await snapshot(s);
    await expect(
      s.exits.record(registrar, museum.id, {
        exitOn: '2026-03-01',
        reason: 'disposal',
        recipient: 'x',
        accessionNumbers: ['Z.1'],
      }),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ code: 'not_deaccessioned' }] } });
    expect(await snapshot(s)).toBe(before);
    expect((await s.exits.get(registrar, museum.id, x.id)).objects.map((b) => b.accessionNumber)).toEqual([
      'E2026.1.1',
    ]);
    const curator = await makeUser(s, { museum, role: 'curator' });
    await expect(
      s.exits.record(curator, museum.id, {
        exitOn: '2026-03-01',
        reason: 'other',
        recipient: 'x',
        accessionNumbers: ['Z.1'],
      }),
    ).rejects.toMatchObject({ status: 403 });

    await s.rights.addRight(curator, museum.id, o.id, {
      kind: 'copyright',
      holder: 'Estate of the artist',
      licence: 'http://rightsstatements.org/vocab/InC/1.0/',
      endsOn: '2070-12-31',
    });
    expect((await s.rights.rights(registrar, museum.id, o.id)).map((r) => r.holder)).toEqual([
      'Estate of the artist',
    ]);
    const req = await s.rights.receive(curator, museum.id, {
      requester: 'Éditions du Sud',
      contact: 'edition@example.org',
      purpose: 'publication',
      description: 'Cover of a book',
      accessionNumbers: ['Z.1'],
    });
    await s.rights.step(curator, museum.id, req.id, { to: 'under_review' });
    await expect(
      s.rights.step(curator, museum.id, req.id, {
        to: 'approved',
        licence: 'https://creativecommons.org/licenses/by-nc/4.0/',
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(s.rights.step(registrar, museum.id, req.id, { to: 'approved' })).rejects.toMatchObject({
      status: 400,
    });
    const ok = await s.rights.step(registrar, museum.id, req.id, {
      to: 'approved',
      licence: 'https://creativecommons.org/licenses/by-nc/4.0/',
      fee: { amount: '500', currency: 'MAD' },
    });
    expect(ok).toMatchObject({ status: 'approved', fee: { amount: '500', currency: 'MAD' } });
    await expect(s.rights.step(registrar, museum.id, req.id, { to: 'closed' })).rejects.toMatchObject({
      status: 409,
    });
    const other = await makeMuseum(s);
    const outsider = await makeUser(s, { museum: other, role: 'director' });
    await expect(s.rights.step(outsider, other.id, req.id, { to: 'delivered' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(s.exits.get(outsider, other.id, x.id)).rejects.toMatchObject({ status: 404 });
  });
});
