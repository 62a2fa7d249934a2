import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { HarvestRepository } from './harvest.repository.js';

/** The records of a source, written a page at a time: new ones added, known ones updated, in one statement per 500. */
describe.each(ENGINES)('harvested records on %s', (engine) => {
  let env: TestEnv;
  const repo = new HarvestRepository();
  beforeAll(async () => {
    env = await createTestEnv(engine);
  });
  afterAll(() => env.close());

  const record = (i: number, run: string) => ({
    identifier: `oai:src:${i}`,
    objectId: `obj-${i}-${run}`,
    datestamp: `2026-12-0${run === 'a' ? 1 : 2}`,
    url: i % 2 ? null : `https://src.example/${i}`,
  });

  it('adds new records and updates known ones, the last of a page winning when it names one twice', async () => {
    const db = env.services.database.db;
    // More than one chunk of 500, so that a statement built once is sent again.
    await repo.upsertRecords(
      db,
      'source-1',
      'run-a',
      Array.from({ length: 1_203 }, (_, i) => record(i, 'a')),
    );
    await repo.upsertRecords(db, 'source-2', 'run-a', [record(0, 'a')]);
    const second = [
      ...Array.from({ length: 1_001 }, (_, i) => record(i + 600, 'b')),
      { ...record(700, 'b'), objectId: 'obj-700-last' },
    ];
    await repo.upsertRecords(db, 'source-1', 'run-b', second);
    const rows = await db
      .selectFrom('harvested_record')
      .selectAll()
      .where('source_id', '=', 'source-1')
      .orderBy('identifier')
      .execute();
    expect(rows).toHaveLength(1_601);
    const byId = new Map(rows.map((r) => [r.identifier, r]));
    expect(byId.get('oai:src:5')).toEqual({
      source_id: 'source-1',
      identifier: 'oai:src:5',
      object_id: 'obj-5-a',
      datestamp: '2026-12-01',
      url: null,
      seen_in: 'run-a',
    });
    expect(byId.get('oai:src:600')).toEqual({
      source_id: 'source-1',
      identifier: 'oai:src:600',
      object_id: 'obj-600-b',
      datestamp: '2026-12-02',
      url: 'https://src.example/600',
      seen_in: 'run-b',
    });
    expect(byId.get('oai:src:700')?.object_id).toBe('obj-700-last');
    expect(byId.get('oai:src:1600')?.seen_in).toBe('run-b');
    // Another source's record of the same identifier is its own.
    expect((await repo.objectsOf(db, 'source-2', ['oai:src:0'])).get('oai:src:0')).toBe('obj-0-a');
    expect((await repo.unseen(db, 'source-1', 'run-b')).map((r) => r.identifier).sort()).toEqual(
      Array.from({ length: 600 }, (_, i) => `oai:src:${i}`).sort(),
    );
  });
});
