import { getMigrations } from 'better-auth/db/migration';
import type { BetterAuthOptions } from 'better-auth';
import type { Database } from './database.js';
import { assertMigrated, migratorFor } from './migrator.js';

/**
 * Brings the database to the current schema: first better-auth's tables (users, sessions,
 * organizations, members), which Mathaf's tables refer to, then Mathaf's own migrations.
 */
export async function migrateToLatest(database: Database, authOptions: BetterAuthOptions): Promise<string[]> {
  const auth = await getMigrations(authOptions);
  await auth.runMigrations();
  const result = await (await migratorFor(database.db, database.dialect)).migrateToLatest();
  assertMigrated(result);
  return (result.results ?? []).map((r) => r.migrationName);
}
