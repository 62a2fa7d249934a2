import { NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../test/factories.js';
import { facetWord } from './dialect/search.js';
import { PUBLIC_FROM } from './dialect/search.sqlite.js';
import { assertMigrated, createMigrator } from './migrator.js';

describe.each(ENGINES)('migrations on %s', (engine) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  it('run up, report their status, revert one by one to nothing and run again', async () => {
    const { db, dialect } = env.services.database;
    const migrator = createMigrator(db, dialect);
    const all = await migrator.getMigrations();
    expect(all.every((m) => m.executedAt)).toBe(true);
    const down = await migrator.migrateDown();
    assertMigrated(down);
    expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([[all.at(-1)!.name, 'Success']]);
    assertMigrated(await migrator.migrateTo(NO_MIGRATIONS));
    expect((await migrator.getMigrations()).some((m) => m.executedAt)).toBe(false);
    await expect(db.selectFrom('object').select('id').execute()).rejects.toThrow();
    assertMigrated(await migrator.migrateToLatest());
    expect(await db.selectFrom('object').select('id').execute()).toEqual([]);
  });

  it('move facet values from their own table into the full-text index, written as the platform writes them, and back', async () => {
    const s = env.services;
    const { db, dialect } = s.database;
    const museum = await makeMuseum(s, `facet-words-${engine}`);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const glass = await s.authorities.create(curator, museum.id, { type: 'concept', scheme: 'material', labels: [{ lang: 'en', value: 'glass', preferred: true }] });
    const lamp = await s.objects.create(curator, museum.id, objectInput({ visibility: 'public', titles: [{ lang: 'en', value: 'Mosque lamp' }], materials: [{ id: glass.id }], dates: ['1350'] }));
    await s.objects.create(curator, museum.id, objectInput({ visibility: 'public', titles: [{ lang: 'en', value: 'Mosque carpet' }] }));
    // Written as the platform writes a document, with a value in Arabic script: its word is its UTF-8 bytes, in SQL as in TypeScript.
    await s.repos.search.upsert(db, {
      objectId: lamp.id, museumId: museum.id, isPublic: true, head: 'mosque lamp', headStems: '', exact: '', stems: '',
      facets: [{ facet: 'museum', value: museum.id }, { facet: 'material', value: glass.id }, { facet: 'rights', value: 'قيد' }],
    });
    const engineColumn = async () => (await sql<{ v: string }>`SELECT ${sql.raw(engine === 'sqlite' ? 'scope' : 'CAST(tsv AS text)')} AS v FROM search_doc WHERE object_id = ${lamp.id}`.execute(db)).rows[0]!.v;
    const written = await engineColumn();
    expect(written).toContain(facetWord('rights:قيد'));
    const found = async (filter: Record<string, string>) => (await s.searches.searchPublic({ q: 'mosque', ...filter })).items.map((i) => i.accessionNumber);

    const migrator = createMigrator(db, dialect);
    assertMigrated(await migrator.migrateDown());
    const rows = await sql<{ facet: string; value: string }>`SELECT facet, value FROM search_facet WHERE object_id = ${lamp.id} ORDER BY facet, value`.execute(db);
    expect(rows.rows).toEqual([{ facet: 'material', value: glass.id }, { facet: 'museum', value: museum.id }, { facet: 'rights', value: 'قيد' }]);
    expect(await engineColumn()).not.toContain(facetWord(`material:${glass.id}`));
    assertMigrated(await migrator.migrateToLatest());
    expect(await engineColumn()).toBe(written);
    expect(await found({ material: glass.id })).toEqual([lamp.accessionNumber]);
    expect(await found({})).toHaveLength(2);
    if (engine === 'sqlite') {
      // Public documents in their own range of numbers, and nothing else there.
      const docs = await sql<{ doc_id: number; is_public: number }>`SELECT doc_id, is_public FROM search_doc`.execute(db);
      expect(docs.rows.length).toBeGreaterThan(0);
      for (const d of docs.rows) expect(d.doc_id >= PUBLIC_FROM).toBe(d.is_public === 1);
      await expect(sql`UPDATE search_doc SET is_public = 0 WHERE object_id = ${lamp.id}`.execute(db)).rejects.toThrow(/CHECK/);
    }
  });
});
