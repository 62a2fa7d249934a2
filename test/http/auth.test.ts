import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, snapshot } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

describe('sign-in, sessions, CSRF and invitations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { SIGNIN_RATE_LIMIT: '5' });
  });
  afterAll(() => t.close());

  it('signs in with a secure, HttpOnly session cookie and signs out', async () => {
    const museum = await makeMuseum(t.services, 'session-museum');
    await makeUser(t.services, { museum, email: 'curator@example.org' });
    const b = new Browser(t.app);
    expect((await b.get('/staff')).status).toBe(303);
    const res = await b.signIn('curator@example.org');
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mathaf.session_token='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const staff = await b.get('/staff');
    expect(staff.status).toBe(200);
    expect(await staff.text()).toContain('/staff/m/session-museum/objects');
    await b.post('/sign-out', {});
    expect((await b.get('/staff')).status).toBe(303);
  });

  it('refuses a form without its CSRF token, or from another site, and changes nothing', async () => {
    const museum = await makeMuseum(t.services, 'csrf-museum');
    await makeUser(t.services, { museum, email: 'csrf@example.org' });
    const b = new Browser(t.app);
    await b.signIn('csrf@example.org');
    const before = await snapshot(t.services);
    const fields = { accessionNumber: 'C.1', 'titles[0][lang]': 'en', 'titles[0][value]': 'Cup' };
    expect((await b.post('/staff/m/csrf-museum/objects', fields, { csrf: null })).status).toBe(403);
    expect((await b.post('/staff/m/csrf-museum/objects', fields, { csrf: 'forged' })).status).toBe(403);
    expect(
      (await b.post('/staff/m/csrf-museum/objects', fields, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    // A file sent by a page's script needs the token in its header.
    const upload = (headers: Record<string, string>) =>
      b.request('/api/v1/museums/csrf-museum/objects/01900000-0000-7000-8000-000000000000/media', {
        method: 'POST',
        body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
        headers: { 'content-type': 'image/png', origin: 'http://localhost:8080', ...headers },
      });
    expect((await upload({})).status).toBe(403);
    expect((await upload({ 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await upload({ 'x-csrf-token': await b.csrf() })).status).toBe(404); // past CSRF: the object does not exist
    expect(await snapshot(t.services)).toBe(before);
    expect((await b.post('/staff/m/csrf-museum/objects', fields)).status).toBe(303);
  });

  it('limits sign-in attempts per account', async () => {
    await makeUser(t.services, { email: 'target@example.org' });
    const b = new Browser(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await b.signIn('target@example.org', 'wrong-password-x')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // The right password is refused too while the limit holds.
    expect((await b.signIn('target@example.org')).status).toBe(429);
    const api = await t.app.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:8080' },
      body: JSON.stringify({ email: 'target@example.org', password: 'x' }),
    });
    expect(api.status).toBe(429);
  });

  it('exposes no open sign-up', async () => {
    const res = await t.app.request('/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@example.org', password: 'password-123456', name: 'X' }),
    });
    expect(res.status).toBe(404);
    expect(
      await t.services.repos.museums.findUserByEmail(t.services.database.db, 'x@example.org'),
    ).toBeUndefined();
  });

  it('lets a director invite a newcomer, who creates an account and joins with the role', async () => {
    const museum = await makeMuseum(t.services, 'invite-museum');
    await makeUser(t.services, { museum, role: 'director', email: 'boss@example.org' });
    const director = new Browser(t.app);
    await director.signIn('boss@example.org');
    const page = await director.post('/staff/m/invite-museum/members', {
      email: 'New.Registrar@Example.org',
      role: 'registrar',
    });
    expect(page.status).toBe(201);
    const link = /(\/invite\/[A-Za-z0-9_-]+)/.exec(await page.text())![1]!;
    const newcomer = new Browser(t.app);
    expect((await newcomer.get(link)).status).toBe(200);
    const joined = await newcomer.post(link, { name: 'Nadia', password: 'a-long-password-1' });
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe('/staff/m/invite-museum/objects');
    expect((await newcomer.get('/staff/m/invite-museum/objects')).status).toBe(200);
    const { members } = await t.services.museums.members(
      (await t.services.actors.forUser(
        (await t.services.repos.museums.findUserByEmail(t.services.database.db, 'boss@example.org'))!.id,
      ))!,
      museum.id,
    );
    expect(members.find((m) => m.email === 'new.registrar@example.org')?.role).toBe('registrar');
    // The link works once.
    expect((await new Browser(t.app).get(link)).status).toBe(404);
    // A curator cannot invite.
    await makeUser(t.services, { museum, role: 'curator', email: 'cur@example.org' });
    const curator = new Browser(t.app);
    await curator.signIn('cur@example.org');
    expect(
      (await curator.post('/staff/m/invite-museum/members', { email: 'z@example.org', role: 'director' }))
        .status,
    ).toBe(403);
  });
});
