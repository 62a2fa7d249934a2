import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';
import type { Actor } from '../access/roles.js';
import type { Services } from '../../services.js';

async function storage(s: Services, actor: Actor, museumId: string) {
  const mk = (code: string, kind: string, parentId: string | null, ar: string) =>
    s.locations.create(actor, museumId, {
      code,
      kind,
      parentId,
      names: [
        { lang: 'ar', value: ar },
        { lang: 'en', value: code },
      ],
    });
  const site = await mk('SITE', 'site', null, 'الموقع الرئيسي');
  const building = await mk('B1', 'building', site.id, 'المبنى الأول');
  const reserve = await mk('R1', 'reserve', building.id, 'المخزن ١');
  const shelfA = await mk('R1-A', 'shelf', reserve.id, 'الرف أ');
  const shelfB = await mk('R1-B', 'shelf', reserve.id, 'الرف ب');
  const gallery = await mk('G1', 'gallery', building.id, 'القاعة ١');
  return { site, building, reserve, shelfA, shelfB, gallery };
}

describe.each(ENGINES)('LocationService on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('keeps a storage hierarchy with codes unique in the museum', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const l = await storage(s, registrar, museum.id);
    const tree = await s.locations.tree(registrar, museum.id);
    expect(tree.map((n) => `${'  '.repeat(n.depth)}${n.code}`)).toEqual(
      expect.arrayContaining(['SITE', '  B1', '    R1', '      R1-A', '      R1-B', '    G1']),
    );
    expect((await s.locations.trail(registrar, museum.id, l.shelfA)).map((x) => x.code)).toEqual([
      'SITE',
      'B1',
      'R1',
      'R1-A',
    ]);
    await expect(
      s.locations.create(registrar, museum.id, {
        code: 'R1-A',
        kind: 'shelf',
        names: [{ lang: 'en', value: 'x' }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      details: { fields: [{ path: 'code', code: 'location_code_taken' }] },
    });
    await expect(
      s.locations.update(registrar, museum.id, l.reserve.id, {
        code: 'R1',
        kind: 'reserve',
        parentId: l.shelfA.id,
        names: [{ lang: 'en', value: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ code: 'location_cycle' }] } });
  });

  it('moves one object and a selection, records who, when, why, from and to, and derives the current location', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const l = await storage(s, registrar, museum.id);
    const objs = [];
    for (const n of ['2026.1.1', '2026.1.2', '2026.1.3'])
      objs.push(await s.objects.create(registrar, museum.id, objectInput({ accessionNumber: n })));
    await s.locations.move(registrar, museum.id, {
      to: l.shelfA.id,
      accessionNumbers: ['2026.1.1', '2026.1.2', '2026.1.3'],
      reason: 'storage',
    });
    const second = await s.locations.move(registrar, museum.id, {
      to: l.gallery.id,
      objectIds: [objs[0]!.id],
      reason: 'exhibition',
      note: 'Opening of the Andalusia room',
    });
    expect(second.moved).toBe(1);
    expect(
      (await s.locations.currentLocation(registrar, museum.id, objs[0]!.id))!.map((x) => x.code),
    ).toEqual(['SITE', 'B1', 'G1']);
    const history = await s.locations.history(registrar, museum.id, objs[0]!.id);
    expect(history.map((m) => [m.from?.code ?? null, m.to.code, m.reason])).toEqual([
      ['R1-A', 'G1', 'exhibition'],
      [null, 'R1-A', 'storage'],
    ]);
    expect(history[0]).toMatchObject({ movedBy: registrar.name, note: 'Opening of the Andalusia room' });
    const atReserve = await s.locations.objectsAt(registrar, museum.id, l.reserve.id, {});
    expect(atReserve.items.map((o) => [o.accessionNumber, o.locationCode])).toEqual([
      ['2026.1.2', 'R1-A'],
      ['2026.1.3', 'R1-A'],
    ]);
    expect((await s.locations.objectsAt(registrar, museum.id, l.reserve.id, { deep: '0' })).total).toBe(0);
    const tree = await s.locations.tree(registrar, museum.id);
    expect(tree.find((n) => n.code === 'B1')).toMatchObject({ here: 0, total: 3 });
    const audit = await s.database.db
      .selectFrom('audit_event')
      .select(['entity_type', 'changes'])
      .where('entity_type', '=', 'movement')
      .where('museum_id', '=', museum.id)
      .execute();
    expect(audit).toHaveLength(4);
    // A location that held objects is kept for their history.
    await expect(s.locations.delete(registrar, museum.id, l.shelfA.id)).rejects.toMatchObject({
      status: 409,
    });
    const empty = await s.locations.create(registrar, museum.id, {
      code: 'TMP',
      kind: 'box',
      names: [{ lang: 'en', value: 'tmp' }],
    });
    await s.locations.delete(registrar, museum.id, empty.id);
  });

  it('moves a subtree with its objects when a location gets another parent', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const l = await storage(s, registrar, museum.id);
    const o = await s.objects.create(registrar, museum.id, objectInput());
    await s.locations.move(registrar, museum.id, { to: l.shelfB.id, objectIds: [o.id], reason: 'storage' });
    await s.locations.update(registrar, museum.id, l.reserve.id, {
      code: 'R1',
      kind: 'reserve',
      parentId: l.site.id,
      names: [{ lang: 'en', value: 'R1' }],
    });
    expect((await s.locations.currentLocation(registrar, museum.id, o.id))!.map((x) => x.code)).toEqual([
      'SITE',
      'R1',
      'R1-B',
    ]);
    expect((await s.locations.objectsAt(registrar, museum.id, l.building.id, {})).total).toBe(0);
    expect((await s.locations.objectsAt(registrar, museum.id, l.site.id, {})).total).toBe(1);
  });

  it('refuses unknown or foreign objects and locations together, moving nothing', async () => {
    const s = env.services;
    const a = await makeMuseum(s);
    const b = await makeMuseum(s);
    const regA = await makeUser(s, { museum: a, role: 'registrar' });
    const regB = await makeUser(s, { museum: b, role: 'registrar' });
    const la = await storage(s, regA, a.id);
    const lb = await storage(s, regB, b.id);
    const mine = await s.objects.create(regA, a.id, objectInput({ accessionNumber: 'A.1' }));
    const theirs = await s.objects.create(regB, b.id, objectInput({ accessionNumber: 'B.1' }));
    const before = await snapshot(s);
    const err = await s.locations
      .move(regA, a.id, {
        to: la.shelfA.id,
        accessionNumbers: ['A.1', 'B.1', 'NOPE'],
        objectIds: [theirs.id],
        reason: 'storage',
      })
      .catch((e) => e);
    expect(err).toMatchObject({
      status: 400,
      details: {
        fields: [
          { path: 'accessionNumbers.1', code: 'unknown_accession' },
          { path: 'accessionNumbers.2' },
          { path: 'objectIds.0', code: 'not_found' },
        ],
      },
    });
    await expect(
      s.locations.move(regA, a.id, { to: lb.shelfA.id, objectIds: [mine.id], reason: 'storage' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(s.locations.get(regA, a.id, lb.site.id)).rejects.toMatchObject({ status: 404 });
    await expect(s.locations.tree(regA, b.id)).rejects.toMatchObject({ status: 404 });
    await expect(s.locations.history(regA, b.id, theirs.id)).rejects.toMatchObject({ status: 404 });
    expect(await snapshot(s)).toBe(before);
    // Read-only staff see storage but move nothing; curators move, only registrars and directors keep the tree.
    const reader = await makeUser(s, { museum: a, role: 'readonly' });
    const curator = await makeUser(s, { museum: a, role: 'curator' });
    await expect(s.locations.tree(reader, a.id)).resolves.toBeTruthy();
    await expect(
      s.locations.move(reader, a.id, { to: la.shelfA.id, objectIds: [mine.id], reason: 'storage' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      s.locations.move(curator, a.id, { to: la.shelfA.id, objectIds: [mine.id], reason: 'research' }),
    ).resolves.toMatchObject({ moved: 1 });
    await expect(
      s.locations.create(curator, a.id, { code: 'X', kind: 'box', names: [{ lang: 'en', value: 'x' }] }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
