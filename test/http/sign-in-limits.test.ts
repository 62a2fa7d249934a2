import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeUser } from '../factories.js';
import { Browser, createTestApp, ORIGIN, peerEnv, type TestApp } from '../http.js';

const PROXY = '10.0.0.7';

/** A sign-in through the JSON endpoint, from `peer`, with extra headers. */
function apiSignIn(t: TestApp, peer: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request(
    '/api/auth/sign-in/email',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
      body: JSON.stringify(body),
    },
    peerEnv(peer),
  );
}

/**
 * Counters run in fixed windows of SIGNIN_RATE_WINDOW seconds from the epoch: the clock is held ten
 * seconds into one, so no window ends during a test (timers still run).
 */
const WINDOW_OPENED = Date.UTC(2026, 11, 8, 10, 0, 0);
const holdClock = () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(WINDOW_OPENED + 10_000);
};

const rows = (t: TestApp) => t.services.database.db.selectFrom('rate_limit').selectAll().execute();

describe('sign-in limits: bounded keys, the client behind proxies, owners not locked out', () => {
  let t: TestApp;
  beforeAll(async () => {
    holdClock();
    t = await createTestApp('sqlite', { SIGNIN_RATE_LIMIT: '3', TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('stores a fixed-size digest per counter, no e-mail, and no new counter once an address is refused', async () => {
    const peer = '198.51.100.20';
    const before = (await rows(t)).length;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const email = `${'x'.repeat(3000)}${i}@example.org`;
      statuses.push((await apiSignIn(t, peer, { email, password: 'wrong-password-x' })).status);
    }
    // The address is allowed ten times an account's limit, then refused.
    expect(statuses.filter((s) => s !== 429).length).toBe(30);
    const all = await rows(t);
    // One counter for the address, then a pair and an account counter per attempt admitted; none for the 10 refused.
    expect(all.length - before).toBe(1 + 2 * 30);
    for (const r of all) {
      expect(r.key.length).toBeLessThanOrEqual(64);
      expect(r.key).not.toMatch(/@|xxx|198\.51/);
      expect(Number(r.expires_at)).toBe((WINDOW_OPENED + 300_000) / 1000);
    }
  });

  it('refuses a sign-in body larger than a sign-in needs, before counting or parsing it', async () => {
    const before = (await rows(t)).length;
    const res = await apiSignIn(t, '198.51.100.21', {
      email: `${'y'.repeat(1_000_000)}@example.org`,
      password: 'x',
    });
    expect(res.status).toBe(413);
    const form = await new Browser(t.app, {}, '198.51.100.21').post('/sign-in', {
      email: `${'y'.repeat(100_000)}@example.org`,
      password: 'x',
    });
    expect(form.status).toBe(413);
    expect((await rows(t)).length).toBe(before);
  });

  it('behind a trusted proxy, 100 failed attempts from one client do not block another client through the same proxy', async () => {
    await makeUser(t.services, { email: 'behind-proxy@example.org' });
    const attacker = new Browser(t.app, { 'x-forwarded-for': '203.0.113.50' }, PROXY);
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++)
      statuses.push(
        (
          await apiSignIn(
            t,
            PROXY,
            { email: `guess-${i}@example.org`, password: 'wrong-password-x' },
            { 'x-forwarded-for': '203.0.113.50' },
          )
        ).status,
      );
    expect(statuses.at(-1)).toBe(429);
    expect((await attacker.signIn('behind-proxy@example.org')).status).toBe(429);
    // A client further away, through two proxies of the network: the rightmost untrusted hop is the client.
    const other = new Browser(t.app, { 'x-forwarded-for': '192.0.2.99, 203.0.113.51, 10.1.2.3' }, PROXY);
    expect((await other.signIn('behind-proxy@example.org')).status).toBe(303);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a forged header does not escape the limit', async () => {
    const peer = '198.51.100.30';
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++)
      statuses.push(
        (
          await apiSignIn(
            t,
            peer,
            { email: `spoof-${i}@example.org`, password: 'wrong-password-x' },
            { 'x-forwarded-for': `192.0.2.${i}` },
          )
        ).status,
      );
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
  });

  it('an attacker guessing at a known account from one address does not lock out its owner elsewhere', async () => {
    await makeUser(t.services, { email: 'owner@example.org' });
    const attacker = new Browser(t.app, { 'accept-language': 'fr' }, '198.51.100.40');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await attacker.signIn('Owner@Example.org', `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    // Refused with when to try again: the window's end, as Retry-After and in the reader's language.
    const refused = await attacker.signIn('owner@example.org');
    expect(refused.headers.get('retry-after')).toBe('290');
    expect(await refused.text()).toContain('Réessayez dans 5 minutes');
    const api = await apiSignIn(t, '198.51.100.40', { email: 'owner@example.org', password: 'x' });
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toBe('290');
    expect((await api.json()).error.code).toBe('rate_limited');
    // The owner, at home.
    expect((await new Browser(t.app, {}, '192.0.2.200').signIn('owner@example.org')).status).toBe(303);
    expect((await new Browser(t.app, {}, 'fd00::1').signIn('owner@example.org')).status).toBe(303);
  });
});

describe('sign-in limits: an account attacked from many addresses is slowed, not closed', () => {
  let t: TestApp;
  beforeAll(async () => {
    holdClock();
    t = await createTestApp('sqlite', { SIGNIN_RATE_LIMIT: '2' });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('lets its owner in after a delay', async () => {
    await makeUser(t.services, { email: 'popular@example.org' });
    // Three times the limit (six attempts) come free; the seventh waits half a second, the eighth a second.
    for (let i = 0; i < 7; i++)
      expect(
        (
          await new Browser(t.app, {}, `198.51.100.${60 + i}`).signIn(
            'popular@example.org',
            'wrong-password-x',
          )
        ).status,
      ).toBe(401);
    const started = performance.now();
    expect((await new Browser(t.app, {}, '192.0.2.7').signIn('popular@example.org')).status).toBe(303);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
