import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

describe.each(ENGINES)('ValuationService on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('keeps valuations and policies exact and audited, for directors and registrars only', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(registrar, museum.id, objectInput());
    await s.valuations.value(registrar, museum.id, o.id, {
      amount: '2500000.10',
      currency: 'MAD',
      valuedOn: '2025-05-05',
      valuer: 'Expert A',
      reason: 'insurance',
    });
    await s.valuations.value(registrar, museum.id, o.id, {
      amount: '2750000',
      currency: 'MAD',
      valuedOn: '2026-05-05',
      valuer: 'Expert B',
      reason: 'loan',
    });
    await s.valuations.addPolicy(registrar, museum.id, {
      kind: 'indemnity',
      insurer: 'État',
      policyNumber: 'GAR-2026-3',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      objects: [{ objectId: o.id, amount: '3000000', currency: 'EUR' }],
    });
    const { valuations, policies } = await s.valuations.ofObject(registrar, museum.id, o.id);
    expect(valuations.map((v) => [v.valuedOn, v.amount])).toEqual([
      ['2026-05-05', '2750000'],
      ['2025-05-05', '2500000.10'],
    ]);
    expect(policies).toMatchObject([
      { kind: 'indemnity', policyNumber: 'GAR-2026-3', objects: [{ amount: '3000000', currency: 'EUR' }] },
    ]);
    const audit = await s.database.db
      .selectFrom('audit_event')
      .select('entity_type')
      .where('museum_id', '=', museum.id)
      .where('entity_type', 'in', ['valuation', 'insurance_policy'])
      .execute();
    expect(audit).toHaveLength(3);
    await expect(s.valuations.ofObject(curator, museum.id, o.id)).rejects.toMatchObject({ status: 403 });
    const before = await snapshot(s);
    await expect(
      s.valuations.value(curator, museum.id, o.id, {
        amount: '1',
        currency: 'MAD',
        valuedOn: '2026-01-01',
        valuer: 'x',
        reason: 'audit',
      }),
    ).rejects.toMatchObject({ status: 403 });
    for (const bad of [{ amount: '1,5' }, { amount: '-3' }, { currency: 'dirham' }, { valuedOn: '5 May' }]) {
      await expect(
        s.valuations.value(registrar, museum.id, o.id, {
          amount: '1',
          currency: 'MAD',
          valuedOn: '2026-01-01',
          valuer: 'x',
          reason: 'audit',
          ...bad,
        }),
      ).rejects.toMatchObject({ status: 400 });
    }
    await expect(
      s.valuations.addPolicy(registrar, museum.id, {
        kind: 'insurance',
        insurer: 'x',
        policyNumber: 'y',
        startsOn: '2026-02-01',
        endsOn: '2026-01-01',
        objects: [],
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await snapshot(s)).toBe(before);
  });
});
