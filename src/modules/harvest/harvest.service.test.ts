import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import { HarvestWriter } from './harvest.writer.js';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-24T10:00:00Z</responseDate><request>x</request>${body}</OAI-PMH>`;
const IDENTIFY = envelope(
  '<Identify><repositoryName>Fake</repositoryName><granularity>YYYY-MM-DD</granularity></Identify>',
);
const record = (n: number, accession = `F.${n}`) =>
  `<record><header><identifier>oai:fake:${n}</identifier><datestamp>2026-01-01</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title xml:lang="en">Thing ${n}</dc:title><dc:creator>Maker ${n % 3}</dc:creator><dc:type>PhysicalObject</dc:type><dc:type>bowl</dc:type><dc:date>1550</dc:date><dc:identifier>${accession}</dc:identifier><dc:identifier>http://fake.example/objects/${n}</dc:identifier><dc:rights>https://creativecommons.org/publicdomain/zero/1.0/</dc:rights></oai_dc:dc></metadata></record>`;
const list = (records: string, token = '') =>
  envelope(
    `<ListRecords>${records}${token ? `<resumptionToken>${token}</resumptionToken>` : ''}</ListRecords>`,
  );

/** Sources that misbehave, each under its own path, and the harvester's answer to each. */
describe('the harvester against sources that fail or attack', () => {
  let env: TestEnv;
  let server: Server;
  let port = 0;
  let flakyFailures = 0;
  const pagedAsked: number[] = [];
  const pagedWaiting: (() => void)[] = [];
  let busy = 0;
  const base = (path: string) => `http://127.0.0.1:${port}/${path}/oai`;
  beforeAll(async () => {
    env = await createTestEnv('sqlite', {
      HARVEST_RETRIES: '1',
      HARVEST_BACKOFF_SECONDS: '0',
      HARVEST_TIMEOUT_SECONDS: '2',
      HARVEST_MAX_BYTES: '200000',
    });
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const [, source] = url.pathname.split('/');
      const verb = url.searchParams.get('verb');
      const token = url.searchParams.get('resumptionToken');
      const send = (xml: string, status = 200, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'Content-Type': 'text/xml', ...headers }).end(xml);
      if (source === 'redirect')
        return void res
          .writeHead(302, { Location: `http://127.0.0.2:${port}/good/oai?${url.searchParams}` })
          .end();
      if (source === 'laughs')
        return send(
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><OAI-PMH>&lol1;</OAI-PMH>`,
        );
      if (verb === 'Identify') return send(IDENTIFY);
      if (source === 'good') return send(list(record(1) + record(2)));
      if (source === 'loop') return send(list(record(1), 'again'));
      if (source === 'broken') return send('<OAI-PMH><ListRecords><record></OAI-PMH>');
      if (source === 'huge') return send(list(Array.from({ length: 600 }, (_, i) => record(i)).join('')));
      if (source === 'local') return send(list(record(1, 'LOCAL.1')));
      // Well-formed XML the parser throws on (an element named as a property of every object).
      if (source === 'reserved')
        return send(list(record(1).replace('<dc:type>bowl</dc:type>', '<dc:constructor>x</dc:constructor>')));
      if (source === 'busy')
        return busy++ === 0 ? send('busy', 503, { 'Retry-After': '0' }) : send(list(record(7)));
      if (source === 'paged') {
        const n = token ? Number(token.slice(1)) : 1;
        pagedAsked.push(n);
        for (const w of pagedWaiting.splice(0)) w();
        return send(list(record(2 * n - 1) + record(2 * n), n < 3 ? `p${n + 1}` : ''));
      }
      if (source === 'flaky') {
        if (!token) return send(list(record(1) + record(2), 't1'));
        if (flakyFailures-- > 0) return send('down', 500);
        return send(list(record(3) + record(4)));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await env.close();
  });

  async function source(path: string, extra: Record<string, unknown> = {}) {
    const admin = await makeUser(env.services, { admin: true });
    return {
      admin,
      source: await env.services.harvests.register(admin, {
        name: `Fake ${path}`,
        baseUrl: base(path),
        intervalHours: 0,
        allowPrivate: true,
        slug: `fake-${path}`,
        ...extra,
      }),
    };
  }

  it('harvests a well-behaved source, and refuses to register one for anyone but an administrator', async () => {
    const { admin, source: s } = await source('good');
    const run = await env.services.harvests.execute(s.id);
    expect(run).toMatchObject({ status: 'done', report: { added: 2, rejected: 0, pages: 1 } });
    const objects = await env.services.objects.list(admin, s.museumId, {});
    expect(objects.items.map((o) => o.accessionNumber)).toEqual(['F.1', 'F.2']);
    const director = await makeUser(env.services, {
      museum: await makeMuseum(env.services),
      role: 'director',
    });
    await expect(
      env.services.harvests.register(director, { name: 'x', baseUrl: base('good'), slug: 'x-source' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(env.services.harvests.list(director)).rejects.toMatchObject({ status: 403 });
  });

  it('stops a billion-laughs answer, broken XML, an endless resumption loop and an oversized answer, each with its reason', async () => {
    for (const [path, reason] of [
      ['laughs', 'DOCTYPE or entities'],
      ['broken', 'not well-formed XML'],
      ['loop', 'resumption token it had sent before'],
      ['huge', 'longer than the 200000 bytes allowed'],
    ] as const) {
      const { source: s } = await source(path);
      const run = await env.services.harvests.execute(s.id);
      expect(run!.status, path).toBe('failed');
      expect(run!.report.error, path).toContain(reason);
    }
  });

  it('ends a run that meets an error of any kind as failed with the reason, never left running', async () => {
    const { admin, source: r } = await source('reserved');
    const run = await env.services.harvests.execute(r.id);
    expect(run).toMatchObject({
      status: 'failed',
      report: { error: expect.stringContaining('"constructor"') },
    });
    expect(run!.finishedAt).not.toBeNull();
    const { source: g } = await source('good3', { baseUrl: base('good') });
    const spy = vi
      .spyOn(HarvestWriter.prototype, 'page')
      .mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'lang')"));
    try {
      expect(await env.services.harvests.execute(g.id)).toMatchObject({
        status: 'failed',
        report: { error: "Cannot read properties of undefined (reading 'lang')" },
      });
    } finally {
      spy.mockRestore();
    }
    expect((await env.services.harvests.runs(admin, r.id)).map((x) => x.status)).toEqual(['failed']);
  });

  it('never follows a redirect to another private address, and never reaches a private source it was not allowed', async () => {
    const { source: r } = await source('redirect');
    expect((await env.services.harvests.execute(r.id))!.report.error).toContain(
      '127.0.0.2 is a private or local address',
    );
    const { source: p } = await source('good2', { baseUrl: base('good'), allowPrivate: false });
    expect((await env.services.harvests.execute(p.id))!.report.error).toContain(
      '127.0.0.1 is a private or local address',
    );
  });

  it('retries a busy source, and resumes an interrupted harvest after its last page', async () => {
    const { source: b } = await source('busy');
    expect(await env.services.harvests.execute(b.id)).toMatchObject({
      status: 'done',
      report: { added: 1, retries: 1 },
    });
    flakyFailures = 5;
    const { admin, source: f } = await source('flaky');
    const first = await env.services.harvests.execute(f.id);
    expect(first).toMatchObject({ status: 'interrupted', report: { added: 2, pages: 1, retries: 1 } });
    expect((await env.services.harvests.get(admin, f.id)).resume).toMatchObject({
      token: 't1',
      runId: first!.id,
    });
    flakyFailures = 0;
    const second = await env.services.harvests.execute(f.id);
    expect(second).toMatchObject({ id: first!.id, status: 'done', report: { added: 4, pages: 2 } });
    expect(
      (await env.services.objects.list(admin, f.museumId, {})).items.map((o) => o.accessionNumber),
    ).toEqual(['F.1', 'F.2', 'F.3', 'F.4']);
    expect((await env.services.harvests.get(admin, f.id)).resume).toBeNull();
  });

  it('asks for the next page while it writes one', async () => {
    const { admin, source: p } = await source('paged');
    // Each page's writing waits (a while at most) until the source has been asked for the next one.
    const askedBeforeWriting: boolean[] = [];
    const write = HarvestWriter.prototype.page;
    const spy = vi.spyOn(HarvestWriter.prototype, 'page').mockImplementation(async function (
      this: HarvestWriter,
      ...args
    ) {
      const page = askedBeforeWriting.length + 1;
      if (page < 3 && !pagedAsked.includes(page + 1)) {
        await Promise.race([
          new Promise<void>((r) => pagedWaiting.push(r)),
          new Promise((r) => setTimeout(r, 2_000)),
        ]);
      }
      askedBeforeWriting.push(page === 3 || pagedAsked.includes(page + 1));
      return write.apply(this, args);
    });
    try {
      expect(await env.services.harvests.execute(p.id)).toMatchObject({
        status: 'done',
        report: { added: 6, pages: 3 },
      });
    } finally {
      spy.mockRestore();
    }
    expect(askedBeforeWriting).toEqual([true, true, true]);
    expect(pagedAsked).toEqual([1, 2, 3]);
    expect(
      (await env.services.objects.list(admin, p.museumId, {})).items.map((o) => o.accessionNumber),
    ).toEqual(['F.1', 'F.2', 'F.3', 'F.4', 'F.5', 'F.6']);
  });

  it('leaves a run against an unreachable source to resume, after trying again', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { source: s } = await source('gone', { baseUrl: `http://127.0.0.1:${port}/oai` });
    const run = await env.services.harvests.execute(s.id);
    expect(run).toMatchObject({ status: 'interrupted', report: { retries: 1 } });
    expect(run!.report.error).toContain('could not be reached');
  });

  it('harvests a scheduled source on its schedule, and puts the next run in the queue', async () => {
    const { admin, source: s } = await source('scheduled', { baseUrl: base('good'), intervalHours: 24 });
    const db = env.services.database.db;
    const queued = await db
      .selectFrom('job')
      .select(['id', 'payload'])
      .where('kind', '=', 'harvest')
      .where('status', '=', 'pending')
      .execute();
    expect(queued.filter((j) => j.payload.includes(s.id))).toHaveLength(1);
    await env.services.worker.drain();
    expect((await env.services.harvests.runs(admin, s.id)).map((r) => r.status)).toEqual(['done']);
    const next = await db
      .selectFrom('job')
      .select('run_after')
      .where('kind', '=', 'harvest')
      .where('status', '=', 'pending')
      .where('payload', 'like', `%${s.id}%`)
      .execute();
    expect(next).toHaveLength(1);
    const hours = (Date.parse(next[0]!.run_after) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    expect((await env.services.harvests.get(admin, s.id)).nextRunAt).toBe(next[0]!.run_after);
  });

  it('never overwrites a local record, even one with the same number', async () => {
    const museum = await makeMuseum(env.services);
    const curator = await makeUser(env.services, { museum, role: 'curator' });
    const local = await env.services.objects.create(
      curator,
      museum.id,
      objectInput({ accessionNumber: 'LOCAL.1', titles: [{ lang: 'en', value: 'Ours' }] }),
    );
    const { admin, source: s } = await source('local');
    await env.services.harvests.execute(s.id);
    expect((await env.services.objects.get(curator, museum.id, local.id)).titles).toEqual([
      { lang: 'en', value: 'Ours' },
    ]);
    expect(
      (await env.services.objects.list(admin, s.museumId, {})).items.map((o) => o.accessionNumber),
    ).toEqual(['LOCAL.1']);
  });
});
