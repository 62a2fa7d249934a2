import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/env.js';
import { describe } from '../../http/openapi.js';
import { queryAll } from '../../http/request.js';
import { csvLine, UTF8_BOM } from '../exports/csv.js';
import { country, type DirectoryEntry, directoryPage, directoryQuery } from './directory.schemas.js';

const OPEN = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' };
const COLUMNS = [
  'slug',
  'name_en',
  'name_ar',
  'name_fr',
  'country',
  'city',
  'type',
  'founded',
  'latitude',
  'longitude',
  'position',
  'website',
  'wikidata',
  'public_objects',
  'url',
];

const nameIn = (e: DirectoryEntry, lang: string) => e.names.find((n) => n.lang === lang)?.value ?? null;

/** The directory as data: the API, and CSV, JSON and GeoJSON downloads of any selection (the page's filters). */
export function directoryRoutes() {
  const r = new Hono<AppEnv>();
  const all = async (c: Context<AppEnv>) =>
    (await c.get('services').directory.search({ ...queryAll(c), limit: '5000' })).items;
  const url = (c: { get(k: 'services'): AppEnv['Variables']['services'] }, e: DirectoryEntry) =>
    `${c.get('services').config.PUBLIC_URL}/m/${e.slug}`;
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/directory',
      tag: 'directory',
      summary: 'The museums of the network, filtered (public)',
      query: directoryQuery,
      response: directoryPage,
    }).path,
    async (c) => {
      c.header('Access-Control-Allow-Origin', '*');
      return c.json(await c.get('services').directory.search(queryAll(c)));
    },
  );
  r.get(
    describe({
      method: 'get',
      path: '/api/v1/directory/countries',
      tag: 'directory',
      summary: 'The member states (public)',
      response: z.object({ items: z.array(country) }),
    }).path,
    async (c) => {
      c.header('Access-Control-Allow-Origin', '*');
      return c.json({ items: await c.get('services').directory.countries() });
    },
  );
  r.get('/directory.json', async (c) =>
    c.body(JSON.stringify({ items: (await all(c)).map((e) => ({ ...e, url: url(c, e) })) }), 200, {
      ...OPEN,
      'Content-Type': 'application/json; charset=utf-8',
    }),
  );
  r.get('/directory.csv', async (c) => {
    const rows = (await all(c)).map((e) =>
      csvLine([
        e.slug,
        nameIn(e, 'en'),
        nameIn(e, 'ar'),
        nameIn(e, 'fr'),
        e.country,
        e.city,
        e.type,
        e.founded,
        e.latitude,
        e.longitude,
        e.latitude === null ? null : e.approximate ? 'city' : 'own',
        e.website,
        e.wikidata,
        e.objects,
        url(c, e),
      ]),
    );
    return c.body(UTF8_BOM + csvLine(COLUMNS) + rows.join(''), 200, {
      ...OPEN,
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': 'attachment; filename="museums.csv"',
    });
  });
  r.get('/directory.geojson', async (c) => {
    // RFC 7946: longitude first. Museums placed at their city's position say so.
    const features = (await all(c))
      .filter((e) => e.latitude !== null)
      .map((e) => ({
        type: 'Feature',
        id: e.slug,
        geometry: { type: 'Point', coordinates: [e.longitude, e.latitude] },
        properties: {
          names: e.names,
          country: e.country,
          city: e.city,
          type: e.type,
          position: e.approximate ? 'city' : 'own',
          publicObjects: e.objects,
          url: url(c, e),
          wikidata: e.wikidata,
        },
      }));
    return c.body(JSON.stringify({ type: 'FeatureCollection', features }), 200, {
      ...OPEN,
      'Content-Type': 'application/geo+json',
    });
  });
  return r;
}
