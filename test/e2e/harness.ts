import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp } from '../../src/http/app.js';
import { createTestEnv, type TestEnv } from '../database.js';
import { TEST_PASSWORD } from '../factories.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tier can run; under CI its absence is an error, elsewhere a skip with advice. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI)
    throw new Error(`The browser tier needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
  console.warn(
    `Browser tier skipped: no Chromium at ${CHROMIUM}. Install it with: sudo apt-get install chromium`,
  );
  return false;
}

export interface Harness {
  env: TestEnv;
  base: string;
  page: Page;
  /** What the browser refused under the pages' Content-Security-Policy (an inline style or script, another origin), as it reported it. */
  cspViolations: string[];
  signIn(email: string): Promise<void>;
  close(): Promise<void>;
}

/** A real server on a free port over a fresh database, and Chromium with one page in `locale`. */
export async function startHarness(locale: string, config: Record<string, string> = {}): Promise<Harness> {
  // The server listens first so that the platform's public address (IIIF ids, links) is its real one.
  let app: ReturnType<typeof createApp> | undefined;
  const server: ServerType = serve({ fetch: (req, e) => app!.fetch(req, e), port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = await createTestEnv('sqlite', { PUBLIC_URL: base, ...config });
  app = createApp(env.services, pino({ level: 'silent' }));
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await (await browser.newContext({ locale })).newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
      cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  return {
    env,
    base,
    page,
    cspViolations,
    async signIn(email) {
      await page.goto(`${base}/sign-in`);
      await page.fill('#email', email);
      await page.fill('#password', TEST_PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL(`${base}/staff`);
    },
    async close() {
      await browser.close();
      server.close();
      await env.close();
    },
  };
}
