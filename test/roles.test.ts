import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUSEUM_ROLES, type Actor, type MuseumRole } from '../src/modules/access/roles.js';
import type { Services } from '../src/services.js';
import { createTestEnv, type TestEnv } from './database.js';
import { makeMuseum, makeUser, objectInput } from './factories.js';

/**
 * Every procedure, tried by every role of the museum and by a director of another museum: the
 * roles allowed succeed, the others get 403, the other museum gets 404. The expected roles are
 * written out here, apart from the policy table, so a change to either is noticed.
 */
type Op = (s: Services, actor: Actor, museumId: string, ctx: Ctx) => Promise<unknown>;
interface Ctx {
  objectId: string;
  locationId: string;
  n: number;
}

const ALL: MuseumRole[] = [...MUSEUM_ROLES];
const CASES: [string, MuseumRole[], Op][] = [
  ['read an object', ALL, (s, a, m, c) => s.objects.get(a, m, c.objectId)],
  [
    'catalogue an object',
    ['director', 'curator', 'registrar', 'volunteer'],
    (s, a, m, c) => s.objects.create(a, m, objectInput({ accessionNumber: `R.${c.n}` })),
  ],
  [
    'create a location',
    ['director', 'registrar'],
    (s, a, m, c) =>
      s.locations.create(a, m, { code: `LOC-${c.n}`, kind: 'box', names: [{ lang: 'en', value: 'x' }] }),
  ],
  [
    'move an object',
    ['director', 'registrar', 'curator', 'conservator'],
    (s, a, m, c) => s.locations.move(a, m, { to: c.locationId, objectIds: [c.objectId], reason: 'research' }),
  ],
  [
    'record an entry',
    ['director', 'registrar'],
    (s, a, m) =>
      s.acquisitions.createEntry(a, m, {
        enteredOn: '2026-01-01',
        depositorName: 'x',
        reason: 'enquiry',
        objects: [{ titles: [{ lang: 'en', value: 'x' }] }],
      }),
  ],
  ['read the register', ALL, (s, a, m) => s.acquisitions.register(a, m, {})],
  [
    'check condition',
    ['director', 'registrar', 'curator', 'conservator'],
    (s, a, m, c) =>
      s.conservation.check(a, m, c.objectId, {
        checkedOn: '2026-01-01',
        context: 'routine',
        overall: 'good',
      }),
  ],
  [
    'propose a treatment',
    ['director', 'curator', 'conservator'],
    (s, a, m, c) => s.conservation.propose(a, m, c.objectId, { proposal: 'x' }),
  ],
  ['read valuations', ['director', 'registrar'], (s, a, m, c) => s.valuations.ofObject(a, m, c.objectId)],
  [
    'record a valuation',
    ['director', 'registrar'],
    (s, a, m, c) =>
      s.valuations.value(a, m, c.objectId, {
        amount: '1',
        currency: 'MAD',
        valuedOn: '2026-01-01',
        valuer: 'x',
        reason: 'audit',
      }),
  ],
  [
    'propose a deaccession',
    ['director', 'registrar', 'curator'],
    (s, a, m, c) =>
      s.disposal.propose(a, m, { objectIds: [c.objectId], reason: 'x', disposalMethod: 'transfer' }),
  ],
  [
    'report damage',
    ['director', 'curator', 'registrar', 'conservator', 'digitization', 'mediator', 'volunteer'],
    (s, a, m, c) =>
      s.disposal.report(a, m, c.objectId, { kind: 'damage', discoveredOn: '2026-01-01', circumstances: 'x' }),
  ],
  [
    'record a loan',
    ['director', 'registrar'],
    (s, a, m, c) =>
      s.loans.create(a, m, {
        lenderMuseum: 'roles-museum',
        externalParty: `Partner ${c.n}`,
        purpose: 'research',
        title: 'x',
        startsOn: '2026-01-01',
        endsOn: '2026-02-01',
      }),
  ],
  [
    'start an inventory',
    ['director', 'registrar'],
    (s, a, m, c) => s.inventory.start(a, m, { title: 'x', locationId: c.locationId }),
  ],
  [
    'record an exit',
    ['director', 'registrar'],
    (s, a, m) =>
      s.exits.record(a, m, {
        exitOn: '2026-01-01',
        reason: 'other',
        recipient: 'x',
        accessionNumbers: ['R.BASE'],
      }),
  ],
  [
    'record a right',
    ['director', 'registrar', 'curator'],
    (s, a, m, c) => s.rights.addRight(a, m, c.objectId, { kind: 'copyright', holder: 'x' }),
  ],
];

describe('who may do what, procedure by procedure', () => {
  let env: TestEnv;
  const actors = new Map<MuseumRole, Actor>();
  let outsider: Actor;
  let museumId = '';
  let ctx: Ctx;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    const s = env.services;
    const museum = await makeMuseum(s, 'roles-museum');
    const other = await makeMuseum(s, 'roles-other');
    museumId = museum.id;
    for (const role of MUSEUM_ROLES) actors.set(role, await makeUser(s, { museum, role }));
    outsider = await makeUser(s, { museum: other, role: 'director' });
    const director = actors.get('director')!;
    const o = await s.objects.create(director, museum.id, objectInput({ accessionNumber: 'R.BASE' }));
    const l = await s.locations.create(director, museum.id, {
      code: 'BASE',
      kind: 'reserve',
      names: [{ lang: 'en', value: 'Base' }],
    });
    ctx = { objectId: o.id, locationId: l.id, n: 0 };
  });
  afterAll(() => env.close());

  it.each(CASES)('%s', async (_name, allowed, op) => {
    const s = env.services;
    for (const role of MUSEUM_ROLES) {
      ctx.n++;
      const result = await op(s, actors.get(role)!, museumId, ctx).then(
        () => 'ok',
        (e) => e.status,
      );
      expect(result, role).toBe(allowed.includes(role) ? 'ok' : 403);
    }
    ctx.n++;
    const foreign = await op(s, outsider, museumId, ctx).then(
      () => 'ok',
      (e) => e.status,
    );
    expect(foreign, 'director of another museum').toBe(404);
  });
});
