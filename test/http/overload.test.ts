import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crowd } from '../crowd.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';

/** The platform past its capacity, over loopback: it sheds what it cannot serve, at once, and stays up. */
describe('a server above its capacity', () => {
  let t: TestApp;
  let server: ReturnType<typeof serve>;
  let base = '';
  let token = '';
  let museumId = '';
  let curatorId = '';
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const museum = await makeMuseum(t.services, 'crowded');
    const curator = await makeUser(t.services, { museum, role: 'curator' });
    museumId = museum.id;
    curatorId = curator.userId;
    for (let i = 0; i < 150; i++) {
      await t.services.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `CR.${i}`,
          visibility: 'public',
          titles: [
            { lang: 'en', value: `Lustre bowl ${i}` },
            { lang: 'ar', value: `صحن ${i}` },
          ],
        }),
      );
    }
    token = (await t.services.repos.tokens.create(t.services.database.db, curator.userId, 'crowd')).token;
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  it("answers every request of a crowd at once, 200 or 503 with Retry-After, keeps its memory, and takes a curator's write made meanwhile", async () => {
    // A warm server: code compiled, the first pages rendered.
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/en/search?q=bowl`)).status).toBe(200);
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 20);
    const before = process.memoryUsage().rss;
    // 800 readers in four waves, each far above what one process serves at once; a curator adds a record in the second.
    const readers = Array.from({ length: 800 }, (_, i) => ({
      path: `/en/search?q=${encodeURIComponent(['bowl', 'lustre', 'صحن'][i % 3]!)}&page=${(i % 4) + 1}`,
      headers: { 'accept-language': 'en' },
      delayMs: Math.floor(i / 200) * 250,
    }));
    const write = {
      path: '/api/v1/museums/crowded/objects',
      method: 'POST',
      delayMs: 300,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        objectInput({ accessionNumber: 'CR.NEW', titles: [{ lang: 'en', value: 'Added in the crowd' }] }),
      ),
    };
    const answers = await crowd(base, [...readers, write]);
    clearInterval(sampler);
    const staff = answers.pop()!;
    const by = (s: number) => answers.filter((a) => a.status === s);
    // None dropped, none left waiting: each is served or told when to come back.
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    expect(by(503).length).toBeGreaterThan(0);
    expect(by(200).length).toBeGreaterThan(0);
    expect(by(503).every((a) => a.retryAfter === '2')).toBe(true);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(5_000);
    // Memory: the requests in flight are bounded, and so is what they hold.
    expect(Math.max(...rss) - before).toBeLessThan(150 * 2 ** 20);
    expect(staff).toMatchObject({ status: 201 });
    expect(staff.ms).toBeLessThan(5_000);
    const curator = (await t.services.actors.forUser(curatorId))!;
    expect((await t.services.objects.list(curator, museumId, {})).total).toBe(151);
    // And it goes on serving.
    expect((await fetch(`${base}/en/search?q=bowl`)).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

/** The bound itself, in process: requests begun together are all counted before any goes on. */
describe('the bound on requests in flight', () => {
  let t: TestApp;
  let token = '';
  beforeAll(async () => {
    t = await createTestApp('sqlite', { MAX_REQUESTS_IN_FLIGHT: '64' });
    const museum = await makeMuseum(t.services, 'bounded');
    const curator = await makeUser(t.services, { museum, role: 'curator' });
    for (let i = 0; i < 5; i++)
      await t.services.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `B.${i}`,
          visibility: 'public',
          titles: [{ lang: 'en', value: `Lustre bowl ${i}` }],
        }),
      );
    token = (await t.services.repos.tokens.create(t.services.database.db, curator.userId, 'bound')).token;
  });
  afterAll(() => t.close());

  it("keeps a quarter of its bound for staff, and sheds in the reader's language, as a page or as JSON for the API", async () => {
    // The 49th reader not signed in is turned away (64 × 3/4 = 48), a curator is not.
    const anonymous = Array.from({ length: 60 }, (_, i) =>
      t.app.request(i % 2 ? '/ar/search?q=bowl' : '/api/v1/directory', {
        headers: { 'accept-language': 'fr' },
      }),
    );
    const signedIn = t.app.request('/api/v1/museums/bounded/objects?limit=5', {
      headers: { authorization: `Bearer ${token}` },
    });
    const health = t.app.request('/healthz');
    const answers = await Promise.all(anonymous);
    expect((await signedIn).status).toBe(200);
    expect((await health).status).toBe(200);
    expect(answers.filter((r) => r.status === 503)).toHaveLength(12);
    const page = answers.find((r, i) => r.status === 503 && i % 2)!;
    expect(page.headers.get('retry-after')).toBe('2');
    const html = await page.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('الموقع مشغول الآن');
    const api = answers.find((r, i) => r.status === 503 && !(i % 2))!;
    expect(await api.json()).toEqual({
      error: {
        code: 'overloaded',
        message: 'Le site est très sollicité en ce moment. Réessayez dans quelques secondes.',
      },
    });
  });

  it('keeps a connection turned away once, and ends one that asks again before the time it was told', async () => {
    // Sixty requests on one kept-alive connection, begun together (a client that does not wait).
    const socket = {};
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        t.app.fetch(new Request('http://localhost/en/search?q=bowl'), { incoming: { socket } }),
      ),
    );
    const shed = answers.filter((r) => r.status === 503);
    expect(shed).toHaveLength(12);
    expect(shed.map((r) => r.headers.get('connection'))).toEqual([null, ...Array(11).fill('close')]);
  });
});
