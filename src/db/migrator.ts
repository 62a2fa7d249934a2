import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Dialect } from './dialect/dialect.js';
import { migrations } from './migrations/index.js';

export interface MigrationContext {
  dialect: Dialect;
}

interface MigrationModule {
  // biome-ignore lint/suspicious/noExplicitAny: see the migration files
  up(db: Kysely<any>, ctx: MigrationContext): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: see the migration files
  down(db: Kysely<any>, ctx: MigrationContext): Promise<void>;
}

/** The migrator of a database, its tables kept in the database's current schema. */
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function migratorFor(db: Kysely<any>, dialect: Dialect): Promise<Migrator> {
  return createMigrator(db, dialect, await dialect.currentSchema(db));
}

/** Kysely's migrator over the TypeScript migrations of `db/migrations`, each given the dialect. */
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export function createMigrator(db: Kysely<any>, dialect: Dialect, schema?: string): Migrator {
  const ctx: MigrationContext = { dialect };
  const list: Record<string, MigrationModule> = migrations;
  return new Migrator({
    db,
    // Named, so that the migration tables of another schema in the same database are not taken for ours.
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: {
      async getMigrations() {
        const out: Record<string, Migration> = {};
        for (const [name, m] of Object.entries(list)) {
          out[name] = { up: (trx) => m.up(trx, ctx), down: (trx) => m.down(trx, ctx) };
        }
        return out;
      },
    },
  });
}

/** Throws with the failing migration's name when a migration fails. */
export function assertMigrated({ error, results }: MigrationResultSet): void {
  if (!error) return;
  const failed = results?.find((r) => r.status === 'Error');
  throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
}
