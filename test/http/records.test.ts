import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../database.js';
import { makeConcept, makeMuseum, makePerson, makeUser, objectInput } from '../factories.js';
import { Browser, createTestApp, type TestApp } from '../http.js';
import { linkedArtErrors } from '../linked-art.js';
import { schemaErrors } from '../xml.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

/** An object's Linked Art and LIDO forms: public records only, public fields only, valid against the official schemas. */
describe.each(ENGINES)('an object as Linked Art and LIDO (%s)', (engine) => {
  let t: TestApp;
  let dir: string;
  let pub = '';
  let internal = '';
  let withdrawn = '';
  const at = (id: string, suffix = '') => `/m/records/objects/${id}${suffix}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-records-'));
    t = await createTestApp(engine, { MEDIA_DIR: dir });
    const s = t.services;
    const museum = await makeMuseum(s, 'records');
    const curator = await makeUser(s, { museum, role: 'director', email: 'director@records.org' });
    const maker = await makePerson(s, 'Ibn al-Bawwab', 'ابن البواب');
    const material = await makeConcept(s, 'material', 'paper', 'ورق');
    const dynasty = await makeConcept(s, 'dynasty', 'Abbasid', 'العباسيون');
    const o = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        accessionNumber: 'REC.1',
        visibility: 'public',
        dates: ['391 AH'],
        titles: [
          { lang: 'ar', value: 'مصحف ابن البواب' },
          { lang: 'en', value: 'The Ibn al-Bawwab Qurʾan' },
        ],
        descriptions: [{ lang: 'en', value: 'Written in Baghdad.' }],
        makers: [{ id: maker.id, qualifier: 'calligrapher' }],
        materials: [{ id: material.id }],
        dynasties: [{ id: dynasty.id }],
        dimensions: [{ type: 'height', value: 17.5, unit: 'cm' }],
        otherNumbers: [{ type: 'old number', value: 'CANARY-OLDNUMBER-5521' }],
        rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
      }),
    );
    pub = o.id;
    const shelf = await s.locations.create(curator, museum.id, {
      code: 'CANARY-SHELF-8812',
      kind: 'shelf',
      names: [{ lang: 'en', value: 'CANARY store room' }],
    });
    await s.locations.move(curator, museum.id, { to: shelf.id, objectIds: [o.id], reason: 'storage' });
    await s.valuations.value(curator, museum.id, o.id, {
      amount: '987654321.55',
      currency: 'MAD',
      valuedOn: '2026-01-01',
      valuer: 'CANARY-VALUER',
      reason: 'insurance',
      note: 'CANARY-NOTE',
    });
    const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#884422' } })
      .jpeg()
      .toBuffer();
    await s.media.ingest(curator, museum.id, o.id, streamOf(image), {});
    await s.worker.drain();
    internal = (
      await s.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: 'REC.2',
          visibility: 'internal',
          titles: [{ lang: 'en', value: 'CANARY internal' }],
        }),
      )
    ).id;
    const w = await s.objects.create(
      curator,
      museum.id,
      objectInput({ accessionNumber: 'REC.3', visibility: 'public' }),
    );
    await s.objects.update(curator, museum.id, w.id, {
      ...objectInput({ accessionNumber: 'REC.3', visibility: 'internal' }),
      version: w.version,
    });
    withdrawn = w.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a public object as Linked Art, valid, linking its page, its manifest and its image service', async () => {
    const res = await t.app.request(at(pub, '.jsonld'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"',
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain('987654321');
    const doc = JSON.parse(text);
    expect(linkedArtErrors(doc)).toEqual([]);
    expect(doc.id).toBe(`http://localhost:8080${at(pub, '.jsonld')}`);
    expect(doc.identified_by).toContainEqual(
      expect.objectContaining({ type: 'Name', content: 'مصحف ابن البواب' }),
    );
    expect(doc.produced_by.part[0].carried_out_by[0]).toMatchObject({ type: 'Person', _label: 'ابن البواب' });
    expect(doc.produced_by.timespan.begin_of_the_begin).toBe('1000-01-01T00:00:00Z');
    expect(doc.made_of[0]).toMatchObject({ type: 'Material', _label: 'ورق' });
    expect(text).toContain(`http://localhost:8080/iiif/3/manifest/${pub}`);
    expect(doc.representation).toHaveLength(1);
  });

  it('answers the page’s own address with JSON-LD to a reader that asks for it, and HTML otherwise', async () => {
    const json = await t.app.request(`/ar${at(pub)}`, { headers: { accept: 'application/ld+json' } });
    expect(json.headers.get('content-type')).toContain('application/ld+json');
    expect((await json.json()).type).toBe('HumanMadeObject');
    const html = await t.app.request(`/ar${at(pub)}`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('vary')).toMatch(/\bAccept\b/);
    const page = await html.text();
    expect(page).toContain(`href="${at(pub, '.jsonld')}"`);
    expect(page).toContain(`href="${at(pub, '.lido.xml')}"`);
  });

  it('gives a public object as LIDO, valid against the LIDO 1.1 schema', async () => {
    const res = await t.app.request(at(pub, '.lido.xml'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    expect(schemaErrors(xml, 'lido')).toBe('');
    expect(xml).not.toContain('CANARY');
    expect(xml).toContain('<lido:workID lido:type="inventory number">REC.1</lido:workID>');
    expect(xml).toContain('<lido:appellationValue xml:lang="ar">ابن البواب</lido:appellationValue>');
  });

  it('finds no hidden record in any form, and says when one was withdrawn', async () => {
    // Not even to the museum's own staff, who see the record's page: these forms are for publishing.
    const staff = new Browser(t.app);
    expect((await staff.signIn('director@records.org')).status).toBe(303);
    expect((await staff.get(`/en${at(internal)}`)).status).toBe(200);
    for (const suffix of ['.jsonld', '.lido.xml']) {
      for (const hidden of [
        await t.app.request(at(internal, suffix)),
        await staff.get(at(internal, suffix)),
      ]) {
        expect(hidden.status).toBe(404);
        expect(await hidden.text()).not.toContain('CANARY');
      }
      expect((await t.app.request(at(withdrawn, suffix))).status).toBe(410);
      expect((await t.app.request(at('not-an-id', suffix))).status).toBe(404);
      expect((await t.app.request(`/m/elsewhere/objects/${pub}${suffix}`)).status).toBe(404);
    }
    expect((await t.app.request(at(internal), { headers: { accept: 'application/ld+json' } })).status).toBe(
      404,
    );
  });

  it('serves the Linked Art context from this host', async () => {
    const res = await t.app.request('/ns/linked-art.json');
    expect(res.status).toBe(200);
    expect((await res.json())['@context'].HumanMadeObject).toBeDefined();
  });
});
