import { serve } from '@hono/node-server';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createApp } from './http/app.js';
import { createLogger } from './logger.js';
import { createServices } from './services.js';

/**
 * The composition root: config → database → repositories and services → HTTP.
 * The CLI calls `boot` for every command, and `start` to serve.
 */
export async function boot(config: Config) {
  const logger = createLogger(config);
  const database = openDatabase(config.DATABASE_URL, { poolMax: config.DATABASE_POOL_MAX });
  const services = createServices(config, database);
  await migrateToLatest(database, services.auth.options);
  return { config, logger, database, services };
}

export type Booted = Awaited<ReturnType<typeof boot>>;

/** Serves HTTP until the process is stopped; closes the database on SIGINT/SIGTERM. */
export async function start(b: Booted): Promise<void> {
  const app = createApp(b.services, b.logger);
  const hasAdmin = await b.services.museums.hasAdministrator();
  const server = serve({ fetch: app.fetch, port: b.config.PORT, hostname: b.config.HOST }, (info) => {
    b.logger.info({ port: info.port }, `Mathaf is running at ${b.config.PUBLIC_URL}`);
    if (!hasAdmin) {
      console.log(
        '\nThis instance has no administrator yet. Create the first one with:\n' +
          '  npx mathaf admin create --email you@example.org --name "Your Name"\n' +
          'It prints a password; then sign in at /sign-in and create your first museum.\n',
      );
    }
  });
  await b.services.scheduleFixity();
  b.services.worker.start();
  const stop = () => {
    b.services.worker.stop();
    void b.services.pdf.close();
    server.close();
    void b.database.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
