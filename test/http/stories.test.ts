import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Museum } from '../../src/modules/museums/museum.schemas.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

describe('stories and exhibitions over HTTP', () => {
  let t: TestApp;
  let museum: Museum;
  let mediator: Browser;
  let mediatorId = '';
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const s = t.services;
    museum = await makeMuseum(s, 'story-museum');
    const other = await makeMuseum(s, 'story-other');
    const curator = await makeUser(s, { museum, role: 'curator' });
    const curatorB = await makeUser(s, { museum: other, role: 'curator' });
    ids.lamp = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: 'ST.1',
          visibility: 'public',
          titles: [{ lang: 'en', value: 'Mosque lamp' }],
        }),
      )
    ).id;
    ids.basin = (
      await s.objects.create(
        curatorB,
        other.id,
        objectInput({
          accessionNumber: 'OT.1',
          visibility: 'public',
          titles: [{ lang: 'en', value: 'Basin from elsewhere' }],
        }),
      )
    ).id;
    ids.secret = (
      await s.objects.create(
        curatorB,
        other.id,
        objectInput({
          accessionNumber: 'OT.2',
          visibility: 'internal',
          titles: [{ lang: 'en', value: 'CANARY' }],
        }),
      )
    ).id;
    mediator = new Browser(t.app);
    const user = await makeUser(s, { museum, role: 'mediator' });
    mediatorId = user.userId;
    await mediator.signIn(user.email);
  });
  afterAll(() => t.close());

  /** The mediator as the services know them (to read the story back between form posts). */
  const actorOf = async () => (await t.services.actors.forUser(mediatorId))!;

  it('is composed in a form without scripts, previewed, published, and read with a link to each section', async () => {
    const created = await mediator.post('/staff/m/story-museum/stories', {
      slug: 'light',
      kind: 'exhibition',
      'titles[0][lang]': 'en',
      'titles[0][value]': 'Light in the mosque',
      'sections[0][type]': 'text',
      'sections[0][headings][0][lang]': 'en',
      'sections[0][headings][0][value]': 'Glass and light',
      'sections[0][bodies][0][lang]': 'en',
      'sections[0][bodies][0][value]': 'First paragraph.\n\nSecond paragraph.',
    });
    expect(created.status).toBe(303);
    const editor = created.headers.get('location')!;
    // Sections added one at a time (the form re-sent with what it holds, and one more section): an object by its
    // accession number, another museum's public object by its address, a quotation.
    const storyId = editor.split('/').pop()!;
    const add = async (fields: Record<string, string>) => {
      const story = await t.services.stories.get(await actorOf(), museum.id, storyId);
      const flat: Record<string, string> = {
        slug: story.slug,
        kind: story.kind,
        version: String(story.version),
      };
      for (const [i, x] of story.titles.entries())
        Object.assign(flat, { [`titles[${i}][lang]`]: x.lang, [`titles[${i}][value]`]: x.value });
      story.sections.forEach((sec, i) => {
        const put = (k: string, v: string) => {
          flat[`sections[${i}][${k}]`] = v;
        };
        put('type', sec.type);
        put('id', sec.id);
        put('position', String(i));
        const rows = (k: string, xs: { lang: string; value: string }[]) => {
          for (const [j, x] of xs.entries()) {
            put(`${k}][${j}][lang`, x.lang);
            put(`${k}][${j}][value`, x.value);
          }
        };
        if (sec.type === 'text') {
          rows('headings', sec.headings);
          rows('bodies', sec.bodies);
        }
        if (sec.type === 'object') {
          put('object', sec.objectId);
          rows('captions', sec.captions);
        }
        if (sec.type === 'quote') {
          rows('texts', sec.texts);
          put('source', sec.source);
        }
      });
      for (const [k, v] of Object.entries(fields)) flat[`sections[${story.sections.length}][${k}]`] = v;
      const res = await mediator.post(editor, flat);
      expect(res.status).toBe(303);
    };
    await add({
      type: 'object',
      object: 'ST.1',
      'captions[0][lang]': 'en',
      'captions[0][value]': 'Lit at night',
    });
    await add({ type: 'object', object: `http://localhost:8080/en/m/story-other/objects/${ids.basin}` });
    await add({
      type: 'quote',
      'texts[0][lang]': 'ar',
      'texts[0][value]': 'اللَّهُ نُورُ السَّمَاوَاتِ',
      source: 'Qurʾān 24:35',
    });
    // Another museum's hidden object is refused, with the reason, and nothing is saved.
    const before = await (await mediator.get(editor)).text();
    const refused = await mediator.post(editor, {
      slug: 'light',
      'titles[0][lang]': 'en',
      'titles[0][value]': 'Light in the mosque',
      'sections[0][type]': 'object',
      'sections[0][object]': ids.secret!,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('sections.0.objectId');
    expect(await (await mediator.get(editor)).text()).toBe(before);

    // A draft: its staff preview it, the public does not find it.
    expect((await t.app.request('/en/m/story-museum/stories/light')).status).toBe(404);
    const preview = await mediator.get('/en/m/story-museum/stories/light');
    expect(preview.status).toBe(200);
    expect(preview.headers.get('cache-control')).toBe('private, no-store');
    expect(await mediator.post(`${editor}/publish`, {})).toMatchObject({ status: 303 });

    const res = await t.app.request('/en/m/story-museum/stories/light');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    const html = await res.text();
    expect(html).toContain('<h1>Light in the mosque</h1>');
    expect(html).toContain('<meta property="og:title" content="Light in the mosque"/>');
    expect(html).toContain(
      '<meta property="og:url" content="http://localhost:8080/en/m/story-museum/stories/light"/>',
    );
    expect(html).toContain('<h2 lang="en" dir="auto">Glass and light</h2>');
    expect(html).toContain('<p lang="en" dir="auto">Second paragraph.</p>');
    expect(html).toContain(`href="/en/m/story-museum/objects/${ids.lamp}"`);
    expect(html).toContain(`href="/en/m/story-other/objects/${ids.basin}"`);
    expect(html).toContain('Lit at night');
    expect(html).toContain('<cite dir="auto">Qurʾān 24:35</cite>');
    const anchors = [...html.matchAll(/<section id="s-([a-z0-9]+)"/g)].map((m) => m[1]);
    expect(anchors).toHaveLength(4);
    for (const a of anchors) expect(html).toContain(`href="#s-${a}"`);
    expect(html).not.toContain('CANARY');
    // Listed on the museum's stories, the platform's, and not when taken back to draft.
    expect(await (await t.app.request('/en/stories')).text()).toContain('/en/m/story-museum/stories/light');
    expect(await (await t.app.request('/fr/m/story-museum/stories')).text()).toContain(
      '/fr/m/story-museum/stories/light',
    );
    await mediator.post(`${editor}/unpublish`, {});
    expect((await t.app.request('/en/m/story-museum/stories/light')).status).toBe(404);
  });

  it('is the mediators’ and curators’ work, not every role’s', async () => {
    const readonly = new Browser(t.app);
    await readonly.signIn((await makeUser(t.services, { museum, role: 'readonly' })).email);
    const res = await readonly.post('/staff/m/story-museum/stories', {
      slug: 'nope',
      'titles[0][lang]': 'en',
      'titles[0][value]': 'Nope',
    });
    expect(res.status).toBe(403);
  });
});
