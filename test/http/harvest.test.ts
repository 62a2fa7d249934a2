import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/access/roles.js';
import type { MuseumObject } from '../../src/modules/objects/object.schemas.js';
import { TermIndex } from '../../src/seed/terms.js';
import { loadWalters } from '../../src/seed/walters.js';
import { makeMuseum, makeUser } from '../factories.js';
import { apiClient, Browser, createTestApp, type TestApp } from '../http.js';

const WALTERS = fileURLToPath(new URL('../../data/samples/walters/objects.jsonl', import.meta.url));
const SAMPLE = 120;
const labels = (links: MuseumObject['makers']) =>
  links
    .map((l) => [
      l.labels
        .map((x) => `${x.lang}:${x.value}`)
        .sort()
        .join('|'),
      l.qualifier ?? null,
    ])
    .sort();
const sorted = <T>(xs: T[]) => [...xs].map((x) => JSON.stringify(x)).sort();

/**
 * The round trip of the issue: the Walters sample published by one Mathaf as LIDO over OAI-PMH,
 * harvested by another, compared field by field; then changes and deletions at the source.
 */
describe('harvesting another Mathaf over OAI-PMH', () => {
  let source: TestApp;
  let hub: TestApp;
  let close: () => Promise<void>;
  let base = '';
  let waltersId = '';
  beforeAll(async () => {
    source = await createTestApp('sqlite');
    const walters = await source.services.museums.create(SYSTEM_ACTOR, {
      slug: 'walters',
      names: [{ lang: 'en', value: 'The Walters Art Museum' }],
      defaultLanguage: 'en',
    });
    waltersId = walters.id;
    const terms = new TermIndex(source.services);
    await terms.loadShared();
    await loadWalters(source.services, walters.id, WALTERS, terms, undefined, SAMPLE);
    const server = serve({ fetch: source.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai`;
    close = () => new Promise((r) => server.close(() => r()));
    hub = await createTestApp('sqlite', { HARVEST_RETRIES: '0', HARVEST_BACKOFF_SECONDS: '0' });
  }, 120_000);
  afterAll(async () => {
    await close();
    await source.close();
    await hub.close();
  });

  it('harvests every public record as LIDO, field for field, into a read-only museum of the union catalogue', async () => {
    const admin = await makeUser(hub.services, { admin: true });
    const s = hub.services;
    const registered = await s.harvests.register(admin, {
      name: 'Walters (harvested)',
      baseUrl: base,
      metadataPrefix: 'lido',
      intervalHours: 0,
      allowPrivate: true,
      slug: 'walters-h',
    });
    await s.harvests.request(admin, registered.id, {});
    await s.worker.drain();
    const [run] = await s.harvests.runs(admin, registered.id);
    expect(run, JSON.stringify(run?.report)).toMatchObject({
      status: 'done',
      mode: 'full',
      report: { added: SAMPLE, rejected: 0, error: null },
    });
    expect(run!.report.pages).toBe(Math.ceil(SAMPLE / 100));

    const originals = await source.services.objects.list(SYSTEM_ACTOR, waltersId, { limit: 200 });
    const copies = await s.objects.list(admin, registered.museumId, { limit: 200 });
    expect(copies.total).toBe(SAMPLE);
    const byNumber = new Map(copies.items.map((c) => [c.accessionNumber, c.id]));
    let compared = 0;
    for (const item of originals.items) {
      const a = await source.services.objects.get(SYSTEM_ACTOR, waltersId, item.id);
      const copyId = byNumber.get(a.accessionNumber);
      expect(copyId, a.accessionNumber).toBeDefined();
      const b = await s.objects.get(admin, registered.museumId, copyId!);
      const where = `${a.accessionNumber}`;
      expect(sorted(b.titles), where).toEqual(sorted(a.titles));
      expect(sorted(b.descriptions), where).toEqual(sorted(a.descriptions));
      expect(sorted(b.provenance), where).toEqual(sorted(a.provenance));
      for (const f of [
        'makers',
        'cultures',
        'dynasties',
        'periods',
        'materials',
        'techniques',
        'collections',
        'objectNames',
      ] as const)
        expect(labels(b[f]), `${where} ${f}`).toEqual(labels(a[f]));
      expect(
        b.places
          .map((p) =>
            p.labels
              .map((l) => l.value)
              .sort()
              .join('|'),
          )
          .sort(),
        where,
      ).toEqual(
        a.places
          .map((p) =>
            p.labels
              .map((l) => l.value)
              .sort()
              .join('|'),
          )
          .sort(),
      );
      const firstDate = a.dates.find((d) => d.status !== 'undated');
      expect(b.dates.map((d) => [d.earliest, d.latest]).slice(0, 1), where).toEqual(
        firstDate ? [[firstDate.earliest, firstDate.latest]] : [],
      );
      expect(b.dimensions, where).toEqual(a.dimensions);
      expect(
        b.inscriptions.map((i) => i.text),
        where,
      ).toEqual(a.inscriptions.map((i) => i.text));
      expect(b.rights, where).toBe(a.rights);
      expect(sorted(b.keywords), where).toEqual(sorted(a.keywords));
      expect(b.creditLine.map((c) => c.value).join(' / '), where).toBe(
        a.creditLine.map((c) => c.value).join(' / '),
      );
      expect(b.visibility).toBe('public');
      compared++;
    }
    expect(compared).toBe(SAMPLE);

    // In the union catalogue, linked back to the source, and read-only.
    const sample = await s.objects.get(admin, registered.museumId, copies.items[0]!.id);
    const found = await s.searches.searchPublic({ q: sample.accessionNumber });
    expect(found.items.some((i) => i.id === sample.id && i.museum === 'walters-h')).toBe(true);
    const page = await (await hub.app.request(`/en/m/walters-h/objects/${sample.id}`)).text();
    expect(page).toMatch(/Walters \(harvested\)/);
    // Only a harvested museum's records name a source: the museum says it is one, the source's own museum does not.
    expect((await s.repos.museums.findBySlug(s.database.db, 'walters-h'))?.harvested).toBe(true);
    expect(
      (await source.services.repos.museums.findBySlug(source.services.database.db, 'walters'))?.harvested,
    ).toBe(false);
    const local = await (await source.app.request(`/en/m/walters/objects/${originals.items[0]!.id}`)).text();
    expect(local).toContain('<h1>');
    expect(local).not.toContain('This record comes from');
    expect(page).toContain('This record comes from');
    // The source names its records by its own public address.
    expect(page).toMatch(
      /href="http:\/\/localhost:8080\/en\/m\/walters\/objects\/[0-9a-f-]+" rel="external nofollow"/,
    );
    await expect(
      s.objects.patch(admin, registered.museumId, sample.id, {
        titles: [{ lang: 'en', value: 'Overwritten' }],
      }),
    ).rejects.toMatchObject({ status: 409, code: 'read_only' });
  }, 120_000);

  it('takes in changes and deletions at the source on the next, incremental, run', async () => {
    const admin = await makeUser(hub.services, { admin: true });
    const s = hub.services;
    const [registered] = await s.harvests.list(admin);
    const items = (await source.services.objects.list(SYSTEM_ACTOR, waltersId, { limit: 3 })).items;
    await source.services.objects.patch(SYSTEM_ACTOR, waltersId, items[0]!.id, {
      titles: [{ lang: 'en', value: 'Renamed at the source' }],
    });
    await source.services.objects.patch(SYSTEM_ACTOR, waltersId, items[1]!.id, { visibility: 'internal' });
    await s.harvests.request(admin, registered!.id, {});
    await s.worker.drain();
    const [run] = await s.harvests.runs(admin, registered!.id);
    expect(run).toMatchObject({
      status: 'done',
      mode: 'incremental',
      report: { updated: 1, deleted: 1, added: 0, error: null },
    });
    const copies = await s.objects.list(admin, registered!.museumId, { limit: 200 });
    expect(copies.total).toBe(SAMPLE - 1);
    expect(copies.items.some((c) => c.accessionNumber === items[1]!.accessionNumber)).toBe(false);
    const renamed = copies.items.find((c) => c.accessionNumber === items[0]!.accessionNumber)!;
    expect((await s.objects.get(admin, registered!.museumId, renamed.id)).titles).toEqual([
      { lang: 'en', value: 'Renamed at the source' },
    ]);
  }, 60_000);

  it('lets an administrator add a source and harvest it from the pages and the API, and no one else', async () => {
    const admin = await makeUser(hub.services, { admin: true, email: 'hub-admin@example.org' });
    const b = new Browser(hub.app, { 'accept-language': 'en' });
    await b.signIn(admin.email);
    expect(await (await b.get('/staff')).text()).toContain('href="/staff/harvest"');
    const bad = await b.post('/staff/harvest', { name: 'Bad', baseUrl: 'not a url', slug: 'Bad Slug' });
    expect(bad.status).toBe(400);
    const added = await b.post('/staff/harvest', {
      name: 'Walters again',
      baseUrl: base,
      slug: 'walters-dc',
      metadataPrefix: 'oai_dc',
      intervalHours: '0',
      allowPrivate: '1',
      defaultLanguage: 'en',
    });
    expect(added.status).toBe(303);
    const at = added.headers.get('location')!;
    expect((await b.post(`${at}/run`, {})).status).toBe(303);
    await hub.services.worker.drain();
    const page = await (await b.get(at)).text();
    // One record was withdrawn at the source by the test before.
    expect(page).toContain(`${SAMPLE - 1} added, 0 updated, 0 deleted, 0 refused, in 2 pages`);
    const api = await apiClient(hub, admin.userId);
    const listed = await (await api.call('GET', '/api/v1/harvest/sources')).json();
    expect(listed.items.map((x: { name: string }) => x.name)).toContain('Walters again');
    const director = await makeUser(hub.services, {
      museum: await makeMuseum(hub.services),
      role: 'director',
      email: 'not-admin@example.org',
    });
    expect(
      (await (await apiClient(hub, director.userId)).call('GET', '/api/v1/harvest/sources')).status,
    ).toBe(403);
    const other = new Browser(hub.app, { 'accept-language': 'en' });
    await other.signIn(director.email);
    expect((await other.get('/staff/harvest')).status).toBe(403);
  }, 60_000);
});
