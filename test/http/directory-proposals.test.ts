import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Museum } from '../../src/modules/museums/museum.schemas.js';
import { makeUser } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

const DIR = fileURLToPath(new URL('../../data/directory', import.meta.url));
const entry = (over: Record<string, string> = {}) => ({
  'entry[names][en]': 'Museum of the Oases',
  'entry[names][ar]': 'متحف الواحات',
  'entry[countryCode]': 'EG',
  'entry[city]': 'Kharga',
  'entry[type]': 'history',
  ...over,
});
const contact = { 'contact[name]': 'Salma', 'contact[email]': 'salma@example.org' };

/** Keeping the directory true: proposals from anyone, changes from directors, decisions by the focal point of the state alone. */
describe('proposals to the directory and their review', () => {
  let t: TestApp;
  let egyptian: Museum;
  let tunisian: Museum;
  let visitor: Browser;
  let director: Browser;
  let egFocal: Browser;
  let tnFocal: Browser;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { PROPOSAL_RATE_LIMIT: '20' });
    await t.services.directory.load(DIR);
    const db = t.services.database.db;
    egyptian = (await t.services.repos.museums.findBySlug(db, 'eg-museum-of-islamic-art-cairo'))!;
    const [firstTunisian] = (await t.services.directory.search({ country: 'TN', limit: '1' })).items;
    tunisian = (await t.services.repos.museums.findBySlug(db, firstTunisian!.slug))!;
    const admin = await makeUser(t.services, { admin: true, email: 'admin@hub.org' });
    await makeUser(t.services, { email: 'focal-eg@hub.org' });
    await makeUser(t.services, { email: 'focal-tn@hub.org' });
    await makeUser(t.services, { museum: egyptian, role: 'director', email: 'director@mia.eg' });
    const adminB = new Browser(t.app, { 'accept-language': 'en' });
    await adminB.signIn(admin.email);
    for (const [email, country] of [
      ['focal-eg@hub.org', 'EG'],
      ['focal-tn@hub.org', 'TN'],
    ])
      expect(
        (await adminB.post('/staff/directory/focal-points', { email: email!, country: country! })).status,
      ).toBe(303);
    expect(await (await adminB.get('/staff/directory')).text()).toContain('focal-eg@hub.org');
    visitor = new Browser(t.app, { 'accept-language': 'en' });
    director = new Browser(t.app, { 'accept-language': 'en' });
    await director.signIn('director@mia.eg');
    egFocal = new Browser(t.app, { 'accept-language': 'en' });
    await egFocal.signIn('focal-eg@hub.org');
    tnFocal = new Browser(t.app, { 'accept-language': 'en' });
    await tnFocal.signIn('focal-tn@hub.org');
  }, 120_000);
  afterAll(() => t.close());

  it('takes a proposal from anyone, keeps it out of the directory until reviewed, and refuses spam, links, scripts and duplicates', async () => {
    expect(await (await visitor.get('/directory/propose')).text()).toContain('name="homepage"');
    const sent = await visitor.post('/directory/propose', { ...entry(), ...contact });
    expect(sent.status).toBe(201);
    expect((await t.services.directory.search({ q: 'Oases' })).total).toBe(0);
    const refusals: [Record<string, string>, string][] = [
      [
        { ...entry({ 'entry[names][en]': 'Cheap pills http://spam.example' }), ...contact },
        'plain text, without links or markup',
      ],
      [
        { ...entry({ 'entry[names][en]': 'Museum <script>alert(1)</script>' }), ...contact },
        'plain text, without links or markup',
      ],
      [
        { ...entry({ 'entry[names][en]': 'Another museum' }), ...contact, note: '<script>x</script>' },
        'plain text, without markup',
      ],
      [
        { ...entry({ 'entry[names][en]': 'A robot museum' }), ...contact, homepage: 'http://spam.example' },
        'This proposal could not be accepted',
      ],
      [{ ...entry({ 'entry[names][en]': 'x'.repeat(301) }), ...contact }, ''],
      [
        {
          ...entry({
            'entry[names][en]': egyptian.names.find((n) => n.lang === 'en')!.value,
            'entry[names][ar]': '',
          }),
          ...contact,
        },
        'in the directory already',
      ],
      [
        { ...entry({ 'entry[names][en]': 'museum of the oases' }), ...contact },
        'proposed already and awaits review',
      ],
    ];
    for (const [fields, reason] of refusals) {
      const res = await visitor.post('/directory/propose', fields);
      expect(res.status, reason).toBe(400);
      if (reason) expect(await res.text(), reason).toContain(reason.replace('<', '&lt;'));
    }
  });

  it('lets a director propose changes to their museum only, and shows none of it before the focal point accepts', async () => {
    const form = await (await director.get(`/staff/m/${egyptian.slug}/directory`)).text();
    expect(form).toContain(egyptian.names.find((n) => n.lang === 'en')!.value);
    const res = await director.post(
      `/staff/m/${egyptian.slug}/directory`,
      entry({
        'entry[names][en]': 'Museum of Islamic Art (Bab al-Khalq)',
        'entry[names][ar]': 'متحف الفن الإسلامي بالقاهرة',
        'entry[city]': 'Cairo',
        'entry[type]': 'islamic-art',
        'entry[founded]': '1903',
      }),
    );
    expect(res.status).toBe(303);
    expect(await (await director.get(`/staff/m/${egyptian.slug}/directory`)).text()).toContain(
      'Awaiting review',
    );
    expect(await (await t.app.request(`/en/m/${egyptian.slug}`)).text()).not.toContain(
      'Museum of Islamic Art (Bab al-Khalq)',
    );
    expect(
      (await director.post(`/staff/m/${tunisian.slug}/directory`, entry({ 'entry[countryCode]': 'TN' })))
        .status,
    ).toBe(404);
  });

  it('lets the focal point of the state alone review, edit and accept or refuse, and keeps the history', async () => {
    const tnQueue = await (await tnFocal.get('/staff/directory')).text();
    expect(tnQueue).not.toContain('Oases');
    const queue = await (await egFocal.get('/staff/directory')).text();
    const ids = [...queue.matchAll(/href="\/staff\/directory\/proposals\/([0-9a-f-]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      expect((await tnFocal.get(`/staff/directory/proposals/${id}`)).status).toBe(404);
      expect(
        (await tnFocal.post(`/staff/directory/proposals/${id}`, { decision: 'accept', ...entry() })).status,
      ).toBe(404);
    }
    const pages = await Promise.all(
      ids.map(
        async (id) => [id, await (await egFocal.get(`/staff/directory/proposals/${id}`)).text()] as const,
      ),
    );
    const change = pages.find(([, html]) => html.includes('Museum of Islamic Art (Bab al-Khalq)'))![0];
    const fresh = pages.find(([, html]) => html.includes('Oases'))![0];
    // A focal point cannot move an entry to another state.
    expect(
      (
        await egFocal.post(`/staff/directory/proposals/${change}`, {
          decision: 'accept',
          ...entry({
            'entry[names][en]': 'Museum of Islamic Art (Bab al-Khalq)',
            'entry[countryCode]': 'TN',
          }),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await egFocal.post(`/staff/directory/proposals/${change}`, {
          decision: 'accept',
          ...entry({
            'entry[names][en]': 'Museum of Islamic Art (Bab al-Khalq)',
            'entry[names][ar]': 'متحف الفن الإسلامي بالقاهرة',
            'entry[city]': 'Cairo',
            'entry[type]': 'islamic-art',
            'entry[founded]': '1903',
          }),
        })
      ).status,
    ).toBe(303);
    const publicPage = await (await t.app.request(`/en/m/${egyptian.slug}`)).text();
    expect(publicPage).toContain('Museum of Islamic Art (Bab al-Khalq)');
    const listed = (await t.services.directory.search({ q: 'Bab al-Khalq' })).items.find(
      (e) => e.slug === egyptian.slug,
    );
    expect(listed).toMatchObject({ type: 'islamic-art', founded: 1903, city: 'Cairo' });
    expect(await (await director.get(`/staff/m/${egyptian.slug}/directory`)).text()).toContain('Accepted');
    const events = await t.services.database.db
      .selectFrom('audit_event')
      .select(['actor_label', 'changes'])
      .where('entity_id', '=', egyptian.id)
      .where('entity_type', '=', 'museum')
      .execute();
    expect(events.some((e) => e.actor_label.includes('focal-eg') && String(e.changes).includes(change))).toBe(
      true,
    );

    expect(
      (await egFocal.post(`/staff/directory/proposals/${fresh}`, { decision: 'accept', ...entry() })).status,
    ).toBe(303);
    const oases = (await t.services.directory.search({ q: 'Oases' })).items;
    expect(oases.map((e) => [e.slug, e.city, e.country])).toEqual([
      ['eg-museum-of-the-oases', 'Kharga', 'EG'],
    ]);
    expect((await t.app.request('/en/m/eg-museum-of-the-oases')).status).toBe(200);
    // Decided once: a second decision is refused.
    expect(
      (await egFocal.post(`/staff/directory/proposals/${fresh}`, { decision: 'refuse', ...entry() })).status,
    ).toBe(409);
  });

  it('lists a focal point the entries of their state to complete, and lets them complete one at once, in its history', async () => {
    const queue = await (await egFocal.get('/staff/directory')).text();
    expect(queue).toMatch(/\d+ entries to complete/);
    const missing = (
      await t.services.proposals.incomplete(
        (await t.services.actors.forUser((await t.services.museums.accountFor('focal-eg@hub.org'))!))!,
      )
    ).find((e) => e.missing.includes('ar'))!;
    expect(missing.country).toBe('EG');
    expect(queue).toContain(`href="/staff/directory/m/${missing.slug}"`);
    expect((await tnFocal.get(`/staff/directory/m/${missing.slug}`)).status).toBe(404);
    const form = await (await egFocal.get(`/staff/directory/m/${missing.slug}`)).text();
    const en = /name="entry\[names\]\[en\]"[^>]*value="([^"]*)"/.exec(form)?.[1] ?? '';
    const saved = await egFocal.post(`/staff/directory/m/${missing.slug}`, {
      'entry[names][en]': en
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"'),
      'entry[names][ar]': 'متحف مكتمل',
      'entry[countryCode]': 'EG',
    });
    expect(saved.status).toBe(303);
    expect(await (await t.app.request(`/ar/m/${missing.slug}`)).text()).toContain('متحف مكتمل');
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, missing.slug))!;
    const egActor = (await t.services.actors.forUser(
      (await t.services.museums.accountFor('focal-eg@hub.org'))!,
    ))!;
    expect(
      (await t.services.proposals.history(egActor, museum.id)).map((p) => [p.status, p.reviewedBy]),
    ).toEqual([['accepted', expect.stringContaining('focal-eg')]]);
  });

  it('starts a change from the entry as it stands, without a position borrowed from the museum’s city', async () => {
    const placed = (await t.services.directory.entries()).find((e) => e.approximate)!;
    expect(placed).toBeDefined();
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, placed.slug))!;
    const entry = await t.services.proposals.entryOf(museum);
    expect(entry).toMatchObject({ names: museum.names, countryCode: museum.countryCode });
    expect(entry.latitude).toBeUndefined();
    expect(entry.longitude).toBeUndefined();
  });

  it('limits the public form per address', async () => {
    let refused = 0;
    for (let i = 0; i < 25 && !refused; i++) {
      const res = await visitor.post('/directory/propose', {
        ...entry({ 'entry[names][en]': `Limit museum ${i}`, 'entry[names][ar]': '' }),
        ...contact,
      });
      if (res.status === 429) {
        refused = i + 1;
        // Told when to come back: the end of the hour's window.
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(21);
    // Nothing of the address is kept: the counter's key is a digest.
    const keys = (await t.services.database.db.selectFrom('rate_limit').select('key').execute()).map(
      (r) => r.key,
    );
    expect(keys.filter((k) => k.startsWith('proposal:'))).toHaveLength(1);
    expect(keys.join(' ')).not.toMatch(/unknown|\d+\.\d+\.\d+/);
  });
});
