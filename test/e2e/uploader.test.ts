import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

describe.skipIf(!browserAvailable())('the image uploader in a real browser', () => {
  let h: Harness;
  let dir: string;
  let objectId = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-e2e-files-'));
    h = await startHarness('ar', { MEDIA_DIR: join(dir, 'media') });
    const museum = await makeMuseum(h.env.services, 'upload-museum');
    const curator = await makeUser(h.env.services, { museum, role: 'curator' });
    await makeUser(h.env.services, { museum, role: 'digitization', email: 'photo@example.org' });
    objectId = (
      await h.env.services.objects.create(curator, museum.id, objectInput({ accessionNumber: 'U.1' }))
    ).id;
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends chosen files with their digest and progress, then shows their thumbnails', async () => {
    const { page, base } = h;
    const file = join(dir, 'U.1_01.png');
    writeFileSync(
      file,
      await sharp({ create: { width: 640, height: 480, channels: 3, background: '#884422' } })
        .png()
        .toBuffer(),
    );
    await h.signIn('photo@example.org');
    await page.goto(`${base}/staff/m/upload-museum/objects/${objectId}/images`);
    expect(await page.textContent('main')).toContain('لا توجد صورة بعد');
    await page.setInputFiles('#files', file);
    await page.waitForSelector('[data-uploader] li[data-status="201"]');
    expect(await page.textContent('[data-uploader] li')).toContain('U.1_01.png');
    await h.env.services.worker.drain();
    await page.reload();
    const size = await page.$eval(
      'main img',
      (img) =>
        new Promise<number>((resolve) => {
          const i = img as HTMLImageElement;
          if (i.complete) resolve(i.naturalWidth);
          else i.onload = () => resolve(i.naturalWidth);
        }),
    );
    expect(size).toBe(256);
    await page.fill('main form input[name=caption]', 'الوجه');
    await page.click('main form button[type=submit] >> nth=0');
    expect(await page.getAttribute('main img', 'alt')).toBe('الوجه');
  });
});
