import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './pg-server.js';

/**
 * Vitest global setup: gives the PostgreSQL tier a server. Uses TEST_DATABASE_URL when set;
 * otherwise starts a throwaway cluster for the run. Under CI the tier is required.
 */
export default function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const pg = startThrowawayPostgres();
  if (!pg) {
    if (process.env.CI) throw new Error('PostgreSQL tier: no initdb found and no TEST_DATABASE_URL set');
    console.warn('PostgreSQL tier skipped: install PostgreSQL (initdb) or set TEST_DATABASE_URL');
    project.provide('pgUrl', '');
    return;
  }
  project.provide('pgUrl', pg.url);
  return () => pg.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
