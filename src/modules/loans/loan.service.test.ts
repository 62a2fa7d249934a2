import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

describe.each(ENGINES)('loans on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('runs a loan between two museums as one shared record, each party doing its own steps', async () => {
    const s = env.services;
    const lender = await makeMuseum(s);
    const borrower = await makeMuseum(s);
    const third = await makeMuseum(s);
    const lDirector = await makeUser(s, { museum: lender, role: 'director' });
    const lRegistrar = await makeUser(s, { museum: lender, role: 'registrar' });
    const lConservator = await makeUser(s, { museum: lender, role: 'conservator' });
    const bRegistrar = await makeUser(s, { museum: borrower, role: 'registrar' });
    const bCurator = await makeUser(s, { museum: borrower, role: 'curator' });
    const outsider = await makeUser(s, { museum: third, role: 'director' });
    const o1 = await s.objects.create(lRegistrar, lender.id, objectInput({ accessionNumber: 'L.1' }));
    const o2 = await s.objects.create(lRegistrar, lender.id, objectInput({ accessionNumber: 'L.2' }));

    const loan = await s.loans.create(bRegistrar, borrower.id, {
      lenderMuseum: lender.slug,
      borrowerMuseum: borrower.slug,
      purpose: 'exhibition',
      title: 'Arts of the Maghreb',
      startsOn: '2027-03-01',
      endsOn: '2027-09-30',
      venues: [{ name: 'Grand hall', city: 'Rabat', country: 'MA' }],
      requestNote: 'Two Qur’an leaves',
    });
    expect(loan).toMatchObject({
      status: 'requested',
      lenderMuseumId: lender.id,
      borrowerMuseumId: borrower.id,
    });
    expect((await s.loans.list(lRegistrar, lender.id)).map((l) => l.id)).toEqual([loan.id]);
    await expect(s.loans.get(outsider, third.id, loan.id)).rejects.toMatchObject({ status: 404 });

    await expect(
      s.loans.setObjects(bRegistrar, borrower.id, loan.id, { objects: [{ objectId: o1.id }] }),
    ).rejects.toMatchObject({ status: 403, code: 'not_your_step' });
    await s.loans.setObjects(lRegistrar, lender.id, loan.id, {
      objects: [
        { objectId: o1.id, insuranceValue: { amount: '150000', currency: 'EUR' } },
        { objectId: o2.id, insuranceValue: { amount: '90000', currency: 'EUR' } },
      ],
    });
    expect(
      (await s.loans.get(bRegistrar, borrower.id, loan.id)).objects.map((o) => [
        o.accessionNumber,
        o.insuranceValue?.amount,
      ]),
    ).toEqual([
      ['L.1', '150000'],
      ['L.2', '90000'],
    ]);
    expect((await s.loans.get(bCurator, borrower.id, loan.id)).objects.map((o) => o.insuranceValue)).toEqual([
      undefined,
      undefined,
    ]);
    // The borrower sees the lent objects through the loan, and nothing else of the lender's.
    await expect(s.objects.get(bRegistrar, borrower.id, o1.id)).rejects.toMatchObject({ status: 404 });

    const step = (actor: typeof lDirector, museumId: string, input: Record<string, unknown>) =>
      s.loans.step(actor, museumId, loan.id, input);
    await expect(step(bRegistrar, borrower.id, { to: 'under_review' })).rejects.toMatchObject({
      status: 403,
    });
    await step(lRegistrar, lender.id, { to: 'under_review' });
    await expect(step(lRegistrar, lender.id, { to: 'approved' })).rejects.toMatchObject({ status: 403 });
    await step(lDirector, lender.id, { to: 'approved' });
    await expect(step(lRegistrar, lender.id, { to: 'agreement_signed' })).rejects.toMatchObject({
      status: 400,
    });
    await step(lRegistrar, lender.id, {
      to: 'agreement_signed',
      agreement: { reference: 'AGR-2027-04', signedOn: '2027-01-15' },
    });
    const before = await snapshot(s);
    const missing = await step(lRegistrar, lender.id, { to: 'dispatched' }).catch((e) => e);
    expect(missing).toMatchObject({ status: 409, code: 'condition_check_missing' });
    expect(missing.message).toContain('L.1');
    expect(await snapshot(s)).toBe(before);
    for (const o of [o1, o2])
      await s.conservation.check(lConservator, lender.id, o.id, {
        checkedOn: '2027-02-20',
        context: 'loan_out_dispatch',
        overall: 'good',
      });
    await step(lRegistrar, lender.id, { to: 'dispatched' });
    await expect(step(lRegistrar, lender.id, { to: 'on_loan' })).rejects.toMatchObject({ status: 403 });
    await step(bRegistrar, borrower.id, { to: 'on_loan' });
    await expect(step(lRegistrar, lender.id, { to: 'returned' })).rejects.toMatchObject({
      status: 409,
      code: 'condition_check_missing',
    });
    for (const o of [o1, o2])
      await s.conservation.check(lConservator, lender.id, o.id, {
        checkedOn: '2027-10-05',
        context: 'loan_out_return',
        overall: 'good',
      });
    await step(lRegistrar, lender.id, { to: 'returned' });
    const closed = await step(lRegistrar, lender.id, { to: 'closed' });
    expect(closed).toMatchObject({ status: 'closed', agreement: { reference: 'AGR-2027-04' } });
    await expect(step(lRegistrar, lender.id, { to: 'cancelled' })).rejects.toMatchObject({
      status: 409,
      code: 'invalid_transition',
    });
    const audit = await s.database.db
      .selectFrom('audit_event')
      .select(['museum_id', 'action'])
      .where('entity_id', '=', loan.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => (a.museum_id === lender.id ? 'L' : 'B')).join('')).toBe('BLLLLLBLL');
  });

  it('records a loan in from an outside institution, the museum doing both sides', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const entry = await s.acquisitions.createEntry(registrar, museum.id, {
      enteredOn: '2027-01-02',
      depositorName: 'Bibliothèque nationale',
      reason: 'loan_in',
      objects: [{ titles: [{ lang: 'fr', value: 'Astrolabe' }] }],
    });
    const loan = await s.loans.create(registrar, museum.id, {
      borrowerMuseum: museum.slug,
      externalParty: 'Bibliothèque nationale',
      purpose: 'exhibition',
      title: 'Sciences',
      startsOn: '2027-01-01',
      endsOn: '2027-06-30',
    });
    await s.loans.setObjects(registrar, museum.id, loan.id, {
      objects: [{ objectId: entry.objects[0]!.id }],
    });
    await s.loans.step(registrar, museum.id, loan.id, { to: 'under_review' });
    await expect(
      s.loans.create(registrar, museum.id, {
        lenderMuseum: 'no-such',
        borrowerMuseum: museum.slug,
        purpose: 'research',
        title: 'x',
        startsOn: '2027-01-01',
        endsOn: '2027-01-02',
      }),
    ).rejects.toMatchObject({
      status: 400,
      details: { fields: [{ path: 'lenderMuseum', code: 'not_found' }] },
    });
    await expect(
      s.loans.create(registrar, museum.id, {
        externalParty: 'x',
        purpose: 'research',
        title: 'x',
        startsOn: '2027-01-01',
        endsOn: '2027-01-02',
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
