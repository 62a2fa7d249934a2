import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

describe.each(ENGINES)('deaccession, damage and loss on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('deaccessions only after a director approves, and keeps the record and its history', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const director = await makeUser(s, { museum, role: 'director' });
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const o = await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: 'D.1' }));
    const d = await s.disposal.propose(registrar, museum.id, {
      objectIds: [o.id],
      reason: 'Duplicate of D.2, in poor condition',
      disposalMethod: 'transfer',
      recipient: 'Musée régional',
    });
    const before = await snapshot(s);
    await expect(s.disposal.complete(registrar, museum.id, d.id)).rejects.toMatchObject({
      status: 409,
      code: 'invalid_transition',
    });
    await expect(
      s.disposal.decide(registrar, museum.id, d.id, { decision: 'approved' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await snapshot(s)).toBe(before);
    expect((await s.objects.get(registrar, museum.id, o.id)).collectionStatus).toBe('accessioned');
    await s.disposal.decide(director, museum.id, d.id, {
      decision: 'approved',
      note: 'Board decision 2026/12',
    });
    const done = await s.disposal.complete(registrar, museum.id, d.id);
    expect(done).toMatchObject({ status: 'completed', decidedBy: director.name });
    const after = await s.objects.get(registrar, museum.id, o.id);
    expect(after).toMatchObject({
      collectionStatus: 'deaccessioned',
      accessionNumber: 'D.1',
      titles: o.titles,
    });
    expect((await s.objects.history(registrar, museum.id, o.id)).at(-1)!.changes).toEqual({
      collectionStatus: ['accessioned', 'deaccessioned'],
    });
    await expect(s.disposal.decide(director, museum.id, d.id, { decision: 'refused' })).rejects.toMatchObject(
      { status: 409 },
    );
    await expect(
      s.disposal.propose(registrar, museum.id, {
        objectIds: [o.id],
        reason: 'again',
        disposalMethod: 'sale',
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('reports damage and loss; a lost object is shown as lost until found', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const mediator = await makeUser(s, { museum, role: 'mediator' });
    const o = await s.objects.create(registrar, museum.id, objectInput());
    await s.disposal.report(mediator, museum.id, o.id, {
      kind: 'damage',
      discoveredOn: '2026-03-01',
      circumstances: 'Knocked by a visitor',
      actionTaken: 'Moved to conservation',
    });
    expect((await s.objects.get(registrar, museum.id, o.id)).collectionStatus).toBe('accessioned');
    const loss = await s.disposal.report(registrar, museum.id, o.id, {
      kind: 'theft',
      occurredOn: '2026-04-01',
      discoveredOn: '2026-04-02',
      circumstances: 'Case found open',
    });
    expect((await s.objects.get(registrar, museum.id, o.id)).collectionStatus).toBe('lost');
    expect((await s.objects.list(registrar, museum.id, { status: 'lost' })).total).toBe(1);
    await expect(
      s.disposal.resolve(mediator, museum.id, loss.id, { resolvedOn: '2026-05-01' }),
    ).rejects.toMatchObject({ status: 403 });
    await s.disposal.resolve(registrar, museum.id, loss.id, {
      resolvedOn: '2026-05-01',
      actionTaken: 'Recovered by the police',
    });
    expect((await s.objects.get(registrar, museum.id, o.id)).collectionStatus).toBe('accessioned');
    expect(
      (await s.disposal.incidents(registrar, museum.id, o.id)).map((i) => [i.kind, i.resolvedOn]),
    ).toEqual([
      ['theft', '2026-05-01'],
      ['damage', null],
    ]);
    const other = await makeMuseum(s);
    const outsider = await makeUser(s, { museum: other, role: 'director' });
    await expect(
      s.disposal.resolve(outsider, other.id, loss.id, { resolvedOn: '2026-05-01' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      s.disposal.report(outsider, other.id, o.id, {
        kind: 'loss',
        discoveredOn: '2026-01-01',
        circumstances: 'x',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
