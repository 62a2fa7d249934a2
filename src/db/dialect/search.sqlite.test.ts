import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import type { Actor } from '../../modules/access/roles.js';
import type { Museum } from '../../modules/museums/museum.schemas.js';
import { PUBLIC_FROM } from './search.sqlite.js';

/** FTS5 numbers public documents apart; a count beyond the cap is estimated from where the cap-th match lies in its range. */
describe('public documents numbered apart on SQLite', () => {
  let env: TestEnv;
  let museum: Museum;
  let curator: Actor;
  beforeAll(async () => {
    env = await createTestEnv('sqlite', { SEARCH_EXACT_UP_TO: '4' });
    const s = env.services;
    museum = await makeMuseum(s, 'ranges');
    curator = await makeUser(s, { museum, role: 'curator' });
    // Every record matches: 12 public and 12 internal, written in turn.
    for (let i = 0; i < 24; i++) {
      await s.objects.create(curator, museum.id, objectInput({ accessionNumber: `R.${i}`, visibility: i % 2 ? 'internal' : 'public', titles: [{ lang: 'en', value: 'Mosque lamp' }] }));
    }
  });
  afterAll(() => env.close());

  it('keeps public documents from 2^40 up and moves a document when it is published or withdrawn', async () => {
    const s = env.services;
    const db = s.database.db;
    const docs = async () => (await sql<{ object_id: string; doc_id: number; is_public: number }>`SELECT object_id, doc_id, is_public FROM search_doc ORDER BY doc_id`.execute(db)).rows;
    for (const d of await docs()) expect(d.doc_id >= PUBLIC_FROM).toBe(d.is_public === 1);
    const internal = (await docs()).find((d) => !d.is_public)!;
    const o = await s.objects.get(curator, museum.id, internal.object_id);
    await s.objects.update(curator, museum.id, o.id, objectInput({ accessionNumber: o.accessionNumber, version: o.version, visibility: 'public', titles: [{ lang: 'en', value: 'Mosque lamp' }] }));
    const moved = (await docs()).find((d) => d.object_id === o.id)!;
    expect(moved.doc_id).toBeGreaterThan(Math.max(...(await docs()).filter((d) => d.object_id !== o.id).map((d) => d.doc_id)));
    expect((await s.searches.searchPublic({ q: 'lamp', limit: '30', sort: 'accession' })).items.map((i) => i.accessionNumber)).toContain(o.accessionNumber);
    const again = await s.objects.get(curator, museum.id, o.id);
    await s.objects.update(curator, museum.id, o.id, objectInput({ accessionNumber: o.accessionNumber, version: again.version, visibility: 'internal', titles: [{ lang: 'en', value: 'Mosque lamp' }] }));
    expect((await docs()).find((d) => d.object_id === o.id)!.doc_id).toBeLessThan(PUBLIC_FROM);
    expect((await s.searches.searchPublic({ q: 'lamp', limit: '30', sort: 'accession' })).items.map((i) => i.accessionNumber)).not.toContain(o.accessionNumber);
  });

  it('estimates the public total from the public range alone, and staff’s from both', async () => {
    const s = env.services;
    const pub = await s.searches.searchPublic({ q: 'lamp' });
    expect(pub).toMatchObject({ estimated: true, total: 12 });
    const staff = await s.searches.searchMuseum(curator, museum.id, { q: 'lamp' });
    expect(staff).toMatchObject({ estimated: true, total: 24 });
  });
});
