import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeConcept,
  makeMuseum,
  makePerson,
  makeUser,
  objectInput,
  snapshot,
} from '../../../test/factories.js';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { AppError } from '../../errors.js';

describe.each(ENGINES)('ObjectService on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('creates an object with Arabic and English titles, links and a Hijri date, and reads it back', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const safavid = await makeConcept(s, 'dynasty', 'Safavid', 'الصفويون');
    const scribe = await makePerson(s, 'Ahmad al-Tabrizi', 'أحمد التبريزي', museum.id);
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'W.569',
        dynasties: [{ id: safavid.id }],
        makers: [{ id: scribe.id, qualifier: 'scribe' }],
        dates: ['٨٦٥ هـ'],
        dimensions: [{ type: 'height', value: 28.5, unit: 'cm', part: 'folio' }],
        inscriptions: [
          {
            text: 'بسم الله الرحمن الرحيم',
            lang: 'ar',
            script: 'Arab',
            transliteration: 'bismillāh al-raḥmān al-raḥīm',
            position: 'frontispiece',
          },
        ],
        rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
      }),
    );
    const read = await s.objects.get(curator, museum.id, o.id);
    expect(read.titles).toEqual([
      { lang: 'ar', value: 'مصحف شريف' },
      { lang: 'en', value: "Qur'an" },
    ]);
    expect(read.dynasties.map((d) => d.id)).toEqual([safavid.id]);
    expect(read.makers[0]).toMatchObject({ id: scribe.id, qualifier: 'scribe' });
    expect(read.dates[0]).toMatchObject({
      expression: '٨٦٥ هـ',
      calendar: 'islamic',
      earliest: 1460,
      latest: 1461,
      status: 'parsed',
    });
    expect(read.dimensions).toEqual([{ type: 'height', value: 28.5, unit: 'cm', part: 'folio' }]);
    expect(read.visibility).toBe('draft');
    expect(read.version).toBe(1);
  });

  it('reads a record by its id, in one statement, as it reads it among others: every date and link, in their order', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const [safavid, timurid] = [
      await makeConcept(s, 'dynasty', 'Safavid', 'الصفويون'),
      await makeConcept(s, 'dynasty', 'Timurid', 'التيموريون'),
    ];
    const [scribe, painter] = [
      await makePerson(s, 'Ahmad al-Tabrizi', 'أحمد التبريزي', museum.id),
      await makePerson(s, 'Sultan Muhammad', 'سلطان محمد', museum.id),
    ];
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'W.570',
        dynasties: [{ id: timurid.id }, { id: safavid.id }],
        makers: [
          { id: painter.id, qualifier: 'painter' },
          { id: scribe.id, qualifier: 'scribe' },
        ],
        dates: ['ca. 1520', '٨٦٥ هـ', 'sometime in spring'],
      }),
      { keepUnreadDates: true },
    );
    const [byId, amongOthers] = [
      await s.repos.objects.findById(s.database.db, museum.id, o.id),
      (await s.repos.objects.findByIds(s.database.db, museum.id, [o.id]))[0],
    ];
    expect(byId).toEqual(amongOthers);
    expect(byId!.makers.map((m) => [m.id, m.qualifier])).toEqual([
      [painter.id, 'painter'],
      [scribe.id, 'scribe'],
    ]);
    expect(byId!.dynasties.map((d) => d.id)).toEqual([timurid.id, safavid.id]);
    expect(byId!.makers[1]!.labels).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'أحمد التبريزي' })]),
    );
    expect(byId!.dates.map((d) => [d.expression, d.approximate, d.status])).toEqual([
      ['ca. 1520', true, 'parsed'],
      ['٨٦٥ هـ', false, 'parsed'],
      ['sometime in spring', false, 'review'],
    ]);
    expect(byId!.dates[2]).toMatchObject({ earliest: null, latest: null, label: null });
    expect(
      await s.repos.objects.findById(s.database.db, museum.id, '0192e4a0-0000-7000-8000-000000000000'),
    ).toBeUndefined();
  });

  it('refuses an accession number already used in the museum, and changes nothing', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const other = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    await s.objects.create(curator, museum.id, objectInput({ accessionNumber: '2026.14.3' }));
    const before = await snapshot(s);
    const err = await s.objects
      .create(curator, museum.id, objectInput({ accessionNumber: '2026.14.3' }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      status: 400,
      details: { fields: [{ path: 'accessionNumber', code: 'accession_taken' }] },
    });
    expect(await snapshot(s)).toBe(before);
    // The same number in another museum is fine.
    const otherCurator = await makeUser(s, { museum: other, role: 'curator' });
    await expect(
      s.objects.create(otherCurator, other.id, objectInput({ accessionNumber: '2026.14.3' })),
    ).resolves.toBeTruthy();
  });

  it('refuses a date it cannot read unless asked to keep it for review', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum });
    const before = await snapshot(s);
    const err = await s.objects
      .create(curator, museum.id, objectInput({ dates: ['sometime in spring'] }))
      .catch((e) => e);
    expect(err).toMatchObject({
      status: 400,
      details: { fields: [{ path: 'dates.0', code: 'date_unreadable' }] },
    });
    expect(await snapshot(s)).toBe(before);
    const kept = await s.objects.create(curator, museum.id, objectInput({ dates: ['sometime in spring'] }), {
      keepUnreadDates: true,
    });
    expect(kept.dateReview).toBe(true);
    const listed = await s.objects.list(curator, museum.id, { review: '1' });
    expect(listed.items.map((i) => i.id)).toEqual([kept.id]);
  });

  it('writes an audit event with each field before and after, for create, update and delete', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const registrar = await makeUser(s, { museum, role: 'registrar' });
    const o = await s.objects.create(
      registrar,
      museum.id,
      objectInput({ accessionNumber: 'A.1', dates: ['1597-1598'] }),
    );
    await s.objects.patch(registrar, museum.id, o.id, {
      titles: [{ lang: 'fr', value: 'Coran' }],
      visibility: 'public',
    });
    const history = await s.objects.history(registrar, museum.id, o.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update']);
    expect(history[0]!.changes.accessionNumber).toEqual([null, 'A.1']);
    expect(history[1]!.changes.titles).toEqual([o.titles, [{ lang: 'fr', value: 'Coran' }]]);
    expect(history[1]!.changes.visibility).toEqual(['draft', 'public']);
    expect(Object.keys(history[1]!.changes).sort()).toEqual(['titles', 'visibility']);
    expect(history[1]!.actorId).toBe(registrar.userId);
    await s.objects.delete(registrar, museum.id, o.id);
    const rows = await s.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('entity_id', '=', o.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    expect(JSON.parse(rows[2]!.changes).accessionNumber).toEqual(['A.1', null]);
  });

  it('keeps the audit trail append-only, inside the database itself', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const db = s.database.db;
    await expect(
      db
        .updateTable('audit_event')
        .set({ actor_label: 'forged' })
        .where('museum_id', '=', museum.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_event').where('museum_id', '=', museum.id).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it("answers 404 for another museum's object, for every operation", async () => {
    const s = env.services;
    const a = await makeMuseum(s);
    const b = await makeMuseum(s);
    const curatorA = await makeUser(s, { museum: a, role: 'director' });
    const curatorB = await makeUser(s, { museum: b, role: 'director' });
    const o = await s.objects.create(curatorA, a.id, objectInput());
    const ops = [
      () => s.objects.get(curatorB, b.id, o.id),
      () => s.objects.get(curatorB, a.id, o.id),
      () => s.objects.update(curatorB, b.id, o.id, objectInput()),
      () => s.objects.patch(curatorB, a.id, o.id, { visibility: 'public' }),
      () => s.objects.delete(curatorB, b.id, o.id),
      () => s.objects.history(curatorB, a.id, o.id),
      () => s.objects.list(curatorB, a.id, {}),
      () => s.objects.create(curatorB, a.id, objectInput()),
    ];
    for (const op of ops) await expect(op()).rejects.toMatchObject({ status: 404, code: 'not_found' });
    // Linking another museum's own authority answers as for a missing one.
    const privateTerm = await makeConcept(s, 'material', 'Secret alloy', undefined, a.id);
    const before = await snapshot(s);
    await expect(
      s.objects.create(curatorB, b.id, objectInput({ materials: [{ id: privateTerm.id }] })),
    ).rejects.toMatchObject({
      status: 404,
      details: { fields: [{ path: 'materials.0.id', code: 'not_found' }] },
    });
    expect(await snapshot(s)).toBe(before);
    expect((await s.objects.get(curatorA, a.id, o.id)).version).toBe(1);
  });

  it('lets roles do what they may: read-only staff read, only cataloguers write', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const reader = await makeUser(s, { museum, role: 'readonly' });
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    await expect(s.objects.get(reader, museum.id, o.id)).resolves.toBeTruthy();
    await expect(s.objects.create(reader, museum.id, objectInput())).rejects.toMatchObject({ status: 403 });
    await expect(s.objects.delete(curator, museum.id, o.id)).rejects.toMatchObject({ status: 403 });
  });

  it('lists, filters and sorts: accession numbers in natural order, by date, by linked authority', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum });
    const mamluk = await makeConcept(s, 'dynasty', 'Mamluk', 'المماليك');
    await s.objects.create(
      curator,
      museum.id,
      objectInput({ accessionNumber: 'W.10', dates: ['1550'], titles: [{ lang: 'en', value: 'Bowl' }] }),
    );
    await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'W.9',
        dates: ['865 AH/AD 1461'],
        dynasties: [{ id: mamluk.id }],
        titles: [{ lang: 'en', value: 'Lamp' }],
      }),
    );
    await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'W.100',
        dates: ['18th century'],
        titles: [{ lang: 'ar', value: 'مخطوطة' }],
      }),
    );
    const byAcc = await s.objects.list(curator, museum.id, {});
    expect(byAcc.items.map((i) => i.accessionNumber)).toEqual(['W.9', 'W.10', 'W.100']);
    expect(byAcc.total).toBe(3);
    const byDate = await s.objects.list(curator, museum.id, { sort: 'date', order: 'desc' });
    expect(byDate.items.map((i) => i.accessionNumber)).toEqual(['W.100', 'W.10', 'W.9']);
    const mamlukOnly = await s.objects.list(curator, museum.id, { authority: mamluk.id });
    expect(mamlukOnly.items.map((i) => i.accessionNumber)).toEqual(['W.9']);
    const range = await s.objects.list(curator, museum.id, { from: '1500', to: '1600' });
    expect(range.items.map((i) => i.accessionNumber)).toEqual(['W.10']);
    const arabic = await s.objects.list(curator, museum.id, { q: 'مخطوطة' });
    expect(arabic.items.map((i) => i.accessionNumber)).toEqual(['W.100']);
    const page = await s.objects.list(curator, museum.id, { limit: '1', offset: '1' });
    expect(page.items.map((i) => i.accessionNumber)).toEqual(['W.10']);
  });

  it('refuses a stale update', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum });
    const o = await s.objects.create(curator, museum.id, objectInput());
    await s.objects.update(
      curator,
      museum.id,
      o.id,
      objectInput({ accessionNumber: o.accessionNumber, version: 1 }),
    );
    await expect(
      s.objects.update(
        curator,
        museum.id,
        o.id,
        objectInput({ accessionNumber: o.accessionNumber, version: 1 }),
      ),
    ).rejects.toMatchObject({ status: 409, code: 'stale' });
  });
});
