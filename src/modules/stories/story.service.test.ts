import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';
import type { Actor } from '../access/roles.js';
import type { Museum } from '../museums/museum.schemas.js';

describe.each(ENGINES)('stories and exhibitions on %s', (engine) => {
  let env: TestEnv;
  let a: Museum;
  let mediator: Actor;
  const ids: Record<string, string> = {};
  let image = '';
  beforeAll(async () => {
    env = await createTestEnv(engine);
    const s = env.services;
    a = await makeMuseum(s, `story-a-${engine}`);
    const b = await makeMuseum(s, `story-b-${engine}`);
    mediator = await makeUser(s, { museum: a, role: 'mediator' });
    const curatorA = await makeUser(s, { museum: a, role: 'curator' });
    const curatorB = await makeUser(s, { museum: b, role: 'curator' });
    ids.own = (
      await s.objects.create(
        curatorA,
        a.id,
        objectInput({
          accessionNumber: 'S.1',
          visibility: 'public',
          titles: [{ lang: 'en', value: 'Lamp' }],
        }),
      )
    ).id;
    ids.ownHidden = (
      await s.objects.create(
        curatorA,
        a.id,
        objectInput({
          accessionNumber: 'S.2',
          visibility: 'internal',
          titles: [{ lang: 'en', value: 'CANARY-OWN' }],
        }),
      )
    ).id;
    ids.other = (
      await s.objects.create(
        curatorB,
        b.id,
        objectInput({
          accessionNumber: 'T.1',
          visibility: 'public',
          titles: [{ lang: 'en', value: 'Basin' }],
        }),
      )
    ).id;
    ids.otherHidden = (
      await s.objects.create(
        curatorB,
        b.id,
        objectInput({
          accessionNumber: 'T.2',
          visibility: 'internal',
          titles: [{ lang: 'en', value: 'CANARY-OTHER' }],
        }),
      )
    ).id;
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#224466' } })
      .png()
      .toBuffer();
    image = (await s.media.ingest(curatorA, a.id, ids.own!, new Blob([new Uint8Array(png)]).stream(), {}))
      .media.id;
    await s.worker.drain();
  });
  afterAll(() => env.close());

  const input = (over: Record<string, unknown> = {}) => ({
    slug: 'light-of-mosques',
    kind: 'exhibition',
    titles: [
      { lang: 'en', value: 'The light of mosques' },
      { lang: 'ar', value: 'نور المساجد' },
    ],
    sections: [
      {
        type: 'text',
        headings: [{ lang: 'en', value: 'Glass' }],
        bodies: [{ lang: 'en', value: 'Lamps hung in mosques.' }],
      },
      { type: 'object', objectId: ids.own, captions: [{ lang: 'en', value: 'Our lamp' }] },
      {
        type: 'detail',
        objectId: ids.own,
        mediaId: image,
        region: { x: 10, y: 20, w: 100, h: 80 },
        captions: [],
      },
      { type: 'object', objectId: ids.other, captions: [] },
      { type: 'quote', texts: [{ lang: 'ar', value: 'اللَّهُ نُورُ السَّمَاوَاتِ وَالْأَرْضِ' }], source: 'Qurʾān 24:35' },
    ],
    ...over,
  });

  it('is drafted from sections, shared section by section, and published', async () => {
    const s = env.services;
    const story = await s.stories.create(mediator, a.id, input());
    expect(story.status).toBe('draft');
    expect(story.sections.map((x) => x.id)).toHaveLength(5);
    for (const x of story.sections) expect(x.id).toMatch(/^[a-z0-9]{4,16}$/);
    // A draft is its museum's staff's to preview, no one else's.
    await expect(s.stories.read(null, a.slug, 'light-of-mosques')).rejects.toMatchObject({ status: 404 });
    const outsider = await makeUser(s, { museum: await makeMuseum(s), role: 'director' });
    await expect(s.stories.read(outsider, a.slug, 'light-of-mosques')).rejects.toMatchObject({ status: 404 });
    expect((await s.stories.read(mediator, a.slug, 'light-of-mosques')).preview).toBe(true);
    // Edited: sections keep their ids (their shared links) when moved.
    const moved = await s.stories.update(
      mediator,
      a.id,
      story.id,
      input({ sections: [story.sections[4], story.sections[0]], version: story.version }),
    );
    expect(moved.sections.map((x) => x.id)).toEqual([story.sections[4]!.id, story.sections[0]!.id]);
    await s.stories.update(
      mediator,
      a.id,
      story.id,
      input({ sections: story.sections, version: moved.version }),
    );
    const published = await s.stories.setPublished(mediator, a.id, story.id, true);
    expect(published.publishedAt).not.toBeNull();
    const read = await s.stories.read(null, a.slug, 'light-of-mosques');
    expect(read.preview).toBe(false);
    expect([...read.objects.keys()].sort()).toEqual([ids.own, ids.other].sort());
    expect(read.objects.get(ids.own!)?.image?.id).toBe(image);
    expect((await s.stories.published(null)).stories.map((x) => x.slug)).toContain('light-of-mosques');
    expect((await s.stories.published(a.slug)).stories.map((x) => x.slug)).toEqual(['light-of-mosques']);
    const events = await s.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_type', '=', 'story')
      .where('entity_id', '=', story.id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update', 'update']);
  });

  it('shows an object only while it is public, and refuses another museum’s hidden one', async () => {
    const s = env.services;
    const before = await snapshot(s);
    await expect(
      s.stories.create(
        mediator,
        a.id,
        input({ slug: 'x', sections: [{ type: 'object', objectId: ids.otherHidden, captions: [] }] }),
      ),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ path: 'sections.0.objectId' }] } });
    await expect(
      s.stories.create(
        mediator,
        a.id,
        input({
          slug: 'y',
          sections: [
            {
              type: 'detail',
              objectId: ids.own,
              mediaId: image,
              region: { x: 350, y: 0, w: 100, h: 10 },
              captions: [],
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ path: 'sections.0.region' }] } });
    await expect(s.stories.create(mediator, a.id, input())).rejects.toMatchObject({
      status: 400,
      details: { fields: [{ path: 'slug' }] },
    });
    const readonly = await makeUser(s, { museum: a, role: 'readonly' });
    const snap = await snapshot(s);
    await expect(s.stories.create(readonly, a.id, input({ slug: 'z' }))).rejects.toMatchObject({
      status: 403,
    });
    expect(await snapshot(s)).toBe(snap);
    expect(before).not.toBe(snap); // (a user was added between)
    // The museum's own hidden object may be drafted in; readers never see it.
    const story = await s.stories.create(
      mediator,
      a.id,
      input({ slug: 'hidden-inside', sections: [{ type: 'object', objectId: ids.ownHidden, captions: [] }] }),
    );
    await s.stories.setPublished(mediator, a.id, story.id, true);
    const read = await s.stories.read(null, a.slug, 'hidden-inside');
    expect(read.objects.size).toBe(0);
    expect(JSON.stringify([...read.objects.values()])).not.toContain('CANARY');
  });
});
