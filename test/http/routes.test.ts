import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/http/openapi.js';
import { createTestApp, type TestApp } from '../http.js';

/** Routes anyone may reach; every other route needs a signed-in actor. */
const PUBLIC = new Set([
  'GET /',
  'GET /sign-in',
  'POST /sign-in',
  'POST /sign-out',
  'GET /lang/:lang',
  'GET /api/openapi.json',
  'GET /healthz',
  'GET /invite/:id',
  'POST /invite/:id',
  'GET /api/auth/*',
  'POST /api/auth/*',
  'GET /static/:file{(osd/)?[A-Za-z0-9_.-]+}',
  // The public object page answers anyone for a public object (test/http/portal.test.ts), and so do its Linked Art and
  // LIDO forms, for public objects only (test/http/records.test.ts); the Linked Art context is a published document.
  'GET /m/:museum/objects/:id',
  'GET /ns/linked-art.json',
  // A museum's page and a person's, place's or term's page list public objects only (test/http/browse.test.ts).
  'GET /m/:museum',
  'GET /a/:id',
  'GET /browse',
  // Places of production of public objects only (test/http/map.test.ts).
  'GET /map',
  // Published stories to anyone, drafts to their museum's staff (test/http/stories.test.ts).
  'GET /stories',
  'GET /m/:museum/stories',
  'GET /m/:museum/stories/:slug',
  // What search engines are told: public objects only (test/http/sitemap.test.ts).
  // OAI-PMH: public records only, for any harvester (test/http/oai.test.ts).
  'GET /oai',
  'POST /oai',
  'GET /robots.txt',
  'GET /sitemap.xml',
  'GET /sitemaps/pages.xml',
  'GET /sitemaps/:file{objects-[0-9]+\\.xml}',
  // Search answers anyone with public records (test/http/search.test.ts).
  'GET /api/v1/search',
  'GET /api/v1/search/suggest',
  'GET /search',
  // Public exports hold public records and fields only (test/http/exports.test.ts).
  'GET /api/v1/export',
  'GET /search/export',
  // The directory is public data (test/http/directory.test.ts).
  'GET /directory',
  'GET /directory/:country{[a-z]{2}}',
  'GET /directory.csv',
  'GET /directory.json',
  'GET /directory.geojson',
  'GET /api/v1/directory',
  'GET /api/v1/directory/countries',
  // Anyone may propose a museum: held for the focal point's review, rate-limited (test/http/directory-proposals.test.ts).
  'GET /directory/propose',
  'POST /directory/propose',
  // The network's aggregate figures are public (test/http/network.test.ts).
  'GET /network',
  'GET /network/:table{[a-z-]+\\.csv}',
  // IIIF answers anyone for public objects and staff for the rest, decided per image (test/http/iiif*.test.ts).
  'OPTIONS /iiif/3/*',
  'GET /iiif/3/:id',
  'GET /iiif/3/:id/info.json',
  'GET /iiif/3/:id/:region/:size/:rotation/:qualityFormat',
  'GET /iiif/3/manifest/:object',
  'GET /iiif/3/collection/:museum',
]);

describe('every route has an access rule and every API route is documented', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  const routes = () =>
    t.app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path }));

  it('refuses every non-public route to an anonymous caller', async () => {
    const checked: string[] = [];
    for (const { method, path } of routes()) {
      // Public pages answer at their address in every language too (`/ar/search`).
      if (PUBLIC.has(`${method} ${path.replace(/^\/(ar|fr|en)(?=\/|$)/, '') || '/'}`)) continue;
      const url = path
        .replace(':museum', 'some-museum')
        .replace(':id', '01900000-0000-7000-8000-000000000000');
      const res = await t.app.request(url, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      const refused =
        res.status === 401 || (res.status === 303 && res.headers.get('location')?.startsWith('/sign-in'));
      expect(refused, `${method} ${path} answered ${res.status}`).toBe(true);
      checked.push(`${method} ${path}`);
    }
    expect(checked.length).toBeGreaterThan(25);
  });

  it('describes every /api/v1 route in the OpenAPI document, with its schemas', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const api = routes().filter((r) => r.path.startsWith('/api/v1/'));
    expect(api.length).toBe(operations().length);
    for (const r of api) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op.responses['400']).toBeDefined();
    }
    const create = doc.paths['/api/v1/museums/{museum}/objects'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['accessionNumber', 'titles']);
    expect(schema.additionalProperties).toBe(false);
  });
});
