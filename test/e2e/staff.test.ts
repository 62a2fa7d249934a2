import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTestEnv, type TestEnv } from '../database.js';
import { makeConcept, makeMuseum, makeUser, TEST_PASSWORD } from '../factories.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI) throw new Error(`The browser tier needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
  console.warn(`Browser tier skipped: no Chromium at ${CHROMIUM}. Install it with: sudo apt-get install chromium`);
}

describe.skipIf(!available)('a curator in a real browser', () => {
  let env: TestEnv;
  let server: ServerType;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    const museum = await makeMuseum(env.services, 'e2e-museum');
    await makeUser(env.services, { museum, role: 'curator', email: 'e2e@example.org' });
    await makeConcept(env.services, 'dynasty', 'Mamluk', 'المماليك');
    const app = createApp(env.services, pino({ level: 'silent' }));
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await env?.close();
  });

  it('signs in, switches to Arabic, creates an object with an Arabic title and a Hijri date, finds it, edits it and reads its history', async () => {
    await page.goto(`${base}/sign-in`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.fill('#email', 'e2e@example.org');
    await page.fill('#password', TEST_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${base}/staff`);

    await page.click('a[hreflang=ar]');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');

    await page.click('a[href="/staff/m/e2e-museum/objects"]');
    await page.click('text=قطعة جديدة');
    await page.fill('#accessionNumber', '2026.14.3');
    await page.selectOption('[name="titles[0][lang]"]', 'ar');
    await page.fill('[name="titles[0][value]"]', 'مصحف مذهّب');
    await page.fill('#dates', '٨٦٥ هـ');
    await page.selectOption('#dynasties', { label: 'المماليك' });
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/objects\/[0-9a-f-]+\?done=created$/);
    expect(await page.textContent('main')).toContain('مصحف مذهّب');
    expect(await page.textContent('main')).toContain('1460–1461 م');

    await page.goto(`${base}/staff/m/e2e-museum/objects`);
    await page.fill('#q', 'مصحف');
    await page.click('search button[type=submit]');
    await page.click('a:has-text("2026.14.3")');
    await page.click('text=تعديل');
    await page.fill('[name="titles[0][value]"]', 'مصحف شريف مذهّب');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\?done=updated$/);
    expect(await page.textContent('main')).toContain('مصحف شريف مذهّب');

    await page.click('text=السجل التاريخي');
    const history = await page.textContent('main table');
    expect(history).toContain('titles');
    expect(history).toContain('مصحف مذهّب');
    expect(history).toContain('مصحف شريف مذهّب');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  });
});
