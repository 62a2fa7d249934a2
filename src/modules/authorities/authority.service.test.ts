import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeConcept, makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

describe.each(ENGINES)('AuthorityService on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('keeps a person with names in several scripts and the parts of an Arabic name, found by any of them', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum });
    const avicenna = await s.authorities.create(curator, museum.id, {
      type: 'person',
      labels: [
        { lang: 'ar', value: 'ابن سينا', preferred: true },
        { lang: 'en', value: 'Avicenna' },
        { lang: 'fr', value: 'Avicenne' },
        { lang: 'ar-Latn', value: 'Ibn Sīnā' },
      ],
      nameParts: { kunya: 'أبو علي', ism: 'الحسين', nasab: 'بن عبد الله بن سينا', nisba: 'البخاري' },
      beginYear: 980,
      endYear: 1037,
      datesText: '370–428 هـ',
      externalIds: { wikidata: 'Q8011', viaf: '100219162' },
    });
    expect(avicenna.museumId).toBe(museum.id);
    for (const q of ['Avicenne', 'ibn sina', 'ابن سينا', 'AVICENNA']) {
      const found = await s.authorities.list(curator, museum.id, { type: 'person', q });
      expect(
        found.map((a) => a.id),
        q,
      ).toEqual([avicenna.id]);
    }
    expect((await s.authorities.findByLabel(curator, museum.id, ['person'], null, 'Avicenne'))?.id).toBe(
      avicenna.id,
    );
    const read = await s.authorities.get(curator, museum.id, avicenna.id);
    expect(read.nameParts).toEqual({
      kunya: 'أبو علي',
      ism: 'الحسين',
      nasab: 'بن عبد الله بن سينا',
      nisba: 'البخاري',
    });
  });

  it('shares network terms with every museum, keeps a museum’s own terms to itself', async () => {
    const s = env.services;
    const a = await makeMuseum(s);
    const b = await makeMuseum(s);
    const curatorA = await makeUser(s, { museum: a });
    const curatorB = await makeUser(s, { museum: b });
    const shared = await makeConcept(s, 'dynasty', 'Nasrid', 'بنو نصر');
    const own = await s.authorities.create(curatorA, a.id, {
      type: 'concept',
      scheme: 'material',
      labels: [{ lang: 'ar', value: 'زليج' }],
    });
    expect(
      (await s.authorities.list(curatorB, b.id, { scheme: 'dynasty', q: 'nasrid' })).map((x) => x.id),
    ).toEqual([shared.id]);
    expect(await s.authorities.list(curatorB, b.id, { q: 'زليج' })).toEqual([]);
    await expect(s.authorities.get(curatorB, b.id, own.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      s.authorities.update(curatorB, b.id, own.id, {
        type: 'concept',
        scheme: 'material',
        labels: [{ lang: 'en', value: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 404 });
    // Only a platform administrator creates or edits network-wide records.
    await expect(
      s.authorities.create(curatorA, a.id, {
        type: 'concept',
        scheme: 'dynasty',
        shared: true,
        labels: [{ lang: 'en', value: 'X' }],
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      s.authorities.update(curatorA, a.id, shared.id, {
        type: 'concept',
        scheme: 'dynasty',
        labels: [{ lang: 'en', value: 'Y' }],
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('audits changes, refuses bad input and the deletion of a record in use, changing nothing', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const director = await makeUser(s, { museum, role: 'director' });
    const place = await s.authorities.create(director, museum.id, {
      type: 'place',
      labels: [
        { lang: 'ar', value: 'فاس' },
        { lang: 'fr', value: 'Fès' },
      ],
      latitude: 34.03,
      longitude: -5,
    });
    await s.authorities.update(director, museum.id, place.id, {
      type: 'place',
      labels: [
        { lang: 'ar', value: 'فاس' },
        { lang: 'fr', value: 'Fès' },
      ],
      latitude: 34.0331,
      longitude: -5.0003,
      externalIds: { geonames: '2548885' },
    });
    const events = await s.authorities.history(director, museum.id, place.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    expect(events[1]!.changes).toEqual({
      latitude: [34.03, 34.0331],
      longitude: [-5, -5.0003],
      externalIds: [{}, { geonames: '2548885' }],
    });

    const before = await snapshot(s);
    const bad = [
      { type: 'place', labels: [] },
      { type: 'concept', labels: [{ lang: 'en', value: 'x' }] },
      { type: 'person', labels: [{ lang: 'en', value: 'x' }], latitude: 3, longitude: 4 },
      { type: 'place', labels: [{ lang: 'english', value: 'x' }] },
      { type: 'person', labels: [{ lang: 'en', value: 'x' }], externalIds: { wikidata: '12' } },
      { type: 'person', labels: [{ lang: 'en', value: 'x' }], beginYear: 1500, endYear: 1400 },
    ];
    for (const input of bad)
      await expect(s.authorities.create(director, museum.id, input)).rejects.toMatchObject({
        status: 400,
        code: 'invalid_input',
      });
    await s.objects.create(
      director,
      museum.id,
      objectInput({ places: [{ id: place.id, qualifier: 'production' }] }),
    );
    const inUse = await s.authorities.delete(director, museum.id, place.id).catch((e) => e);
    expect(inUse).toMatchObject({ status: 409, code: 'authority_in_use' });
    await expect(
      s.authorities.update(director, museum.id, place.id, {
        type: 'person',
        labels: [{ lang: 'en', value: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await snapshot(s)).length).toBeGreaterThan(before.length); // only the object was added
    expect(await s.authorities.get(director, museum.id, place.id)).toMatchObject({
      version: 2,
      type: 'place',
    });
  });
});
