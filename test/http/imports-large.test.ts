import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInThread } from '../../src/modules/imports/import.thread.js';
import type { Museum } from '../../src/modules/museums/museum.schemas.js';
import { makeConcept, makeMuseum, makeUser } from '../factories.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';
import { makeXlsx } from '../xlsx.js';

const HEAD = ['accession_number', 'title_ar', 'title_en', 'materials', 'dates', 'dimensions_height'];
const row = (i: number) => [
  `L.${i}`,
  `إبريق ${i}`,
  `Ewer ${i}`,
  i % 2 ? 'brass' : 'نحاس أصفر',
  `${700 + (i % 600)} AH`,
  `${10 + (i % 90)} cm`,
];
const csvOf = (n: number) => {
  const lines = [HEAD.join(',')];
  for (let i = 0; i < n; i++) lines.push(row(i).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
};

/** An XLSX workbook uploaded as the request's body. */
const sendFile = (t: TestApp, token: string, path: string, body: Buffer) =>
  t.app.request(path, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      'x-filename': 'book.xlsx',
    },
  });

/**
 * While another request waits for `work`, how long a small request takes, again and again: the
 * event loop held by the work shows as the longest of them.
 */
async function latencyDuring<T>(
  path: string,
  call: (path: string) => Promise<Response> | Response,
  work: Promise<T> | T,
): Promise<{ result: T; max: number; p95: number; count: number }> {
  let done = false;
  const times: number[] = [];
  const probe = (async () => {
    // Timed from when the request was due, not from when it could be sent: a held event loop delays both.
    let due = performance.now();
    for (;;) {
      // The last request due is counted when the work ends (a held loop delays the end and the request alike).
      const stop = done;
      if (!stop) expect((await call(path)).status).toBe(200);
      const end = performance.now();
      times.push(end - due);
      if (stop) break;
      due = end + 20;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const result = await work;
    done = true;
    await probe;
    return { result, ...stats(times) };
  } finally {
    done = true;
  }
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    max: sorted.at(-1) ?? 0,
    p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    count: sorted.length,
  };
}

/**
 * Requests answered while a large file is read and planned: 95 in 100 within 200 ms, and none held
 * half a second (on a machine of two cores shared with other tests; a file read on this thread
 * held them for the whole reading, seconds to a minute).
 */
const P95_MS = 200;
const MAX_MS = 500;

describe('large spreadsheet imports', () => {
  let t: TestApp;
  let dir: string;
  let museum: Museum;
  let registrar: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-imports-large-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir, IMPORT_MAX_ROWS: '200000' });
    museum = await makeMuseum(t.services, 'large-import');
    registrar = await makeUser(t.services, { museum, role: 'registrar' });
    await makeConcept(t.services, 'material', 'brass', 'نحاس أصفر');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering other requests while a CSV file of 200,000 rows is uploaded and dry-run', async () => {
    const api = await apiClient(t, registrar.userId);
    const file = csvOf(200_000);
    const up = await latencyDuring(
      '/api/v1/museums/large-import/imports',
      (p) => api.call('GET', p),
      api.call('POST', '/api/v1/museums/large-import/imports', file.toString(), {
        'content-type': 'text/csv',
        'x-filename': 'large.csv',
      }),
    );
    expect(up.result.status).toBe(201);
    const preview = await up.result.json();
    expect(preview.rows).toBe(200_000);
    const dry = await latencyDuring(
      '/api/v1/museums/large-import/imports',
      (p) => api.call('GET', p),
      api.call('POST', `/api/v1/museums/large-import/imports/${preview.batch.id}/dry-run`, {
        columns: preview.suggested,
      }),
    );
    expect(dry.result.status).toBe(200);
    expect(await dry.result.json()).toMatchObject({ rows: 200_000, create: 200_000, reject: 0 });
    console.info(
      `upload: ${up.count} requests, p95 ${up.p95.toFixed(0)} ms, max ${up.max.toFixed(0)} ms; dry run: ${dry.count} requests, p95 ${dry.p95.toFixed(0)} ms, max ${dry.max.toFixed(0)} ms`,
    );
    expect(up.count).toBeGreaterThan(5);
    expect(dry.count).toBeGreaterThan(20);
    for (const m of [up, dry]) {
      expect(m.p95).toBeLessThan(P95_MS);
      expect(m.max).toBeLessThan(MAX_MS);
    }
  });

  it('keeps answering while an XLSX workbook of 20,000 rows is read and dry-run', async () => {
    const api = await apiClient(t, registrar.userId);
    const book = makeXlsx([HEAD, ...Array.from({ length: 20_000 }, (_, i) => row(i))]);
    const up = await latencyDuring(
      '/api/v1/museums/large-import/imports',
      (p) => api.call('GET', p),
      sendFile(t, api.token, '/api/v1/museums/large-import/imports', book),
    );
    expect(up.result.status).toBe(201);
    const preview = await up.result.json();
    expect(preview).toMatchObject({ rows: 20_000, batch: { format: 'xlsx' } });
    const dry = await latencyDuring(
      '/api/v1/museums/large-import/imports',
      (p) => api.call('GET', p),
      api.call('POST', `/api/v1/museums/large-import/imports/${preview.batch.id}/dry-run`, {
        columns: preview.suggested,
      }),
    );
    expect(await dry.result.json()).toMatchObject({ rows: 20_000, create: 20_000 });
    console.info(
      `xlsx upload: ${up.count} requests, p95 ${up.p95.toFixed(0)} ms, max ${up.max.toFixed(0)} ms; dry run: ${dry.count} requests, p95 ${dry.p95.toFixed(0)} ms, max ${dry.max.toFixed(0)} ms`,
    );
    for (const m of [up, dry]) {
      expect(m.p95).toBeLessThan(P95_MS);
      expect(m.max).toBeLessThan(MAX_MS);
    }
  });

  it('plans 100,000 rows as a stream, in a thread of 48 MB of heap, while this thread’s grows by less than 32 MB', async () => {
    // Read whole, as rows of cells, and planned whole, the same file held 278 MB of heap.
    const file = csvOf(100_000);
    const mapping = {
      encoding: 'auto' as const,
      delimiter: 'auto' as const,
      newAuthorities: 'reject' as const,
      visibility: 'draft' as const,
      keepUnreadDates: false,
      columns: [
        { column: 'accession_number', field: 'accessionNumber' as const },
        { column: 'title_en', field: 'title' as const, lang: 'en' },
        { column: 'dates', field: 'date' as const },
      ],
    };
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const { result, peakHeap } = await runInThread(
      {
        kind: 'plan',
        data: new Uint8Array(file),
        format: 'csv',
        read: { encoding: 'auto', delimiter: 'auto' },
        maxRows: 100_000,
        write: false,
        authorities: [],
        scope: { actor: registrar, museum: { id: museum.id, defaultLanguage: 'ar' }, mapping },
      },
      {
        lookup: async () => {
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          return [];
        },
      },
      48,
    );
    expect(result).toMatchObject({ kind: 'plan', report: { rows: 100_000, create: 100_000 } });
    console.info(
      `heap: the thread's peak ${(peakHeap / 2 ** 20).toFixed(1)} MB, this thread's growth ${((peak - before) / 2 ** 20).toFixed(1)} MB`,
    );
    expect(peak - before).toBeLessThan(32 * 2 ** 20);
    // A workbook is read whole, once measured: in such a thread, one whose XML fills more than an eighth of its heap is refused unread.
    const book = makeXlsx([HEAD, ...Array.from({ length: 100_000 }, (_, i) => row(i))]);
    await expect(
      runInThread(
        {
          kind: 'read',
          data: new Uint8Array(book),
          format: 'xlsx',
          read: { encoding: 'auto', delimiter: 'auto' },
          maxRows: 100_000,
          sample: 1,
        },
        {},
        48,
      ),
    ).rejects.toMatchObject({ status: 413, code: 'import_too_large' });
  });

  it('refuses a file of more rows than IMPORT_MAX_ROWS, in the reader’s language, and keeps nothing of it', async () => {
    const small = await createTestApp('sqlite', { MEDIA_DIR: join(dir, 'small'), IMPORT_MAX_ROWS: '1000' });
    try {
      const m = await makeMuseum(small.services, 'row-limit');
      const r = await makeUser(small.services, { museum: m, role: 'registrar' });
      const messages: Record<string, string> = {};
      for (const lang of ['en', 'fr', 'ar']) {
        const api = await apiClient(small, r.userId, lang);
        const res = await api.call('POST', '/api/v1/museums/row-limit/imports', csvOf(1001).toString(), {
          'content-type': 'text/csv',
          'x-filename': 'long.csv',
        });
        expect(res.status).toBe(413);
        const body = await res.json();
        expect(body.error.code).toBe('too_many_rows');
        messages[lang] = body.error.message;
      }
      expect(messages.en).toContain('more than 1,000 rows');
      expect(messages.fr).toMatch(/plus de 1\s000 lignes/);
      expect(messages.ar).toContain('أكثر من');
      expect(new Set(Object.values(messages)).size).toBe(3);
      // An XLSX workbook is counted as it inflates, and refused before it is read.
      const api = await apiClient(small, r.userId);
      const book = makeXlsx([HEAD, ...Array.from({ length: 5000 }, (_, i) => row(i))]);
      const x = await sendFile(small, api.token, '/api/v1/museums/row-limit/imports', book);
      expect(x.status).toBe(413);
      expect((await x.json()).error.code).toBe('too_many_rows');
      // A file of the limit exactly goes in.
      expect(
        (
          await api.call('POST', '/api/v1/museums/row-limit/imports', csvOf(1000).toString(), {
            'content-type': 'text/csv',
          })
        ).status,
      ).toBe(201);
      expect((await small.services.imports.list(r, m.id)).length).toBe(1);
      expect(readdirSync(join(dir, 'small', 'imports', m.id))).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});
