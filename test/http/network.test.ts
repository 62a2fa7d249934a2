import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARVESTER } from '../../src/modules/access/roles.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';

const DIR = fileURLToPath(new URL('../../data/directory', import.meta.url));
const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();
const csv = async (t: TestApp, path: string) =>
  parse((await (await t.app.request(path)).text()).replace(/^\uFEFF/, '')) as string[][];

/** The network's figures: public, right to left in Arabic, downloadable, kept month by month, and by state for focal points. */
describe('the network in figures', () => {
  let t: TestApp;
  let dir: string;
  let total = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-network-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir });
    const s = t.services;
    const { added } = await s.directory.load(DIR);
    const egyptian = (await s.repos.museums.findBySlug(s.database.db, 'eg-museum-of-islamic-art-cairo'))!;
    const director = await makeUser(s, { museum: egyptian, role: 'director', email: 'director@network.eg' });
    const o = await s.objects.create(
      director,
      egyptian.id,
      objectInput({ accessionNumber: 'N.1', visibility: 'public' }),
    );
    await s.objects.create(
      director,
      egyptian.id,
      objectInput({ accessionNumber: 'N.2', visibility: 'draft' }),
    );
    const image = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#224466' } })
      .jpeg()
      .toBuffer();
    await s.media.ingest(director, egyptian.id, o.id, streamOf(image), {});
    await s.worker.drain();
    const abroad = await makeMuseum(s, 'abroad-harvested');
    await s.repos.museums.setHarvestedFrom(s.database.db, abroad.id, 'a-source');
    await s.objects.create(
      HARVESTER,
      abroad.id,
      objectInput({ accessionNumber: 'H.1', visibility: 'public' }),
    );
    const [m] = await s.media.ofObject(director, egyptian.id, o.id);
    expect((await t.app.request(`/iiif/3/${m!.id}/full/32,/0/default.jpg`)).status).toBe(200);
    total = added;
    const admin = await makeUser(s, { admin: true });
    await makeUser(s, { email: 'focal@network.eg' });
    await s.proposals.appoint(admin, { email: 'focal@network.eg', country: 'EG' });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the figures, with the digitization rate and what was harvested and served', async () => {
    // The job counts; requests read what it stored.
    await t.services.network.refreshJob();
    t.services.network.invalidate();
    const f = await t.services.network.figures();
    const next = await t.services.database.db
      .selectFrom('job')
      .select('run_after')
      .where('kind', '=', 'network-figures')
      .where('status', '=', 'pending')
      .execute();
    expect(next).toHaveLength(1);
    expect(f).toMatchObject({
      museums: total,
      museumsOnline: 1,
      objectsCatalogued: 2,
      objectsPublic: 1,
      objectsWithImages: 1,
      recordsHarvested: 1,
      imagesServed: 1,
      imagesServedThisMonth: 1,
    });
    expect(f.museumsByState.EG).toBeGreaterThan(100);
    const page = await (await t.app.request('/en/network')).text();
    expect(page).toContain('<dt>Objects with an image (digitization rate)</dt><dd>1 (50%)</dd>');
    expect(page).toContain('<dt>Records harvested from outside</dt><dd>1</dd>');
    expect(page).toMatch(/<svg[^>]*role="img"/);
    const ar = await (await t.app.request('/ar/network')).text();
    expect(ar).toContain('dir="rtl"');
    // In Arabic the labels stand at the right and run right to left.
    expect(ar).toMatch(/<text x="636" y="\d+" text-anchor="start" direction="rtl"/);
  });

  it('gives every figure as CSV, and keeps a snapshot each month', async () => {
    const byState = await csv(t, '/network/museums-by-state.csv');
    expect(byState[0]).toEqual(['country', 'museums']);
    expect(Number(byState.find((r) => r[0] === 'EG')![1])).toBeGreaterThan(100);
    const summary = await csv(t, '/network/summary.csv');
    expect(summary).toContainEqual(['objectsWithImages', '1']);
    expect((await t.app.request('/network/nothing.csv')).status).toBe(404);
    await t.services.network.snapshot();
    const snap = await t.services.database.db
      .selectFrom('network_snapshot')
      .selectAll()
      .where('month', '!=', 'live')
      .execute();
    expect(snap.map((r) => r.month)).toEqual([new Date().toISOString().slice(0, 7)]);
    const next = await t.services.database.db
      .selectFrom('job')
      .select(['run_after'])
      .where('kind', '=', 'network-snapshot')
      .where('status', '=', 'pending')
      .execute();
    expect(next.map((j) => j.run_after.slice(8, 10))).toEqual(['01']);
    const over = await csv(t, '/network/over-time.csv');
    expect(over.length).toBe(2);
  });

  it('shows a focal point the museums of their state, and no one else the staff dashboard', async () => {
    const focal = new Browser(t.app, { 'accept-language': 'en' });
    await focal.signIn('focal@network.eg');
    const page = await (await focal.get('/staff/network')).text();
    expect(page).toContain('Museums of your member states');
    expect(page).toMatch(/<td>2<\/td><td>1<\/td><td>1 \(50%\)<\/td>/);
    const director = new Browser(t.app, { 'accept-language': 'en' });
    await director.signIn('director@network.eg');
    expect((await director.get('/staff/network')).status).toBe(403);
    const anonymous = await t.app.request('/staff/network');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/sign-in/);
  });
});
