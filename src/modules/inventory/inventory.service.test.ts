import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';

describe.each(ENGINES)('inventory on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('checks off a storeroom, reports found, misplaced, missing and unexpected objects, and confirms locations', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const volunteer = await makeUser(s, { museum, role: 'volunteer' });
    const store = await s.locations.create(registrar, museum.id, {
      code: 'R',
      kind: 'reserve',
      names: [{ lang: 'en', value: 'Store' }],
    });
    const a = await s.locations.create(registrar, museum.id, {
      code: 'R-A',
      kind: 'shelf',
      parentId: store.id,
      names: [{ lang: 'en', value: 'A' }],
    });
    const b = await s.locations.create(registrar, museum.id, {
      code: 'R-B',
      kind: 'shelf',
      parentId: store.id,
      names: [{ lang: 'en', value: 'B' }],
    });
    const elsewhere = await s.locations.create(registrar, museum.id, {
      code: 'G',
      kind: 'gallery',
      names: [{ lang: 'en', value: 'Gallery' }],
    });
    for (const n of ['I.1', 'I.2', 'I.3'])
      await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: n }));
    const stray = await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: 'I.9' }));
    await s.locations.move(registrar, museum.id, {
      to: a.id,
      accessionNumbers: ['I.1', 'I.2', 'I.3'],
      reason: 'storage',
    });
    await s.locations.move(registrar, museum.id, {
      to: elsewhere.id,
      objectIds: [stray.id],
      reason: 'exhibition',
    });

    const inv = await s.inventory.start(registrar, museum.id, {
      title: 'Storeroom R, 2026',
      locationId: store.id,
    });
    expect(inv.items.map((i) => [i.accessionNumber, i.status, i.expectedCode])).toEqual([
      ['I.1', 'pending', 'R-A'],
      ['I.2', 'pending', 'R-A'],
      ['I.3', 'pending', 'R-A'],
    ]);
    await s.inventory.check(volunteer, museum.id, inv.id, { accessionNumber: 'I.1', foundAt: a.id });
    await s.inventory.check(volunteer, museum.id, inv.id, {
      accessionNumber: 'I.2',
      foundAt: b.id,
      note: 'on the wrong shelf',
    });
    await s.inventory.check(volunteer, museum.id, inv.id, { accessionNumber: 'I.9', foundAt: b.id });
    await expect(
      s.inventory.check(volunteer, museum.id, inv.id, { accessionNumber: 'NOPE', foundAt: b.id }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      s.inventory.close(volunteer, museum.id, inv.id, { confirmLocations: true }),
    ).rejects.toMatchObject({ status: 403 });
    const closed = await s.inventory.close(registrar, museum.id, inv.id, { confirmLocations: true });
    expect(closed.counts).toEqual({ pending: 0, found: 1, misplaced: 1, missing: 1, unexpected: 1 });
    expect(closed.items.map((i) => [i.accessionNumber, i.status])).toEqual([
      ['I.1', 'found'],
      ['I.2', 'misplaced'],
      ['I.3', 'missing'],
      ['I.9', 'unexpected'],
    ]);
    const where = async (n: string) => {
      const id = (await s.objects.list(registrar, museum.id, { q: n })).items[0]!.id;
      return (await s.locations.currentLocation(registrar, museum.id, id))!.at(-1)!.code;
    };
    expect([await where('I.2'), await where('I.9'), await where('I.3')]).toEqual(['R-B', 'R-B', 'R-A']);
    await expect(
      s.inventory.check(registrar, museum.id, inv.id, { accessionNumber: 'I.3', foundAt: a.id }),
    ).rejects.toMatchObject({ status: 409 });
    const other = await makeMuseum(s);
    const outsider = await makeUser(s, { museum: other, role: 'director' });
    await expect(s.inventory.get(outsider, other.id, inv.id)).rejects.toMatchObject({ status: 404 });
  });
});
