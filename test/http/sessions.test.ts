import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/access/roles.js';
import { makeMuseum, makeUser, TEST_PASSWORD } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

const browser = (t: TestApp) => new Browser(t.app, { 'accept-language': 'en' });

/** A browser holding nothing but a copy of another's session cookie, as a thief would. */
function withCookiesOf(t: TestApp, b: Browser): Browser {
  const copy = new Browser(t.app);
  for (const [k, v] of b.cookies) copy.cookies.set(k, v);
  return copy;
}

const signedIn = async (b: Browser, path: string) => (await b.get(path)).status;
const audit = (t: TestApp, entityId: string) =>
  t.services.database.db
    .selectFrom('audit_event')
    .select(['action', 'entity_type', 'changes', 'museum_id'])
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();

describe('sessions end when a person is suspended, their role changes, or their password changes', () => {
  let t: TestApp;
  let director: Browser;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const museum = await makeMuseum(t.services, 'sessions-museum');
    await makeUser(t.services, { museum, role: 'director', email: 'sessions-director@example.org' });
    director = browser(t);
    expect((await director.signIn('sessions-director@example.org')).status).toBe(303);
  });
  afterAll(() => t.close());

  it('ends every session and API token of a suspended member at once, and their role gives nothing until reinstated', async () => {
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, 'sessions-museum'))!;
    const other = await makeMuseum(t.services, 'sessions-elsewhere');
    const curator = await makeUser(t.services, { museum, role: 'curator', email: 'suspended@example.org' });
    await t.services.museums.addMember(SYSTEM_ACTOR, other.id, curator.userId, 'registrar');
    const b = browser(t);
    await b.signIn('suspended@example.org');
    const laptop = browser(t);
    await laptop.signIn('suspended@example.org');
    const { call } = await apiClient(t, curator.userId);
    expect(await signedIn(b, '/staff/m/sessions-museum/objects')).toBe(200);
    expect((await call('GET', '/api/v1/museums/sessions-museum/objects')).status).toBe(200);

    const res = await director.post(`/staff/m/sessions-museum/members/${curator.userId}/suspend`, {});
    expect(res.status).toBe(303);
    const page = await (await director.get(res.headers.get('location')!)).text();
    expect(page).toContain('Suspended. Their sessions and API tokens have ended.');
    expect(page).toMatch(/Suspended since/);

    // Both sessions and the token stop working at once.
    for (const stale of [b, laptop]) {
      const r = await stale.get('/staff/m/sessions-museum/objects');
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toMatch(/^\/sign-in/);
    }
    expect((await call('GET', '/api/v1/museums/sessions-museum/objects')).status).toBe(401);
    // Signed in again, the suspended role gives nothing; the other museum's role still works.
    const again = browser(t);
    expect((await again.signIn('suspended@example.org')).status).toBe(303);
    expect(await signedIn(again, '/staff/m/sessions-museum/objects')).toBe(404);
    expect(await signedIn(again, '/staff/m/sessions-elsewhere/objects')).toBe(200);
    // An invitation does not bring a suspended member back under another role.
    expect(
      (
        await director.post('/staff/m/sessions-museum/members', {
          email: 'suspended@example.org',
          role: 'director',
        })
      ).status,
    ).toBe(400);

    expect(
      (await director.post(`/staff/m/sessions-museum/members/${curator.userId}/reinstate`, {})).status,
    ).toBe(303);
    expect(await signedIn(again, '/staff/m/sessions-museum/objects')).toBe(200);
    const events = await audit(t, curator.userId);
    expect(
      events
        .filter((e) => e.museum_id === museum.id && e.action === 'update')
        .map((e) => JSON.parse(e.changes).suspended),
    ).toEqual([
      [false, true],
      [true, false],
    ]);
    // Three sessions: the two browsers' and the one the account was opened with.
    expect(
      JSON.parse(events.find((e) => JSON.parse(e.changes).suspended?.[1] === true)!.changes),
    ).toMatchObject({ sessionsEnded: [null, 3], tokensRevoked: [null, 1] });
  });

  it('ends the sessions of a member whose role changes', async () => {
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, 'sessions-museum'))!;
    const registrar = await makeUser(t.services, { museum, role: 'registrar', email: 'demoted@example.org' });
    const b = browser(t);
    await b.signIn('demoted@example.org');
    const cup = { accessionNumber: 'S.1', 'titles[0][lang]': 'en', 'titles[0][value]': 'Cup' };
    expect((await b.post('/staff/m/sessions-museum/objects', cup)).status).toBe(303);
    const stolen = withCookiesOf(t, b);

    expect(
      (await director.post(`/staff/m/sessions-museum/members/${registrar.userId}/role`, { role: 'readonly' }))
        .status,
    ).toBe(303);
    for (const stale of [b, stolen]) {
      const r = await stale.get('/staff/m/sessions-museum/objects');
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toMatch(/^\/sign-in/);
    }
    await b.signIn('demoted@example.org');
    expect(await signedIn(b, '/staff/m/sessions-museum/objects')).toBe(200);
    expect(
      (await b.post('/staff/m/sessions-museum/objects', { ...cup, accessionNumber: 'S.2' })).status,
    ).toBe(403);
    expect(JSON.parse((await audit(t, registrar.userId)).at(-1)!.changes)).toMatchObject({
      role: ['registrar', 'readonly'],
    });
    // An unknown role is refused and changes nothing.
    expect(
      (await director.post(`/staff/m/sessions-museum/members/${registrar.userId}/role`, { role: 'emperor' }))
        .status,
    ).toBe(400);
    expect(await signedIn(b, '/staff/m/sessions-museum/objects')).toBe(200);
  });

  it('lets only a director change others: not themselves, not as a curator, not in another museum', async () => {
    const museum = (await t.services.repos.museums.findBySlug(t.services.database.db, 'sessions-museum'))!;
    const me = (await t.services.repos.museums.findUserByEmail(
      t.services.database.db,
      'sessions-director@example.org',
    ))!;
    const res = await director.post(`/staff/m/sessions-museum/members/${me.id}/suspend`, {});
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('You cannot suspend yourself or change your own role.');
    expect(
      (await director.post(`/staff/m/sessions-museum/members/${me.id}/role`, { role: 'volunteer' })).status,
    ).toBe(403);
    const curator = await makeUser(t.services, {
      museum,
      role: 'curator',
      email: 'not-a-director@example.org',
    });
    const c = browser(t);
    await c.signIn('not-a-director@example.org');
    expect((await c.post(`/staff/m/sessions-museum/members/${me.id}/suspend`, {})).status).toBe(403);
    const outsider = await makeUser(t.services, { museum: await makeMuseum(t.services), role: 'director' });
    const o = browser(t);
    await o.signIn(outsider.email);
    expect((await o.post(`/staff/m/sessions-museum/members/${curator.userId}/suspend`, {})).status).toBe(404);
    // A person who is not on the staff.
    expect(
      (await director.post(`/staff/m/sessions-museum/members/${outsider.userId}/suspend`, {})).status,
    ).toBe(404);
    expect(await signedIn(c, '/staff/m/sessions-museum/objects')).toBe(200);
  });

  it('ends every other session when a person changes their password, and keeps them signed in', async () => {
    const user = await makeUser(t.services, { email: 'new-password@example.org' });
    const b = browser(t);
    await b.signIn('new-password@example.org');
    const phone = browser(t);
    await phone.signIn('new-password@example.org');
    const oldCookie = withCookiesOf(t, b);
    expect((await b.get('/staff/password')).status).toBe(200);

    // A wrong current password, or two different new ones, change nothing.
    const wrong = await b.post('/staff/password', {
      currentPassword: 'not-my-password',
      newPassword: 'a-new-long-password',
      confirm: 'a-new-long-password',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('The current password is wrong.');
    expect(
      (
        await b.post('/staff/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'a-new-long-password',
          confirm: 'another-long-password',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await b.post('/staff/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'short',
          confirm: 'short',
        })
      ).status,
    ).toBe(400);
    expect(await signedIn(phone, '/staff')).toBe(200);

    const done = await b.post('/staff/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-new-long-password',
      confirm: 'a-new-long-password',
    });
    expect(done.status).toBe(303);
    expect(await (await b.get(done.headers.get('location')!)).text()).toContain('Your password is changed.');
    // The browser that changed it holds a new session; the old cookie and the phone's are dead.
    expect(await signedIn(b, '/staff')).toBe(200);
    expect(await signedIn(oldCookie, '/staff')).toBe(303);
    expect(await signedIn(phone, '/staff')).toBe(303);
    expect((await browser(t).signIn('new-password@example.org')).status).toBe(401);
    expect((await browser(t).signIn('new-password@example.org', 'a-new-long-password')).status).toBe(303);
    const events = await audit(t, user.userId);
    expect(events.filter((e) => e.entity_type === 'user').map((e) => JSON.parse(e.changes))).toEqual([
      { password: ['(previous)', '(changed)'], sessionsEnded: [null, true] },
    ]);
    // Anonymous: to the sign-in page.
    expect((await browser(t).get('/staff/password')).status).toBe(303);
  });
});
