import cluster from 'node:cluster';
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
  const database = openDatabase(config.DATABASE_URL, {
    poolMax: config.DATABASE_POOL_MAX,
    prepare: config.DATABASE_PREPARE,
    mmapBytes: config.SQLITE_MMAP_BYTES,
  });
  const services = createServices(config, database);
  await migrateToLatest(database, services.auth.options);
  return { config, logger, database, services };
}

export type Booted = Awaited<ReturnType<typeof boot>>;

/**
 * Serves HTTP until the process is stopped; closes the database on SIGINT/SIGTERM. With WORKERS
 * above one, this process runs the background jobs and keeps that many HTTP processes on the
 * port (replacing one that dies); each of them is stateless, as another app server would be.
 */
export async function start(b: Booted): Promise<void> {
  if (b.config.WORKERS > 1 && cluster.isPrimary) return supervise(b);
  const app = createApp(b.services, b.logger);
  const hasAdmin = await b.services.museums.hasAdministrator();
  const announce = !cluster.isWorker || cluster.worker?.id === 1;
  const server = serve({ fetch: app.fetch, port: b.config.PORT, hostname: b.config.HOST }, (info) => {
    // Each HTTP process says when it takes requests (its pid is in every line), so a replaced one is seen to come back.
    if (cluster.isWorker) b.logger.info({ port: info.port }, 'HTTP process ready');
    if (!announce) return;
    b.logger.info(
      { port: info.port, processes: b.config.WORKERS },
      `Mathaf is running at ${b.config.PUBLIC_URL}`,
    );
    if (!hasAdmin) {
      console.log(
        '\nThis instance has no administrator yet. Create the first one with:\n' +
          '  npx mathaf admin create --email you@example.org --name "Your Name"\n' +
          'It prints a password; then sign in at /sign-in and create your first museum.\n',
      );
    }
  });
  if (!cluster.isWorker) await runJobs(b);
  const stop = () => {
    void b.services.worker.stop();
    void b.services.pdf.close();
    server.close();
    // The counts of images served since the last write are written before leaving.
    void b.services.usage
      .flush()
      .catch(() => undefined)
      .finally(() => b.database.close().then(() => process.exit(0)));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The process that runs the jobs of a server (one per machine) cleans up after a process of its
 * machine that stopped, at start and every hour: half-written temporary files, batches left saving
 * (these also every minute).
 */
async function runJobs(b: Booted): Promise<void> {
  const cleanUp = () =>
    b.services
      .cleanUpMedia()
      .then((r) =>
        r.tempFiles || r.batches ? b.logger.info(r, 'cleaned up after a stopped process') : undefined,
      )
      .catch((err: unknown) => b.logger.error({ err }, 'the clean-up of media failed'));
  await cleanUp();
  setInterval(() => void cleanUp(), 3_600_000).unref();
  // Batches whose saving process stopped are freed within a minute of their claim running out.
  setInterval(
    () =>
      void b.services.batches
        .recover()
        .catch((err: unknown) => b.logger.error({ err }, 'the recovery of batches failed')),
    60_000,
  ).unref();
  await b.services.scheduleFixity();
  await b.services.scheduleSweep();
  await b.services.network.schedule();
  await b.services.scheduleRebuildCheck();
  b.services.worker.start({ logger: b.logger });
}

async function supervise(b: Booted): Promise<void> {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < b.config.WORKERS; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    b.logger.error({ pid: worker.process.pid, code, signal }, 'an HTTP process stopped; starting another');
    fork();
  });
  await runJobs(b);
  const stop = () => {
    stopping = true;
    void b.services.worker.stop();
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    void b.database.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
