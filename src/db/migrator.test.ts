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
    const glass = await s.authorities.create(curator, museum.id, {
      type: 'concept',
      scheme: 'material',
      labels: [{ lang: 'en', value: 'glass', preferred: true }],
    });
    const lamp = await s.objects.create(
      curator,
      museum.id,
      objectInput({
        visibility: 'public',
        titles: [{ lang: 'en', value: 'Mosque lamp' }],
        materials: [{ id: glass.id }],
        dates: ['1350'],
      }),
    );
    await s.objects.create(
      curator,
      museum.id,
      objectInput({ visibility: 'public', titles: [{ lang: 'en', value: 'Mosque carpet' }] }),
    );
    // Written as the platform writes a document, with a value in Arabic script: its word is its UTF-8 bytes, in SQL as in TypeScript.
    await s.repos.search.upsert(db, {
      objectId: lamp.id,
      museumId: museum.id,
      isPublic: true,
      head: 'mosque lamp',
      headStems: '',
      exact: '',
      stems: '',
      facets: [
        { facet: 'museum', value: museum.id },
        { facet: 'material', value: glass.id },
        { facet: 'rights', value: 'قيد' },
      ],
    });
    const engineColumn = async () =>
      (
        await sql<{
          v: string;
        }>`SELECT ${sql.raw(engine === 'sqlite' ? 'scope' : 'CAST(tsv AS text)')} AS v FROM search_doc WHERE object_id = ${lamp.id}`.execute(
          db,
        )
      ).rows[0]!.v;
    const written = await engineColumn();
    expect(written).toContain(facetWord('rights:قيد'));
    const found = async (filter: Record<string, string>) =>
      (await s.searches.searchPublic({ q: 'mosque', ...filter })).items.map((i) => i.accessionNumber);

    const migrator = createMigrator(db, dialect);
    assertMigrated(await migrator.migrateTo('20261204000000_search_facet_clustered'));
    const rows = await sql<{
      facet: string;
      value: string;
    }>`SELECT facet, value FROM search_facet WHERE object_id = ${lamp.id} ORDER BY facet, value`.execute(db);
    expect(rows.rows).toEqual([
      { facet: 'material', value: glass.id },
      { facet: 'museum', value: museum.id },
      { facet: 'rights', value: 'قيد' },
    ]);
    expect(await engineColumn()).not.toContain(facetWord(`material:${glass.id}`));
    assertMigrated(await migrator.migrateToLatest());
    expect(await engineColumn()).toBe(written);
    expect(await found({ material: glass.id })).toEqual([lamp.accessionNumber]);
    expect(await found({})).toHaveLength(2);
    if (engine === 'sqlite') {
      // Public documents in their own range of numbers, and nothing else there.
      const docs = await sql<{
        doc_id: number;
        is_public: number;
      }>`SELECT doc_id, is_public FROM search_doc`.execute(db);
      expect(docs.rows.length).toBeGreaterThan(0);
      for (const d of docs.rows) expect(d.doc_id >= PUBLIC_FROM).toBe(d.is_public === 1);
      await expect(
        sql`UPDATE search_doc SET is_public = 0 WHERE object_id = ${lamp.id}`.execute(db),
      ).rejects.toThrow(/CHECK/);
    }
  });

  it.skipIf(engine !== 'sqlite')(
    'write the FTS5 index from the search repository instead of triggers, and back, the index true either way',
    async () => {
      const s = env.services;
      const { db, dialect } = s.database;
      const museum = await makeMuseum(s, 'fts-written');
      const curator = await makeUser(s, { museum, role: 'curator' });
      const triggers = async () =>
        (
          await sql<{
            name: string;
          }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_doc' ORDER BY name`.execute(
            db,
          )
        ).rows.map((r) => r.name);
      const checked = () =>
        sql`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`.execute(db);
      const found = async (q: string) =>
        (await s.searches.searchPublic({ q })).items.map((i) => i.accessionNumber);
      const ewer = await s.objects.create(
        curator,
        museum.id,
        objectInput({ visibility: 'public', titles: [{ lang: 'en', value: 'Rock crystal ewer' }] }),
      );
      expect(await triggers()).toEqual([]);
      expect(await found('ewer')).toEqual([ewer.accessionNumber]);
      await checked();
      const migrator = createMigrator(db, dialect);
      assertMigrated(await migrator.migrateTo('20261206000000_search_doc_inline'));
      expect(await triggers()).toEqual(['search_doc_ad', 'search_doc_ai', 'search_doc_au']);
      // The triggers alone keep the index, as before: a title changed is found by its new words only.
      await sql`UPDATE search_doc SET head = 'rock crystal jug' WHERE object_id = ${ewer.id}`.execute(db);
      await checked();
      assertMigrated(await migrator.migrateToLatest());
      expect(await triggers()).toEqual([]);
      expect(await found('jug')).toEqual([ewer.accessionNumber]);
      await s.objects.patch(curator, museum.id, ewer.id, {
        titles: [{ lang: 'en', value: 'Rock crystal flask' }],
      });
      expect(await found('flask')).toEqual([ewer.accessionNumber]);
      expect(await found('jug')).toEqual([]);
      await checked();
    },
  );

  it.skipIf(engine !== 'sqlite')(
    'give FTS5 eight megabytes for the words it holds before writing a segment, and back to its default',
    async () => {
      const { db, dialect } = env.services.database;
      const hash = async () =>
        (await sql<{ v: number }>`SELECT v FROM search_fts_config WHERE k = 'hashsize'`.execute(db)).rows[0]
          ?.v;
      expect(await hash()).toBe(8 * 1024 * 1024);
      const migrator = createMigrator(db, dialect);
      assertMigrated(await migrator.migrateTo('20261207000000_search_fts_written'));
      expect(await hash()).toBe(1024 * 1024);
      assertMigrated(await migrator.migrateToLatest());
      expect(await hash()).toBe(8 * 1024 * 1024);
    },
  );

  it.skipIf(engine !== 'postgres')(
    'keep each document’s tsvector in its row, moving those written before, and back out of it',
    async () => {
      const s = env.services;
      const { db, dialect } = s.database;
      const museum = await makeMuseum(s, 'inline-tsv');
      const curator = await makeUser(s, { museum, role: 'curator' });
      // Words of random letters, so that the tsvector (over two kilobytes) does not compress into its row.
      let seed = 7;
      const letter = () => {
        seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
        return String.fromCharCode(97 + (seed % 26));
      };
      const text = Array.from({ length: 300 }, () => Array.from({ length: 9 }, letter).join('')).join(' ');
      const migrator = createMigrator(db, dialect);
      assertMigrated(await migrator.migrateTo('20261205120000_search_public_index'));
      const written = await s.objects.create(
        curator,
        museum.id,
        objectInput({
          visibility: 'public',
          titles: [{ lang: 'en', value: 'Lustre bowl' }],
          descriptions: [{ lang: 'en', value: text }],
        }),
      );
      const storage = async () =>
        Object.fromEntries(
          (
            await sql<{ attname: string; attstorage: string }>`SELECT attname, attstorage FROM pg_attribute
      WHERE attrelid = CAST('search_doc' AS regclass) AND attname IN ('tsv', 'facets', 'object_id', 'exact')`.execute(
              db,
            )
          ).rows.map((r) => [r.attname, r.attstorage]),
        );
      // The museum's lexeme is in the tsvector alone: found among the values moved out of rows, the tsvector is there.
      const movedOut = async () => {
        const toast = (
          await sql<{
            t: string;
          }>`SELECT CAST(reltoastrelid AS regclass) AS t FROM pg_class WHERE oid = CAST('search_doc' AS regclass)`.execute(
            db,
          )
        ).rows[0]!.t;
        const lexeme = Buffer.from(`_m_${museum.id.replace(/[^0-9a-f]/gi, '')}`);
        const r = await sql<{
          n: number;
        }>`SELECT CAST(count(*) AS integer) AS n FROM (SELECT string_agg(chunk_data, ''::bytea ORDER BY chunk_seq) AS v
        FROM ${sql.raw(toast)} GROUP BY chunk_id) x WHERE position(${lexeme} in x.v) > 0`.execute(db);
        return r.rows[0]!.n;
      };
      expect(await storage()).toEqual({ object_id: 'x', exact: 'x', facets: 'x', tsv: 'x' });
      expect(await movedOut()).toBe(1);
      assertMigrated(await migrator.migrateToLatest());
      expect(await storage()).toEqual({ object_id: 'p', exact: 'x', facets: 'm', tsv: 'm' });
      expect(await movedOut()).toBe(0);
      const found = async () =>
        (await s.searches.searchPublic({ q: text.split(' ')[150] })).items.map((i) => i.id);
      expect(await found()).toEqual([written.id]);
      assertMigrated(await migrator.migrateTo('20261205120000_search_public_index'));
      expect(await storage()).toEqual({ object_id: 'x', exact: 'x', facets: 'x', tsv: 'x' });
      expect(await movedOut()).toBe(1);
      assertMigrated(await migrator.migrateToLatest());
      expect(await movedOut()).toBe(0);
      expect(await found()).toEqual([written.id]);
    },
  );

  it.skipIf(engine !== 'postgres')(
    'split the tsvectors’ index into public documents’ and the others’, and back to one index with a lexeme for public ones',
    async () => {
      const s = env.services;
      const { db, dialect } = s.database;
      const museum = await makeMuseum(s, 'public-index');
      const curator = await makeUser(s, { museum, role: 'curator' });
      const shown = await s.objects.create(
        curator,
        museum.id,
        objectInput({ visibility: 'public', titles: [{ lang: 'en', value: 'Brass astrolabe' }] }),
      );
      await s.objects.create(
        curator,
        museum.id,
        objectInput({ visibility: 'internal', titles: [{ lang: 'en', value: 'Brass astrolabe, a copy' }] }),
      );
      const indexes = async () =>
        (
          await sql<{
            indexname: string;
          }>`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'search_doc' AND indexname LIKE 'search_doc_tsv%' ORDER BY indexname`.execute(
            db,
          )
        ).rows.map((r) => r.indexname);
      const flagged = async () =>
        (
          await sql<{
            object_id: string;
          }>`SELECT object_id FROM search_doc WHERE tsv @@ CAST('_public & astrolab' AS tsquery) OR tsv @@ CAST('_public & astrolabe' AS tsquery)`.execute(
            db,
          )
        ).rows.map((r) => r.object_id);
      expect(await indexes()).toEqual(['search_doc_tsv_other_idx', 'search_doc_tsv_public_idx']);
      expect(await flagged()).toEqual([]);
      const migrator = createMigrator(db, dialect);
      assertMigrated(await migrator.migrateTo('20261204120000_search_facet_words'));
      // As the searches before it expect: one index, and public documents found by their lexeme.
      expect(await indexes()).toEqual(['search_doc_tsv_idx']);
      expect(await flagged()).toEqual([shown.id]);
      assertMigrated(await migrator.migrateToLatest());
      expect(await indexes()).toEqual(['search_doc_tsv_other_idx', 'search_doc_tsv_public_idx']);
      expect(await flagged()).toEqual([]);
      // A public search reads the public documents' index alone; staff read both (planned on a table large enough for an index to matter).
      await sql`INSERT INTO search_doc (object_id, museum_id, is_public, exact, stems, updated_at, facets, tsv)
      SELECT 'filler-' || g, ${museum.id}, g % 2, 'filler', '', '2026-01-01', '[]', CAST('filler' AS tsvector) FROM generate_series(1, 5000) AS g`.execute(
        db,
      );
      await sql`ANALYZE search_doc`.execute(db);
      const plan = async (trx: typeof db, text: Parameters<typeof dialect.fullText.matching>[0]) =>
        (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${dialect.fullText.matching(text)}`.execute(trx)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      const words = [{ word: 'astrolabe', stem: null }];
      const pub = await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        return [
          await plan(trx, { terms: words, prefixLast: false, museumId: null, publicOnly: true }),
          await plan(trx, { terms: words, prefixLast: false, museumId: museum.id, publicOnly: false }),
        ];
      });
      expect(pub[0]).toContain('search_doc_tsv_public_idx');
      expect(pub[0]).not.toContain('search_doc_tsv_other_idx');
      expect(pub[1]).toContain('search_doc_tsv_public_idx');
      expect(pub[1]).toContain('search_doc_tsv_other_idx');
      await sql`DELETE FROM search_doc WHERE object_id LIKE 'filler-%'`.execute(db);
      expect((await s.searches.searchPublic({ q: 'astrolabe' })).items.map((i) => i.id)).toEqual([shown.id]);
      expect((await s.searches.searchMuseum(curator, museum.id, { q: 'astrolabe' })).total).toBe(2);
    },
  );
});
