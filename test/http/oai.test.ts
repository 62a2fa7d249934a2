import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crowd } from '../crowd.js';
import { ENGINES } from '../database.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { createTestApp, type TestApp } from '../http.js';
import { schemaErrors } from '../xml.js';

const all = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]!);

describe.each(ENGINES)('the OAI-PMH provider (%s)', (engine) => {
  let t: TestApp;
  const pub: string[] = [];
  let hidden = '';
  let withdrawn = '';
  let collection = '';
  const get = async (query: string) => {
    const res = await t.app.request(`/oai?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const xml = await res.text();
    expect(schemaErrors(xml, 'oai'), query).toBe('');
    return xml;
  };
  const errorOf = async (query: string) => (await get(query)).match(/<error code="([^"]+)">/)?.[1];

  beforeAll(async () => {
    t = await createTestApp(engine, { PUBLIC_URL: 'https://mathaf.example.org' });
    const s = t.services;
    const museum = await makeMuseum(s, 'oai-museum');
    const other = await makeMuseum(s, 'oai-other');
    const curator = await makeUser(s, { museum, role: 'curator' });
    const curator2 = await makeUser(s, { museum: other, role: 'curator' });
    collection = (
      await s.authorities.create(curator, museum.id, {
        type: 'concept',
        scheme: 'collection',
        labels: [{ lang: 'en', value: 'Manuscripts', preferred: true }],
      })
    ).id;
    for (let i = 0; i < 104; i++) {
      const o = await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `OAI.${i}`,
          visibility: 'public',
          dates: ['865 AH'],
          titles: [
            { lang: 'ar', value: `مخطوط ${i}` },
            { lang: 'en', value: `Manuscript ${i} & <notes>` },
          ],
          ...(i < 3 ? { collections: [{ id: collection }] } : {}),
        }),
      );
      pub.push(o.id);
    }
    pub.push(
      (
        await s.objects.create(
          curator2,
          other.id,
          objectInput({ accessionNumber: 'X.1', visibility: 'public' }),
        )
      ).id,
    );
    hidden = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: 'CANARY.1',
          visibility: 'internal',
          titles: [{ lang: 'en', value: 'CANARY internal title' }],
        }),
      )
    ).id;
    const w = await s.objects.create(
      curator,
      museum.id,
      objectInput({ accessionNumber: 'W.1', visibility: 'public' }),
    );
    await s.objects.update(curator, museum.id, w.id, {
      ...objectInput({
        accessionNumber: 'W.1',
        visibility: 'internal',
        titles: [{ lang: 'en', value: 'CANARY withdrawn title' }],
      }),
      version: w.version,
    });
    withdrawn = w.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('identifies itself, its formats and its sets', async () => {
    const id = await get('verb=Identify');
    expect(id).toContain('<baseURL>https://mathaf.example.org/oai</baseURL>');
    expect(id).toContain('<deletedRecord>persistent</deletedRecord>');
    expect(id).toContain('<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>');
    expect(id).toMatch(/<earliestDatestamp>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/earliestDatestamp>/);
    expect(id).toContain('<adminEmail>oai@mathaf.example.org</adminEmail>');
    expect(await get('verb=ListMetadataFormats')).toContain('<metadataPrefix>oai_dc</metadataPrefix>');
    expect(await get(`verb=ListMetadataFormats&identifier=oai:mathaf.example.org:${pub[0]}`)).toContain(
      '<metadataPrefix>oai_dc</metadataPrefix>',
    );
    const sets = await get('verb=ListSets');
    expect(all(sets, /<setSpec>([^<]+)<\/setSpec>/g).sort()).toEqual(
      ['oai-museum', `oai-museum:${collection}`, 'oai-other'].sort(),
    );
    expect(sets).toContain('<setName>Manuscripts</setName>');
  });

  it('gives every public record through resumption tokens, and no hidden one', async () => {
    let xml = await get('verb=ListRecords&metadataPrefix=oai_dc');
    const ids: string[] = [];
    const deleted: string[] = [];
    for (let pages = 1; ; pages++) {
      ids.push(...all(xml, /<header><identifier>oai:mathaf\.example\.org:([^<]+)<\/identifier>/g));
      deleted.push(
        ...all(xml, /<header status="deleted"><identifier>oai:mathaf\.example\.org:([^<]+)<\/identifier>/g),
      );
      expect(xml).not.toContain('CANARY');
      const token = xml.match(/<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/)?.[1];
      if (!token) {
        expect(pages).toBe(2);
        break;
      }
      xml = await get(`verb=ListRecords&resumptionToken=${token}`);
    }
    expect(ids.sort()).toEqual([...pub].sort());
    expect(deleted).toEqual([withdrawn]);
    expect(ids).not.toContain(hidden);
  });

  it('writes Dublin Core from the public form of a record', async () => {
    const xml = await get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mathaf.example.org:${pub[0]}`);
    expect(xml).toContain('<dc:title xml:lang="ar">مخطوط 0</dc:title>');
    expect(xml).toContain('<dc:title xml:lang="en">Manuscript 0 &amp; &lt;notes&gt;</dc:title>');
    expect(xml).toContain('<dc:date>865 AH</dc:date>');
    expect(xml).toContain('<dc:identifier>OAI.0</dc:identifier>');
    expect(xml).toContain(`/m/oai-museum/objects/${pub[0]}</dc:identifier>`);
    expect(all(xml, /<setSpec>([^<]+)<\/setSpec>/g)).toEqual(['oai-museum', `oai-museum:${collection}`]);
    const gone = await get(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mathaf.example.org:${withdrawn}`,
    );
    expect(gone).toContain('<header status="deleted">');
    expect(gone).not.toContain('<metadata>');
    expect(gone).not.toContain('CANARY');
  });

  it('writes LIDO, valid against the LIDO schema inside the OAI-PMH envelope', async () => {
    expect(await get('verb=ListMetadataFormats')).toContain('<metadataPrefix>lido</metadataPrefix>');
    const xml = await get(`verb=ListRecords&metadataPrefix=lido&set=oai-museum:${collection}`);
    expect(all(xml, /<lido:workID lido:type="inventory number">([^<]+)<\/lido:workID>/g).sort()).toEqual([
      'OAI.0',
      'OAI.1',
      'OAI.2',
    ]);
    expect(xml).toContain('<lido:appellationValue xml:lang="ar">مخطوط 0</lido:appellationValue>');
    expect(xml).not.toContain('CANARY');
    const one = await get(`verb=GetRecord&metadataPrefix=lido&identifier=oai:mathaf.example.org:${pub[0]}`);
    expect(one).toContain(`<lido:recordID lido:type="local">${pub[0]}</lido:recordID>`);
    expect(
      await get(`verb=GetRecord&metadataPrefix=lido&identifier=oai:mathaf.example.org:${withdrawn}`),
    ).toContain('<header status="deleted">');
  });

  it('selects by set and by date in both granularities', async () => {
    const inCollection = await get(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=oai-museum:${collection}`);
    expect(all(inCollection, /<header><identifier>oai:mathaf\.example\.org:([^<]+)</g).sort()).toEqual(
      pub.slice(0, 3).sort(),
    );
    const other = await get('verb=ListIdentifiers&metadataPrefix=oai_dc&set=oai-other');
    expect(all(other, /<identifier>oai:mathaf\.example\.org:([^<]+)</g)).toEqual([pub[104]]);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      await get(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=oai-other&from=${today}&until=${today}`),
    ).toContain(pub[104]);
    const stamp = other.match(/<datestamp>([^<]+)</)![1]!;
    expect(
      await get(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=oai-other&from=${stamp}&until=${stamp}`),
    ).toContain(pub[104]);
    expect(await errorOf('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01')).toBe(
      'noRecordsMatch',
    );
    expect(await errorOf('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2000-01-01T00:00:00Z')).toBe(
      'noRecordsMatch',
    );
  });

  it('answers each error of the protocol in its case', async () => {
    const cases: [string, string][] = [
      ['', 'badVerb'],
      ['verb=Delete', 'badVerb'],
      ['verb=Identify&verb=Identify', 'badVerb'],
      ['verb=Identify&set=x', 'badArgument'],
      ['verb=ListRecords', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-02-01T00:00:00Z', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-01&until=2026-01-01', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=nowhere', 'badArgument'],
      ['verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc', 'badArgument'],
      ['verb=ListRecords&resumptionToken=not-a-token', 'badResumptionToken'],
      ['verb=ListSets&resumptionToken=abc', 'badResumptionToken'],
      ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
      [
        'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mathaf.example.org:00000000-0000-0000-0000-000000000000',
        'idDoesNotExist',
      ],
      [`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mathaf.example.org:${hidden}`, 'idDoesNotExist'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=<script>', 'idDoesNotExist'],
      [`verb=ListMetadataFormats&identifier=oai:elsewhere.org:${pub[0]}`, 'idDoesNotExist'],
    ];
    for (const [q, code] of cases) expect(await errorOf(q), q).toBe(code);
    // After badVerb or badArgument the request is echoed without its arguments.
    expect(await get('verb=Identify&set=x')).toContain('<request>https://mathaf.example.org/oai</request>');
  });

  it('takes its arguments as a POSTed form, from any harvester', async () => {
    const res = await t.app.request('/oai', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://harvester.example.net',
      },
      body: 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=oai-other',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(pub[104]);
  });
});

