import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makePerson, makeUser, objectInput, snapshot } from '../../../test/factories.js';

const arriving = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    titles: [
      { lang: 'ar', value: `طبق خزفي ${i + 1}` },
      { lang: 'fr', value: `Plat en céramique ${i + 1}` },
    ],
  }));

describe.each(ENGINES)('object entry and acquisition on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('records an entry with numbered unaccessioned objects, then accessions them with the museum’s scheme', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const donor = await makePerson(s, 'Fatima Benali', 'فاطمة بنعلي', museum.id);
    const entry = await s.acquisitions.createEntry(registrar, museum.id, {
      enteredOn: '2026-03-02',
      depositorId: donor.id,
      depositorContact: '+212 600 000 000',
      reason: 'proposed_acquisition',
      returnBy: '2026-06-30',
      objects: arriving(3),
    });
    expect(entry.number).toBe('E2026.1');
    expect(entry.objects.map((o) => [o.accessionNumber, o.collectionStatus])).toEqual([
      ['E2026.1.1', 'unaccessioned'],
      ['E2026.1.2', 'unaccessioned'],
      ['E2026.1.3', 'unaccessioned'],
    ]);
    const waiting = await s.objects.list(registrar, museum.id, { status: 'unaccessioned' });
    expect(waiting.total).toBe(3);
    expect(
      (
        await s.acquisitions.createEntry(registrar, museum.id, {
          enteredOn: '2026-04-01',
          depositorName: 'Enquirer',
          reason: 'enquiry',
          objects: arriving(1),
        })
      ).number,
    ).toBe('E2026.2');

    // Two earlier acquisitions this year, so this one is the third: 2026.3.1, 2026.3.2.
    for (let i = 0; i < 2; i++) {
      const e = await s.acquisitions.createEntry(registrar, museum.id, {
        enteredOn: '2026-01-10',
        depositorName: 'Seller',
        reason: 'proposed_acquisition',
        objects: arriving(1),
      });
      await s.acquisitions.acquire(registrar, museum.id, {
        method: 'purchase',
        acquiredOn: '2026-02-01',
        sourceName: 'Seller',
        decision: { body: 'Acquisitions committee' },
        objectIds: [e.objects[0]!.id],
      });
    }
    const acq = await s.acquisitions.acquire(registrar, museum.id, {
      method: 'gift',
      acquiredOn: '2026-05-14',
      sourceId: donor.id,
      decision: { body: 'Conseil scientifique', date: '2026-05-10', reference: 'PV 2026/07' },
      documents: [{ title: 'Acte de donation', reference: 'DON-2026-07' }],
      creditLine: [
        { lang: 'fr', value: 'Don de Fatima Benali, 2026' },
        { lang: 'ar', value: 'هبة من فاطمة بنعلي، 2026' },
      ],
      objectIds: [entry.objects[0]!.id, entry.objects[2]!.id],
    });
    expect(acq.reference).toBe('2026.3');
    expect(acq.items.map((i) => i.accessionNumber)).toEqual(['2026.3.1', '2026.3.2']);
    const o = await s.objects.get(registrar, museum.id, entry.objects[0]!.id);
    expect(o).toMatchObject({ accessionNumber: '2026.3.1', collectionStatus: 'accessioned', version: 2 });
    expect(o.accessionedAt).not.toBeNull();
    const history = await s.objects.history(registrar, museum.id, o.id);
    expect(history.at(-1)!.changes).toEqual({
      accessionNumber: ['E2026.1.1', '2026.3.1'],
      collectionStatus: ['unaccessioned', 'accessioned'],
    });
    // The entry stays open while one of its objects waits; returning it closes the entry.
    expect((await s.acquisitions.getEntry(registrar, museum.id, entry.id)).status).toBe('open');
    const returned = await s.acquisitions.returnEntry(registrar, museum.id, entry.id);
    expect(returned.status).toBe('returned');
    expect(returned.objects.map((x) => x.collectionStatus)).toEqual([
      'accessioned',
      'returned',
      'accessioned',
    ]);

    const register = await s.acquisitions.register(registrar, museum.id, { year: '2026' });
    expect(register.map((l) => [l.accessionNumber, l.method, l.source])).toEqual([
      ['2026.1.1', 'purchase', 'Seller'],
      ['2026.2.1', 'purchase', 'Seller'],
      ['2026.3.1', 'gift', 'Fatima Benali'],
      ['2026.3.2', 'gift', 'Fatima Benali'],
    ]);
  });

  it('follows a configured numbering pattern, and refuses what cannot be accessioned, changing nothing', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const director = await makeUser(s, { museum, role: 'director' });
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    await expect(
      s.acquisitions.setNumbering(registrar, museum.id, {
        accessionPattern: 'X{seq}',
        entryPattern: 'E{seq}',
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      s.acquisitions.setNumbering(director, museum.id, {
        accessionPattern: 'MNM.{year}',
        entryPattern: 'E{seq}',
      }),
    ).rejects.toMatchObject({ status: 400 });
    await s.acquisitions.setNumbering(director, museum.id, {
      accessionPattern: 'MNM.{year}/{seq}-{item}',
      entryPattern: 'ENT-{year}-{seq}',
    });
    const e = await s.acquisitions.createEntry(registrar, museum.id, {
      enteredOn: '2027-01-05',
      depositorName: 'Ministère de la Culture',
      reason: 'proposed_acquisition',
      objects: arriving(2),
    });
    expect(e.number).toBe('ENT-2027-1');
    const a = await s.acquisitions.acquire(registrar, museum.id, {
      method: 'transfer',
      acquiredOn: '2027-02-01',
      sourceName: 'Ministère',
      decision: { body: 'Arrêté ministériel' },
      objectIds: e.objects.map((o) => o.id),
    });
    expect(a.items.map((i) => i.accessionNumber)).toEqual(['MNM.2027/1-1', 'MNM.2027/1-2']);
    expect(a.reference).toBe('MNM.2027/1');

    const catalogued = await s.objects.create(registrar, museum.id, objectInput());
    const reader = await makeUser(s, { museum, role: 'curator' });
    const other = await makeMuseum(s);
    const otherRegistrar = await makeUser(s, { museum: other, role: 'registrar' });
    const before = await snapshot(s);
    const err = await s.acquisitions
      .acquire(registrar, museum.id, {
        method: 'gift',
        acquiredOn: '2027-03-01',
        sourceName: 'x',
        decision: { body: 'x' },
        objectIds: [catalogued.id, e.objects[0]!.id],
      })
      .catch((x) => x);
    expect(err).toMatchObject({
      status: 400,
      details: {
        fields: [
          { path: 'objectIds.0', code: 'not_unaccessioned' },
          { path: 'objectIds.1', code: 'not_unaccessioned' },
        ],
      },
    });
    await expect(
      s.acquisitions.createEntry(registrar, museum.id, {
        enteredOn: '2027-13-45',
        reason: 'deposit',
        objects: [],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      s.acquisitions.createEntry(reader, museum.id, {
        enteredOn: '2027-01-05',
        depositorName: 'x',
        reason: 'deposit',
        objects: arriving(1),
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(s.acquisitions.getEntry(otherRegistrar, other.id, e.id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(s.acquisitions.getAcquisition(otherRegistrar, other.id, a.id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      s.acquisitions.acquire(otherRegistrar, other.id, {
        method: 'gift',
        acquiredOn: '2027-03-01',
        sourceName: 'x',
        decision: { body: 'x' },
        objectIds: [e.objects[0]!.id],
      }),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ code: 'not_found' }] } });
    expect(await snapshot(s)).toBe(before);
  });
});
