import { NO_MIGRATIONS } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../test/database.js';
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
});
