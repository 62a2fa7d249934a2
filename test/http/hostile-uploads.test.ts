import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput, snapshot } from '../factories.js';
import { apiClient, Browser, createTestApp, ORIGIN, type TestApp } from '../http.js';

const MB = 1024 * 1024;

/**
 * A body of `total` bytes made as it is read, counting what the server pulls: a refused upload
 * must be answered with none of it read (nor held in memory).
 */
function countedBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** What a request added to the process: resident memory and the memory of buffers, in bytes. */
async function growth(f: () => Promise<void>): Promise<{ rss: number; buffers: number }> {
  const before = process.memoryUsage();
  await f();
  const after = process.memoryUsage();
  return { rss: after.rss - before.rss, buffers: after.arrayBuffers - before.arrayBuffers };
}

describe('uploads refused before their body is read, and forms within bounds of time and memory', () => {
  let t: TestApp;
  let dir: string;
  const tokens: Record<string, string> = {};
  let paths: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-hostile-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir, IMPORT_MAX_BYTES: String(MB) });
    const museum = await makeMuseum(t.services, 'up');
    const other = await makeMuseum(t.services, 'up-other');
    const director = await makeUser(t.services, { museum, role: 'director' });
    for (const [name, user] of [
      ['director', director],
      ['readonly', await makeUser(t.services, { museum, role: 'readonly' })],
      ['outsider', await makeUser(t.services, { museum: other, role: 'director' })],
    ] as const) {
      tokens[name] = (await apiClient(t, user.userId)).token;
    }
    const o = await t.services.objects.create(director, museum.id, objectInput({ accessionNumber: 'U.1' }));
    // Every upload address: an original, a batch's archive, a spreadsheet by the API and by the form.
    paths = [
      `/api/v1/museums/up/objects/${o.id}/media`,
      '/api/v1/museums/up/media/batches',
      '/api/v1/museums/up/imports',
      '/staff/m/up/imports',
    ];
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) =>
    t.app.request(path, {
      method: 'POST',
      body,
      headers: { origin: ORIGIN, ...headers },
      duplex: 'half',
    } as RequestInit);

  it('answers a large body to every upload address from anyone not allowed to upload there without reading it', async () => {
    const before = await snapshot(t.services);
    const callers: [string, Record<string, string>, number[]][] = [
      ['anonymous', {}, [401, 303]],
      ['a read-only member', { authorization: `Bearer ${tokens.readonly}` }, [403]],
      ['a director of another museum', { authorization: `Bearer ${tokens.outsider}` }, [404]],
    ];
    for (const path of paths) {
      for (const [who, auth, statuses] of callers) {
        // Multipart, which the CSRF check read whole looking for its token (400 MB raised the process from 0.47 to 2 GB), and a bare file.
        for (const type of ['multipart/form-data; boundary=x', 'application/octet-stream']) {
          const body = countedBody(64 * MB);
          const started = performance.now();
          let res: Response | undefined;
          const grew = await growth(async () => {
            res = await send(path, body.stream, { ...auth, 'content-type': type });
          });
          const what = `${who}, ${type.split(';')[0]}, to ${path}`;
          expect(statuses, what).toContain(res!.status);
          if (res!.status === 303) expect(res!.headers.get('location'), what).toMatch(/^\/sign-in/);
          expect(body.pulled(), what).toBe(0);
          expect(performance.now() - started, what).toBeLessThan(1000);
          expect(grew.buffers, what).toBeLessThan(2 * MB);
          expect(grew.rss, what).toBeLessThan(16 * MB);
        }
      }
    }
    expect(await snapshot(t.services)).toBe(before);
  });

  it('holds even an allowed caller to a body the upload can take: a form where the file itself is sent, a spreadsheet past its limit', async () => {
    const director = { authorization: `Bearer ${tokens.director}` };
    // An original is sent as the body itself: a form there would be read whole; refused unread.
    for (const path of paths.slice(0, 2)) {
      const body = countedBody(64 * MB);
      const res = await send(path, body.stream, {
        ...director,
        'content-type': 'multipart/form-data; boundary=x',
      });
      expect(res.status, path).toBe(415);
      expect((await res.json()).error.code).toBe('unsupported_media_type');
      expect(body.pulled(), path).toBe(0);
    }
    // A spreadsheet is read up to its limit (IMPORT_MAX_BYTES, 1 MB here) and no further.
    for (const path of paths.slice(2)) {
      const body = countedBody(64 * MB);
      const res = await send(path, body.stream, {
        ...director,
        'content-type': path.startsWith('/staff') ? 'multipart/form-data; boundary=x' : 'text/csv',
        accept: 'application/json',
      });
      expect(res.status, path).toBe(413);
      expect(body.pulled(), path).toBeLessThanOrEqual(MB + 64 * 1024);
    }
  });

  it('answers the 64-byte form field that froze the server (x[400000000]=1) at once, within a few megabytes', async () => {
    const browser = new Browser(t.app);
    const csrf = await browser.csrf();
    for (const field of [
      'x[400000000]=1',
      'name[400000000]=1',
      `x${'[0]'.repeat(2000)}=1`,
      'f=1&'.repeat(10_001),
    ]) {
      const started = performance.now();
      let res: Response | undefined;
      const grew = await growth(async () => {
        res = await browser.request('/directory/propose', {
          method: 'POST',
          body: `_csrf=${csrf}&${field}`,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: ORIGIN,
            accept: 'application/json',
          },
        });
      });
      expect(res!.status, field.slice(0, 30)).toBe(400);
      expect((await res!.json()).error.code).toBe('malformed_body');
      expect(performance.now() - started, field.slice(0, 30)).toBeLessThan(1000);
      expect(grew.rss, field.slice(0, 30)).toBeLessThan(16 * MB);
      expect(grew.buffers, field.slice(0, 30)).toBeLessThan(2 * MB);
    }
  });

  it('refuses a body past the limit by its length alone, and a chunked one once the limit is read', async () => {
    const res = await t.app.request('/directory/propose', {
      method: 'POST',
      body: 'x',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(2 * MB),
        origin: ORIGIN,
        accept: 'application/json',
      },
    });
    expect(res.status).toBe(413);
    const body = countedBody(64 * MB);
    const chunked = await send('/directory/propose', body.stream, {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    expect(chunked.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(MB + 64 * 1024);
  });
});