describe('the OAI-PMH provider under load', () => {
  it('asks a harvester past the limit to retry later', async () => {
    const t = await createTestApp('sqlite', { OAI_MAX_CONCURRENT: '1' });
    try {
      const answers = await Promise.all([
        t.app.request('/oai?verb=Identify'),
        t.app.request('/oai?verb=Identify'),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 503]);
      expect(answers.find((r) => r.status === 503)!.headers.get('retry-after')).toBe('10');
      expect((await t.app.request('/oai?verb=Identify')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers each of 200 harvesters arriving together over loopback within 3 s: a page, or 503 with Retry-After', async () => {
    const t = await createTestApp('sqlite', { PUBLIC_URL: 'https://mathaf.example.org' });
    const museum = await makeMuseum(t.services, 'oai-crowd');
    const curator = await makeUser(t.services, { museum, role: 'curator' });
    for (let i = 0; i < 120; i++)
      await t.services.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: `C.${i}`,
          visibility: 'public',
          titles: [{ lang: 'en', value: `Folio ${i}` }],
        }),
      );
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise((r) => server.once('listening', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const answers = await crowd(
        base,
        Array.from({ length: 200 }, () => ({ path: '/oai?verb=ListRecords&metadataPrefix=lido' })),
      );
      const by = (s: number) => answers.filter((a) => a.status === s);
      expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
      expect(by(200).length).toBeGreaterThanOrEqual(4);
      // Past four harvests at once the limit answers: before, every request waited its turn (a page after another, 200 of them).
      expect(by(503).length).toBeGreaterThan(0);
      expect(by(503).every((a) => Number(a.retryAfter) > 0)).toBe(true);
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(3_000);
    } finally {
      await new Promise((r) => server.close(r));
      await t.close();
    }
  });
});
