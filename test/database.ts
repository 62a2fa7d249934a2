import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createServices, type Services } from '../src/services.js';

export type Engine = 'sqlite' | 'postgres';

/** The engines this run tests on: SQLite always, PostgreSQL when a server is there. */
export const ENGINES: Engine[] = inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestEnv {
  services: Services;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database with every service on it: in-memory SQLite, or a new schema of
 * its own on the PostgreSQL test server (dropped on close).
 */
export async function createTestEnv(engine: Engine, env: Record<string, string> = {}): Promise<TestEnv> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  if (engine === 'sqlite') {
    const database = openDatabase('sqlite::memory:');
    const services = createServices(config, database);
    await migrateToLatest(database, services.auth.options);
    return { services, close: () => database.close() };
  }
  const url = inject('pgUrl');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = openDatabase(url, { searchPath: schema, poolMax: 4 });
  const services = createServices(config, database);
  await migrateToLatest(database, services.auth.options);
  return {
    services,
    async close() {
      await database.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
