import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

/** The public pages that lead to objects, and what an object page tells search engines and the places it is shared. */
describe('browsing the public side', () => {
  let t: TestApp;
  let dir: string;
  const ids: Record<string, string> = {};
  let mamluk = '';
  let donor = '';
  let lampImage = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-browse-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir });
    const s = t.services;
    const museum = await makeMuseum(s, 'browse-museum');
    const curator = await makeUser(s, { museum, role: 'curator' });
    mamluk = (
      await s.authorities.create(curator, museum.id, {
        type: 'concept',
        scheme: 'dynasty',
        labels: [
          { lang: 'en', value: 'Mamluk', preferred: true },
          { lang: 'ar', value: 'المماليك' },
        ],
        externalIds: { wikidata: 'Q189266' },
        note: [{ lang: 'en', value: 'CANARY-NOTE' }],
      })
    ).id;
    donor = (
      await s.authorities.create(curator, museum.id, {
        type: 'person',
        labels: [{ lang: 'en', value: 'CANARY-DONOR', preferred: true }],
      })
    ).id;
    const add = async (acc: string, over: Record<string, unknown>) => {
      ids[acc] = (
        await s.objects.create(curator, museum.id, objectInput({ accessionNumber: acc, ...over }))
      ).id;
    };
    await add('B.1', {
      visibility: 'public',
      titles: [
        { lang: 'en', value: 'Mosque lamp' },
        { lang: 'ar', value: 'مشكاة' },
      ],
      dynasties: [{ id: mamluk }],
      dates: ['1360'],
      rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
      descriptions: [{ lang: 'en', value: 'Enamelled glass.' }],
    });
    await add('B.2', {
      visibility: 'public',
      titles: [{ lang: 'en', value: 'Basin' }],
      dynasties: [{ id: mamluk }],
    });
    await add('B.3', {
      visibility: 'internal',
      titles: [{ lang: 'en', value: 'CANARY-HIDDEN' }],
      dynasties: [{ id: mamluk }],
      makers: [{ id: donor }],
    });
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#335577' } })
      .jpeg()
      .toBuffer();
    const media = (await s.media.ingest(curator, museum.id, ids['B.1']!, streamOf(jpeg), {})).media;
    lampImage = media.id;
    await s.media.update(curator, museum.id, media.id, {
      captions: [{ lang: 'en', value: 'The lamp from below' }],
      rights: 'https://creativecommons.org/licenses/by/4.0/',
    });
    const hidden = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#000000' } })
      .jpeg()
      .toBuffer();
    await s.media.ingest(curator, museum.id, ids['B.3']!, streamOf(hidden), {});
    await s.worker.drain();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, html: await res.text(), headers: res.headers };
  };

  it('opens on the front page with objects that have images and every museum with its count', async () => {
    const { status, html, headers } = await get('/en');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, no-cache');
    expect(html).toContain(`href="/en/m/browse-museum/objects/${ids['B.1']}"`);
    expect(html).toContain('alt="The lamp from below"');
    expect(html).not.toContain(ids['B.2']!); // no image: not among the highlights
    expect(html).toMatch(
      /href="\/en\/m\/browse-museum"><bdi>[^<]+<\/bdi><\/a> <span class="equiv">\(2\)<\/span>/,
    );
    expect(html).not.toContain('CANARY');
  });

  it('shows a museum with its public collection, and a dynasty with its public objects', async () => {
    const museum = await get('/ar/m/browse-museum');
    expect(museum.status).toBe(200);
    expect(museum.html).toContain(`/ar/m/browse-museum/objects/${ids['B.1']}`);
    expect(museum.html).toContain(`/ar/m/browse-museum/objects/${ids['B.2']}`);
    expect(museum.html).toContain('"@type":"Museum"');
    expect(museum.html).not.toContain('CANARY');
    expect((await get('/ar/m/no-such-museum')).status).toBe(404);

    const dynasty = await get(`/en/a/${mamluk}`);
    expect(dynasty.status).toBe(200);
    expect(dynasty.html).toContain('<h1>Mamluk</h1>');
    expect(dynasty.html).toContain('lang="ar" dir="auto">المماليك</span>');
    expect(dynasty.html).toContain('href="https://www.wikidata.org/wiki/Q189266"');
    expect(dynasty.html).toContain('<span class="equiv">(2)</span>');
    expect(dynasty.html).not.toContain('CANARY');
    // A person linked to no public object (a donor, say) has no public page.
    expect((await get(`/en/a/${donor}`)).status).toBe(404);
    expect((await get('/en/a/not-an-id')).status).toBe(404);
  });

  it('lets a visitor browse by each facet of the public collection', async () => {
    const { status, html } = await get('/en/browse');
    expect(status).toBe(200);
    expect(html).toMatch(
      new RegExp(`<a href="/en/a/${mamluk}"><bdi>Mamluk</bdi></a> <span class="equiv">\\(2\\)</span>`),
    );
    expect(html).toContain('href="/en/m/browse-museum"');
    expect(html).toContain('href="/en/search?century=14"');
    expect(html).not.toContain('CANARY');
  });

  it('shows a detail of an image in a story as that region, linked to the whole image', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'browse-museum'))!;
    const mediator = await makeUser(s, { museum, role: 'mediator' });
    const story = await s.stories.create(mediator, museum.id, {
      slug: 'detail',
      titles: [{ lang: 'en', value: 'A detail' }],
      sections: [
        {
          type: 'detail',
          objectId: ids['B.1'],
          mediaId: lampImage,
          region: { x: 10, y: 20, w: 100, h: 80 },
          captions: [{ lang: 'en', value: 'The inscription band' }],
        },
      ],
    });
    await s.stories.setPublished(mediator, museum.id, story.id, true);
    const { html } = await get('/en/m/browse-museum/stories/detail');
    expect(html).toContain(
      `<img src="/iiif/3/${lampImage}/10,20,100,80/!960,960/0/default.jpg" alt="The inscription band" width="100" height="80"`,
    );
    expect(html).toContain(`href="/en/m/browse-museum/objects/${ids['B.1']}?image=${lampImage}"`);
    const region = await t.app.request(`/iiif/3/${lampImage}/10,20,100,80/!960,960/0/default.jpg`);
    expect(region.status).toBe(200);
    expect(await sharp(Buffer.from(await region.arrayBuffer())).metadata()).toMatchObject({
      width: 100,
      height: 80,
    });
  });

  it('describes an object to search engines and to the places it is shared, and says how to cite it', async () => {
    const { html } = await get(`/en/m/browse-museum/objects/${ids['B.1']}`);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'VisualArtwork',
      identifier: 'B.1',
      dateCreated: '1360',
      url: `http://localhost:8080/en/m/browse-museum/objects/${ids['B.1']}`,
      license: 'https://creativecommons.org/publicdomain/zero/1.0/',
      isPartOf: { '@type': 'Museum', url: 'http://localhost:8080/en/m/browse-museum' },
    });
    expect(ld.name).toContainEqual({ '@language': 'ar', '@value': 'مشكاة' });
    expect(ld.image).toMatch(
      /^http:\/\/localhost:8080\/iiif\/3\/[0-9a-f-]+\/full\/!1200,1200\/0\/default\.jpg$/,
    );
    expect(html).toContain('<meta name="DC.title" content="Mosque lamp"/>');
    expect(html).toContain('<meta name="DC.identifier" content="B.1"/>');
    expect(html).toContain('<meta property="og:title" content="Mosque lamp"/>');
    expect(html).toContain('<meta property="og:description" content="Enamelled glass."/>');
    expect(html).toMatch(
      /<p class="citation">Mosque lamp, [^,]+, B\.1\. <bdi><a href="http:\/\/localhost:8080\/en\/m\/browse-museum\/objects\/[0-9a-f-]+" dir="ltr">http:[^<]+<\/a><\/bdi> \(accessed \w+ \d+, \d{4}\)\.<\/p>/,
    );
    // Its dynasty is a link; its image may be downloaded under its licence; related public objects are shown.
    expect(html).toContain(`href="/en/a/${mamluk}"`);
    expect(html).toMatch(/href="\/iiif\/3\/[0-9a-f-]+\/full\/max\/0\/default\.jpg" download/);
    expect(html).toContain(`/en/m/browse-museum/objects/${ids['B.2']}`);
    expect(html).not.toContain('CANARY');
    // Without a licence that allows it, no download.
    const basin = await get(`/en/m/browse-museum/objects/${ids['B.2']}`);
    expect(basin.html).not.toContain('download');
  });

  it('shows as related the other public objects that share an authority, never the object itself, nor one withdrawn a moment ago', async () => {
    const s = t.services;
    const museum = (await s.repos.museums.findBySlug(s.database.db, 'browse-museum'))!;
    const curator = await makeUser(s, { museum, role: 'curator' });
    const school = (
      await s.authorities.create(curator, museum.id, {
        type: 'concept',
        scheme: 'period',
        labels: [{ lang: 'en', value: 'Bahri period', preferred: true }],
      })
    ).id;
    const made = [];
    for (const acc of ['R.1', 'R.2', 'R.3'])
      made.push(
        await s.objects.create(
          curator,
          museum.id,
          objectInput({
            accessionNumber: acc,
            visibility: 'public',
            titles: [{ lang: 'en', value: `Related ${acc}` }],
            periods: [{ id: school }],
          }),
        ),
      );
    const lookups = vi.spyOn(s.repos.portal, 'publicLinkedTo');
    const related = async (id: string) =>
      /<section aria-labelledby="related">(.*?)<\/section>/s.exec(
        (await get(`/en/m/browse-museum/objects/${id}`)).html,
      )?.[1] ?? '';
    const first = await related(made[0]!.id);
    expect(first).toContain(`/objects/${made[1]!.id}`);
    expect(first).toContain(`/objects/${made[2]!.id}`);
    expect(first).not.toContain(`/objects/${made[0]!.id}`);
    // Its neighbours are kept a minute for every object sharing the same authorities; a record withdrawn meanwhile is still never shown.
    await s.objects.update(curator, museum.id, made[2]!.id, {
      ...objectInput({
        accessionNumber: 'R.3',
        titles: [{ lang: 'en', value: 'Related R.3' }],
        periods: [{ id: school }],
        visibility: 'internal',
      }),
      version: made[2]!.version,
    });
    const second = await related(made[1]!.id);
    expect(second).toContain(`/objects/${made[0]!.id}`);
    expect(second).not.toContain(`/objects/${made[2]!.id}`);
    expect(second).not.toContain(`/objects/${made[1]!.id}`);
    // Both pages share one look-up of their neighbours.
    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
  });
});
