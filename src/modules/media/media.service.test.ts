import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyReport, orphanKey } from './fixity.service.js';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(ENGINES)('originals and fixity on %s', (engine) => {
  let env: TestEnv;
  let dir: string;
  let png: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-media-'));
    env = await createTestEnv(engine, { MEDIA_DIR: dir, MAX_UPLOAD_BYTES: '200000' });
    png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#0b5d4b' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores an original unchanged with its digest and size, recognises the same file again, and refuses what it must', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const photographer = await makeUser(s, { museum, role: 'digitization' });
    const o = await s.objects.create(
      await makeUser(s, { museum, role: 'curator' }),
      museum.id,
      objectInput(),
    );
    const { media, duplicate } = await s.media.ingest(photographer, museum.id, o.id, streamOf(png), {
      expectedSha256: sha(png),
      originalName: 'W.569_01.png',
    });
    expect(duplicate).toBe(false);
    expect(media).toMatchObject({
      sha256: sha(png),
      size: png.length,
      format: 'png',
      width: 320,
      height: 200,
      originalName: 'W.569_01.png',
      position: 0,
    });
    expect(readFileSync(join(dir, media.storageKey)).equals(png)).toBe(true);
    const again = await s.media.ingest(photographer, museum.id, o.id, streamOf(png), {});
    expect(again).toMatchObject({ duplicate: true, media: { id: media.id } });
    expect(await s.media.ofObject(photographer, museum.id, o.id)).toHaveLength(1);
    expect((await s.media.events(photographer, museum.id, media.id)).map((e) => [e.kind, e.outcome])).toEqual(
      [['ingest', 'ok']],
    );

    const before = await snapshot(s);
    const other = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    await expect(
      s.media.ingest(photographer, museum.id, o.id, streamOf(other), { expectedSha256: sha(png) }),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ code: 'digest_mismatch' }] } });
    await expect(
      s.media.ingest(
        photographer,
        museum.id,
        o.id,
        streamOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
        {},
      ),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ code: 'unsupported_format' }] } });
    await expect(
      s.media.ingest(photographer, museum.id, o.id, streamOf(Buffer.alloc(300_000, 1)), {}),
    ).rejects.toMatchObject({ status: 413 });
    expect(await snapshot(s)).toBe(before);
    const reader = await makeUser(s, { museum, role: 'readonly' });
    const outsider = await makeUser(s, { museum: await makeMuseum(s), role: 'director' });
    const after = await snapshot(s);
    await expect(s.media.ingest(reader, museum.id, o.id, streamOf(other), {})).rejects.toMatchObject({
      status: 403,
    });
    await expect(s.media.ingest(outsider, museum.id, o.id, streamOf(other), {})).rejects.toMatchObject({
      status: 404,
    });
    expect(await snapshot(s)).toBe(after);
    expect(readFileSync(join(dir, media.storageKey)).equals(png)).toBe(true);
    // Nothing is left behind in the temporary area.
    expect(await s.media['storage'].list('tmp')).toEqual([]);
  });

  it('makes upright WebP derivatives without camera metadata, in a background job', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    // A tall JPEG with EXIF (camera, GPS) and an orientation that turns it sideways.
    const jpeg = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#336' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Make: 'CanonCANARY', Model: 'EOS' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 2/1 0/1' },
      })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    await s.worker.drain(); // jobs left by earlier tests
    const { media } = await s.media.ingest(curator, museum.id, o.id, streamOf(jpeg), {});
    expect(media.derivatives).toBeNull();
    expect(media.technical).toMatchObject({ make: 'CanonCANARY', model: 'EOS', gps: true, space: 'srgb' });
    expect(await s.worker.drain()).toBe(1);
    const [made] = await s.media.ofObject(curator, museum.id, o.id);
    expect(made!.derivatives).toMatchObject({
      thumb: { width: 128, height: 256 },
      display: { width: 800, height: 1600 },
    });
    const thumb = readFileSync(join(dir, made!.derivatives!.thumb!.key));
    const meta = await sharp(thumb).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(thumb.includes(Buffer.from('CanonCANARY'))).toBe(false);
    // The original keeps everything.
    expect(readFileSync(join(dir, made!.storageKey)).includes(Buffer.from('CanonCANARY'))).toBe(true);
    // Read with its record in one statement (an object's page), each file is as read alone.
    const db = s.database.db;
    expect(await s.repos.objects.findWithMedia(db, museum.id, o.id)).toEqual({
      object: await s.repos.objects.findById(db, museum.id, o.id),
      media: [made],
    });
  });

  it('orders, captions and credits images, sets their rights and the main one, and counts digitization', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const photographer = await makeUser(s, { museum, role: 'digitization' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    const img = (c: string) =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: c } })
        .png()
        .toBuffer();
    const a = (await s.media.ingest(photographer, museum.id, o.id, streamOf(await img('#111')), {})).media;
    const b = (await s.media.ingest(photographer, museum.id, o.id, streamOf(await img('#222')), {})).media;
    const updated = await s.media.update(photographer, museum.id, b.id, {
      captions: [
        { lang: 'ar', value: 'الوجه الأمامي' },
        { lang: 'en', value: 'Front' },
      ],
      rights: 'https://creativecommons.org/licenses/by/4.0/',
      credit: 'Photo: Y. Alaoui',
      main: true,
    });
    expect(updated).toMatchObject({ isMain: true, credit: 'Photo: Y. Alaoui' });
    await expect(
      s.media.update(photographer, museum.id, a.id, { rights: 'all rights reserved' }),
    ).rejects.toMatchObject({ status: 400 });
    const ordered = await s.media.reorder(curator, museum.id, o.id, { ids: [b.id, a.id] });
    expect(ordered.map((m) => [m.id, m.position, m.isMain])).toEqual([
      [b.id, 0, true],
      [a.id, 1, false],
    ]);
    await expect(s.media.reorder(curator, museum.id, o.id, { ids: [b.id] })).rejects.toMatchObject({
      status: 400,
    });
    await s.media.setDigitization(photographer, museum.id, o.id, { status: 'photographed' });
    const report = await s.media.digitizationReport(curator, museum.id);
    expect(report.byStatus).toMatchObject({ photographed: 1, not_started: 0 });
    expect(report.byPerson).toEqual([{ status: 'photographed', by: photographer.name, count: 1 }]);
    // Read with their record in one statement, in the same order and as read alone; under another museum, nothing.
    const db = s.database.db;
    expect(await s.repos.objects.findWithMedia(db, museum.id, o.id)).toEqual({
      object: await s.repos.objects.findById(db, museum.id, o.id),
      media: ordered,
    });
    expect(await s.repos.objects.findWithMedia(db, (await makeMuseum(s)).id, o.id)).toBeUndefined();
    const bare = await s.objects.create(curator, museum.id, objectInput());
    expect((await s.repos.objects.findWithMedia(db, museum.id, bare.id))?.media).toEqual([]);
  });

  it('re-reads every original and reports changed, missing and untracked files, keeping damaged ones', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    const a = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#a00' } })
      .png()
      .toBuffer();
    const b = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#0a0' } })
      .png()
      .toBuffer();
    const ma = (await s.media.ingest(curator, museum.id, o.id, streamOf(a), {})).media;
    const mb = (await s.media.ingest(curator, museum.id, o.id, streamOf(b), {})).media;
    writeFileSync(join(dir, ma.storageKey), Buffer.concat([a, Buffer.from('bitrot')]));
    rmSync(join(dir, mb.storageKey));
    const stray = join(dir, 'originals', museum.id, 'zz', 'f'.repeat(64));
    mkdirSync(dirname(stray), { recursive: true });
    writeFileSync(stray, 'who put this here');
    const report = await s.fixity.run();
    expect(report.changed.map((x) => x.mediaId)).toContain(ma.id);
    expect(report.missing.map((x) => x.mediaId)).toContain(mb.id);
    expect(report.untracked).toContain(join('originals', museum.id, 'zz', 'f'.repeat(64)));
    expect(readFileSync(join(dir, ma.storageKey)).length).toBe(a.length + 6); // reported, not deleted
    expect((await s.media.events(curator, museum.id, ma.id)).map((e) => e.outcome)).toEqual([
      'ok',
      'changed',
    ]);
  });

  it('checks fixity as a recurring job of the worker, a batch at a time', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    const ids: string[] = [];
    for (const colour of ['#111', '#222', '#333']) {
      const b = await sharp({ create: { width: 16, height: 16, channels: 3, background: colour } })
        .png()
        .toBuffer();
      ids.push((await s.media.ingest(curator, museum.id, o.id, streamOf(b), {})).media.id);
    }
    await s.worker.drain();
    await s.scheduleFixity();
    await s.scheduleFixity();
    const [first, ...others] = await s.repos.jobs.pending(s.database.db, 'fixity');
    expect(others).toEqual([]);
    expect(Date.parse(first!.run_after) - Date.now()).toBeGreaterThan(167 * 3_600_000);
    expect(await s.worker.runOnce()).toBe(false);
    // A week later the worker runs it (after any other job then due).
    const later = new Date(Date.now() + 169 * 3_600_000);
    for (let i = 0; i < 20 && (await s.repos.jobs.get(s.database.db, first!.id))?.status === 'pending'; i++)
      await s.worker.runOnce(later);
    expect((await s.repos.jobs.get(s.database.db, first!.id))?.status).toBe('done');
    for (const id of ids)
      expect((await s.media.events(curator, museum.id, id)).map((e) => [e.kind, e.outcome])).toEqual([
        ['ingest', 'ok'],
        ['fixity', 'ok'],
      ]);
    const [next, ...more] = await s.repos.jobs.pending(s.database.db, 'fixity');
    expect(more).toEqual([]);
    expect(Date.parse(next!.run_after) - Date.now()).toBeGreaterThan(167 * 3_600_000);
    // A round goes on from batch to batch until every original is read.
    const report = emptyReport();
    let after: string | null = null;
    let batches = 0;
    do {
      after = await s.fixity.batch(after, 2, report);
      batches++;
    } while (after);
    const total = Number(
      (
        await s.database.db
          .selectFrom('media')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(report.checked).toBe(total);
    expect(batches).toBe(Math.floor(total / 2) + 1);
  });

  it('sets aside an original that no record names once it is older than the grace, and brings it back to a record that names it', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    const png = await sharp({ create: { width: 24, height: 24, channels: 3, background: '#5a3' } })
      .png()
      .toBuffer();
    // A process died between storing this original and recording it.
    const key = join('originals', museum.id, 'ab', `ab${'0'.repeat(62)}`);
    mkdirSync(dirname(join(dir, key)), { recursive: true });
    writeFileSync(join(dir, key), png);
    const now = new Date();
    // Younger than the grace (an hour): an upload may be on its way, so it is only reported.
    const fresh = await s.fixity.run(new Date(now.getTime() + 30 * 60_000));
    expect(fresh.untracked).toContain(key);
    expect(fresh.setAside).not.toContain(key);
    expect(readFileSync(join(dir, key))).toEqual(png);
    const later = await s.fixity.run(new Date(now.getTime() + 61 * 60_000));
    expect(later.setAside).toContain(key);
    expect(later.untracked).not.toContain(key);
    expect(existsSync(join(dir, key))).toBe(false);
    expect(readFileSync(join(dir, orphanKey(key)))).toEqual(png);
    const [event] = await s.database.db
      .selectFrom('preservation_event')
      .select(['outcome', 'detail'])
      .where('outcome', '=', 'set_aside')
      .orderBy('at', 'desc')
      .execute();
    expect(JSON.parse(event!.detail as string)).toContainEqual({ from: key, to: orphanKey(key) });
    // Uploaded again meanwhile, and its file set aside in that moment: the record gets it back.
    const { media } = await s.media.ingest(curator, museum.id, o.id, streamOf(png), {});
    rmSync(join(dir, media.storageKey));
    mkdirSync(dirname(join(dir, orphanKey(media.storageKey))), { recursive: true });
    writeFileSync(join(dir, orphanKey(media.storageKey)), png);
    const restored = await s.fixity.run();
    expect(restored.restored).toEqual([{ mediaId: media.id, storageKey: media.storageKey }]);
    expect(restored.missing.map((x) => x.mediaId)).not.toContain(media.id);
    expect(readFileSync(join(dir, media.storageKey))).toEqual(png);
  });
});
