import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/access/roles.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { makeZip } from '../zip.js';
import { browserAvailable, type Harness, startHarness } from './harness.js';

describe.skipIf(!browserAvailable())('from upload to deep zoom in a real browser', () => {
  let h: Harness;
  let dir: string;
  let objectId = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-e2e-zoom-'));
    h = await startHarness('fr', { MEDIA_DIR: join(dir, 'media') });
    const museum = await makeMuseum(h.env.services, 'zoom-museum');
    const curator = await makeUser(h.env.services, { museum, role: 'curator' });
    await makeUser(h.env.services, { museum, role: 'digitization', email: 'photo-zoom@example.org' });
    objectId = (
      await h.env.services.objects.create(
        curator,
        museum.id,
        objectInput({
          accessionNumber: 'Z.1',
          visibility: 'public',
          titles: [{ lang: 'fr', value: 'Tapis de prière' }],
        }),
      )
    ).id;
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a large image to an object, processes it, and zooms into its tiles on the public page', async () => {
    const { page, base } = h;
    const file = join(dir, 'Z.1_01.jpg');
    // Larger than the viewer, so it asks for tiles of several levels.
    const raw = Buffer.alloc(3000 * 2000 * 3);
    for (let i = 0; i < raw.length; i += 3)
      raw.set([((i / 3) % 3000) % 256, Math.floor(i / 9000) % 256, 90], i);
    writeFileSync(
      file,
      await sharp(raw, { raw: { width: 3000, height: 2000, channels: 3 } })
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
    await h.signIn('photo-zoom@example.org');
    await page.goto(`${base}/staff/m/zoom-museum/objects/${objectId}/images`);
    await page.setInputFiles('#files', file);
    await page.waitForSelector('[data-uploader] li[data-status="201"]');
    await h.env.services.worker.drain();

    const tiles: string[] = [];
    page.on('response', (res) => {
      if (
        /\/iiif\/3\/[^/]+\/\d+,\d+,\d+,\d+\/[^/]+\/0\/default\.jpg$/.test(res.url()) &&
        res.status() === 200
      )
        tiles.push(res.url());
    });
    await page.goto(`${base}/m/zoom-museum/objects/${objectId}`);
    expect(await page.textContent('h1')).toBe('Tapis de prière');
    // The viewer's library is loaded only when the reader asks to zoom.
    expect(await page.evaluate(() => 'OpenSeadragon' in window)).toBe(false);
    await page.click('button.zoom');
    await page.waitForSelector('[data-viewer=open]');
    await page.waitForFunction(() => document.querySelectorAll('.viewer-canvas canvas').length > 0);
    await expect.poll(() => tiles.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const before = tiles.length;
    // Zooming in asks for tiles of a finer level.
    const box = (await page.$('.viewer-canvas'))!;
    const b = (await box.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    await expect.poll(() => tiles.length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(tiles.some((u) => /\/256,256\/0\/default\.jpg$|\/max\/0\/default\.jpg$/.test(u))).toBe(true);
  });

  it('stages a ZIP of images, shows where each file goes, and saves the matched ones', async () => {
    const { page, base } = h;
    const jpeg = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#456' } })
      .jpeg()
      .toBuffer();
    const zipPath = join(dir, 'lot.zip');
    writeFileSync(
      zipPath,
      makeZip([
        { name: 'lot/Z.1_02.jpg', data: jpeg },
        { name: 'lot/INCONNU_7.jpg', data: jpeg },
      ]),
    );
    await page.goto(`${base}/staff/m/zoom-museum/digitization`);
    await page.click('a[href$="/media/batch"]');
    await page.setInputFiles('#zip', zipPath);
    await page.waitForSelector('[data-preview] tbody tr >> nth=1');
    expect(await page.textContent('[data-preview] tbody tr[data-matched=true]')).toContain('Z.1');
    expect(await page.textContent('[data-preview] tbody tr[data-matched=false]')).toContain(
      'Aucun objet ne porte ce numéro',
    );
    await page.click('[data-save]');
    await page.waitForSelector('[data-batch][data-done=true]');
    expect(await page.textContent('[data-preview] tbody tr[data-matched=true]')).toContain('Enregistré');
    const museum = (await h.env.services.repos.museums.findBySlug(
      h.env.services.database.db,
      'zoom-museum',
    ))!;
    expect(
      (await h.env.services.media.ofObject(SYSTEM_ACTOR, museum.id, objectId)).map((m) => m.originalName),
    ).toContain('Z.1_02.jpg');
  });
});
