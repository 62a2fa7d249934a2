import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makePerson, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

/** The directives a source list falls back through (CSP Level 3 §6.8.3). */
const FALLBACK: Record<string, string[]> = {
  'script-src': ['script-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
};

function directive(policy: string, name: string): string[] {
  const all = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k!.toLowerCase(), v]),
  );
  for (const n of FALLBACK[name]!) if (all.has(n)) return all.get(n)!;
  return [];
}

/** What a page may not have under a policy without 'unsafe-inline': each offending tag. */
function inlineOffences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<[a-zA-Z][^>]*?\sstyle\s*=[^>]*>/g)) found.push(m[0]);
  for (const m of html.matchAll(/<[a-zA-Z][^>]*?\son[a-z]+\s*=[^>]*>/g)) found.push(m[0]);
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    if (/\ssrc\s*=/.test(m[1]!) || /\stype="application\/ld\+json"/.test(m[1]!)) continue;
    found.push(m[0]);
  }
  for (const m of html.matchAll(/\s(?:href|src|action)\s*=\s*"\s*javascript:/gi)) found.push(m[0]);
  return found;
}

describe('no inline script or style on any page, and a policy that allows none', () => {
  let t: TestApp;
  let admin: Browser;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp('sqlite', { MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    const s = t.services;
    const museum = await makeMuseum(s, 'csp-museum');
    const director = await makeUser(s, { museum, role: 'director', email: 'csp-director@example.org' });
    await makeUser(s, { admin: true, email: 'csp-admin@example.org' });
    const place = await s.authorities.create(director, museum.id, {
      type: 'place',
      labels: [{ lang: 'en', value: 'Cairo', preferred: true }],
      latitude: 30.05,
      longitude: 31.25,
    });
    const person = await makePerson(s, 'Ibn Muqla', 'ابن مقلة');
    const object = await s.objects.create(
      director,
      museum.id,
      objectInput({
        visibility: 'public',
        places: [{ id: place.id, qualifier: 'place of origin' }],
        makers: [{ id: person.id, qualifier: 'calligrapher' }],
        inscriptions: [{ text: 'بسم الله', lang: 'ar' }],
      }),
    );
    const hall = await s.locations.create(director, museum.id, {
      code: 'HALL',
      kind: 'building',
      names: [{ lang: 'en', value: 'Hall' }],
    });
    const room = await s.locations.create(director, museum.id, {
      code: 'R1',
      kind: 'room',
      names: [{ lang: 'en', value: 'Room' }],
      parentId: hall.id,
    });
    await s.locations.create(director, museum.id, {
      code: 'S1',
      kind: 'shelf',
      names: [{ lang: 'en', value: 'Shelf' }],
      parentId: room.id,
    });
    const story = await s.stories.create(director, museum.id, {
      slug: 'csp-story',
      titles: [{ lang: 'en', value: 'A story' }],
    });
    await s.stories.setPublished(director, museum.id, story.id, true);
    const post = await s.partners.post(director, museum.id, {
      kind: 'offer',
      theme: 'loan',
      title: 'Lending glass',
      body: 'Two lamps.\nAsk us.',
      lang: 'en',
    });
    await s.partners.contact(director, museum.id, post.id, {
      fromMuseum: museum.id,
      subject: 'Lamps',
      body: 'First line.\nSecond line.',
    });
    Object.assign(ids, {
      museum: museum.slug,
      object: object.id,
      person: person.id,
      place: place.id,
      location: hall.id,
      story: story.id,
      slug: story.slug,
    });
    admin = new Browser(t.app, { 'accept-language': 'en' });
    expect((await admin.signIn('csp-admin@example.org')).status).toBe(303);
  });
  afterAll(() => t.close());

  /** A route's address with its parameters filled from the records made above (anything else: a missing record, whose page is checked too). */
  const address = (path: string): string | null => {
    if (/:(lang|file|table)\b/.test(path)) return null;
    return path
      .replace(/:museum\b/g, ids.museum!)
      .replace(/:country(\{[^}]*\})?/g, 'ma')
      .replace(/\/a\/:id/, `/a/${ids.person}`)
      .replace(/\/locations\/:id/, `/locations/${ids.location}`)
      .replace(/\/authorities\/:id/, `/authorities/${ids.place}`)
      .replace(/\/staff\/m\/([^/]+)\/stories\/:id/, `/staff/m/$1/stories/${ids.story}`)
      .replace(/\/stories\/:slug/, `/stories/${ids.slug}`)
      .replace(/\/directory\/m\/:slug/, `/directory/m/${ids.museum}`)
      .replace(/:(id|object|user|slug)\b(\{[^}]*\})?/g, ids.object!);
  };

  it('walks every page of the route inventory, as an administrator and as a visitor', async () => {
    const visitor = new Browser(t.app, { 'accept-language': 'fr' });
    const checked = new Set<string>();
    let ok = 0;
    const paths = [...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))];
    for (const path of paths) {
      const url = address(path);
      if (!url || url.startsWith('/api/') || url.startsWith('/iiif/')) continue;
      for (const who of [admin, visitor]) {
        const res = await who.get(url);
        if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
        const html = await res.text();
        const policy = res.headers.get('content-security-policy') ?? '';
        for (const name of ['script-src', 'style-src']) {
          const sources = directive(policy, name);
          expect(sources.length, `${url}: ${name} in ${policy}`).toBeGreaterThan(0);
          expect(
            sources.filter((x) => /unsafe-inline|unsafe-eval|unsafe-hashes|\*/.test(x)),
            `${url}: ${name}`,
          ).toEqual([]);
        }
        expect(inlineOffences(html), `${url} (${res.status})`).toEqual([]);
        // The one inline stylesheet is the one the policy names by its hash.
        const sheets = [...html.matchAll(/<style\b[^>]*>([^<]*)<\/style>/g)];
        expect(sheets, url).toHaveLength(1);
        expect(directive(policy, 'style-src'), url).toContain(
          `'sha256-${createHash('sha256').update(sheets[0]![1]!).digest('base64')}'`,
        );
        checked.add(`${res.status} ${url}`);
        if (res.status === 200) ok++;
      }
    }
    // The walk reached the pages that had inline styles or scripts: forms with rows, the storage tree, partners, the map.
    for (const page of [
      `/staff/m/${ids.museum}/objects/${ids.object}/edit`,
      `/staff/m/${ids.museum}/locations`,
      `/staff/m/${ids.museum}/partners`,
      `/staff/m/${ids.museum}/messages`,
      `/staff/m/${ids.museum}/profile`,
      '/directory/propose',
      '/map',
      `/m/${ids.museum}/objects/${ids.object}`,
    ]) {
      expect(checked, page).toContain(`200 ${page}`);
    }
    expect(ok).toBeGreaterThan(80);
  });

  it('keeps the same rule on pages answered after a form', async () => {
    const failed = await new Browser(t.app).signIn('nobody@example.org', 'wrong-password-x');
    expect(failed.status).toBe(401);
    expect(inlineOffences(await failed.text())).toEqual([]);
    const refused = await admin.post(`/staff/m/${ids.museum}/objects`, {
      accessionNumber: '',
      'titles[0][lang]': 'en',
      'titles[0][value]': '',
    });
    expect(refused.status).toBe(400);
    expect(inlineOffences(await refused.text())).toEqual([]);
  });

  it('finds what it looks for', () => {
    expect(
      inlineOffences(
        '<p style="color:red">x</p><a onclick="x()">y</a><script>alert(1)</script><script type="application/json">{}</script><a href="javascript:x()">z</a>',
      ),
    ).toHaveLength(5);
    expect(
      inlineOffences(
        '<style>p{}</style><script src="/static/a.js" defer></script><script type="application/ld+json">{}</script><p data-style="x">style="x" onclick=</p>',
      ),
    ).toEqual([]);
  });
});
