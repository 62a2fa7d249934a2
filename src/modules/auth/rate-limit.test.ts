import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { addressBlock, RateLimiter, SWEEP_INTERVAL_MS } from './rate-limit.repository.js';
import { accountDelay, SignInLimiter } from './sign-in.limiter.js';

const T0 = Date.UTC(2026, 11, 8, 10, 0, 0);

describe.each(ENGINES)('the rate limiter on %s', (engine) => {
  let env: TestEnv;
  let limiter: RateLimiter;
  beforeAll(async () => {
    env = await createTestEnv(engine);
    limiter = new RateLimiter(env.services.database.db, env.services.config.AUTH_SECRET, 300);
  });
  afterAll(() => env.close());
  const rows = () => env.services.database.db.selectFrom('rate_limit').selectAll().orderBy('key').execute();

  it('keys each value by a fixed-size digest under the secret, naming nothing', async () => {
    const huge = `${'a'.repeat(1_000_000)}@example.org`;
    await limiter.hit([{ scope: 'test-huge', value: huge, max: 5 }], T0);
    const [row] = (await rows()).filter((r) => r.key.startsWith('test-huge:'));
    expect(row!.key).toMatch(/^test-huge:[A-Za-z0-9_-]{43}$/);
    // Another secret gives another key: the digest cannot be looked up without the server's.
    expect(new RateLimiter(env.services.database.db, 'x'.repeat(40), 300).key('test-huge', huge)).not.toBe(
      row!.key,
    );
    expect(() => limiter.key('Bad Scope', 'x')).toThrow();
  });

  it('stops at the first key over its limit, creating none after it, and says when its window ends', async () => {
    const keys = [
      { scope: 'test-first', value: 'a', max: 2 },
      { scope: 'test-second', value: 'b', max: Number.POSITIVE_INFINITY },
    ];
    expect(await limiter.hit(keys, T0 + 1_000)).toEqual({ allowed: true, retryAfter: 0, counts: [1, 1] });
    expect(await limiter.hit(keys, T0 + 2_000)).toEqual({ allowed: true, retryAfter: 0, counts: [2, 2] });
    expect(await limiter.hit(keys, T0 + 100_000)).toEqual({ allowed: false, retryAfter: 200, counts: [3] });
    expect(await limiter.hit(keys, T0 + 299_500)).toEqual({ allowed: false, retryAfter: 1, counts: [4] });
    // The second key was not counted while the first refused.
    expect((await rows()).find((r) => r.key === limiter.key('test-second', 'b'))?.count).toBe(2);
    // A new window counts from one again.
    expect(await limiter.hit(keys, T0 + 300_000)).toEqual({ allowed: true, retryAfter: 0, counts: [1, 1] });
  });

  it('sweeps the counters whose window has ended, in a recurring job', async () => {
    const { db } = env.services.database;
    await db.deleteFrom('rate_limit').execute();
    await limiter.hit([{ scope: 'test-old', value: 'x', max: 9 }], Date.now() - 600_000);
    await limiter.hit([{ scope: 'test-new', value: 'y', max: 9 }], Date.now());
    await env.services.scheduleSweep();
    await env.services.scheduleSweep();
    const queued = await db.selectFrom('job').selectAll().where('kind', '=', 'rate-limit-sweep').execute();
    expect(queued).toHaveLength(1);
    await db
      .updateTable('job')
      .set({ run_after: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', queued[0]!.id)
      .execute();
    expect(await env.services.worker.runOnce()).toBe(true);
    expect((await rows()).map((r) => r.key.split(':')[0])).toEqual(['test-new']);
    // The next sweep is in the queue.
    const next = await db
      .selectFrom('job')
      .selectAll()
      .where('kind', '=', 'rate-limit-sweep')
      .where('status', '=', 'pending')
      .execute();
    expect(next).toHaveLength(1);
    expect(Date.parse(next[0]!.run_after)).toBeGreaterThan(Date.now() + SWEEP_INTERVAL_MS - 60_000);
  });
});

describe('signing in: limits and delays', () => {
  it('slows an account only past three times the limit, doubling to ten seconds', () => {
    expect([30, 31, 32, 33, 35, 36, 1000].map((n) => accountDelay(n, 10))).toEqual([
      0, 500, 1000, 2000, 8000, 10_000, 10_000,
    ]);
  });

  it('counts an IPv6 client by its /64, an IPv4 one by its address', () => {
    expect(addressBlock('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBlock('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressBlock('192.0.2.1')).toBe('192.0.2.1');
    expect(addressBlock('unknown')).toBe('unknown');
  });

  it('refuses past the per-address or per-account-and-address limit, and waits on an account tried from everywhere', async () => {
    const env = await createTestEnv('sqlite');
    try {
      const waits: number[] = [];
      const signIn = new SignInLimiter(
        new RateLimiter(env.services.database.db, env.services.config.AUTH_SECRET, 1e9),
        2,
        async (ms) => void waits.push(ms),
      );
      await signIn.admit('192.0.2.1', 'a@example.org');
      await signIn.admit('192.0.2.1', 'A@example.org ');
      await expect(signIn.admit('192.0.2.1', 'a@example.org')).rejects.toMatchObject({
        code: 'rate_limited',
        status: 429,
      });
      // The same account from elsewhere, and other accounts from the same address, go on.
      for (let i = 2; i <= 6; i++) await signIn.admit(`192.0.2.${i}`, 'a@example.org');
      expect(waits).toEqual([500]);
      await signIn.admit('192.0.2.9', 'a@example.org');
      expect(waits).toEqual([500, 1000]);
      for (let i = 0; i < 17; i++) await signIn.admit('192.0.2.1', `other-${i}@example.org`);
      // Twenty attempts from an address (ten times the limit), then it is refused for any account.
      await expect(signIn.admit('192.0.2.1', 'new@example.org')).rejects.toMatchObject({
        code: 'rate_limited',
      });
    } finally {
      await env.close();
    }
  });
});
