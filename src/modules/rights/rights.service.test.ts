import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput, snapshot } from '../../../test/factories.js';

describe.each(ENGINES)('rights of an object and of its images on %s', (engine) => {
  let env: TestEnv;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-rights-'));
    env = await createTestEnv(engine, { MEDIA_DIR: dir });
  });
  afterAll(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a right on one of the object’s images, and refuses an image of another object', async () => {
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    const o = await s.objects.create(curator, museum.id, objectInput());
    const other = await s.objects.create(curator, museum.id, objectInput());
    const png = (c: string) =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: c } })
        .png()
        .toBuffer();
    const mine = (
      await s.media.ingest(
        curator,
        museum.id,
        o.id,
        new Blob([new Uint8Array(await png('#111'))]).stream(),
        {},
      )
    ).media;
    const theirs = (
      await s.media.ingest(
        curator,
        museum.id,
        other.id,
        new Blob([new Uint8Array(await png('#222'))]).stream(),
        {},
      )
    ).media;
    const r = await s.rights.addRight(curator, museum.id, o.id, {
      kind: 'copyright',
      holder: 'Studio Benali (photograph)',
      licence: 'https://creativecommons.org/licenses/by/4.0/',
      mediaId: mine.id,
    });
    expect(r).toMatchObject({ mediaId: mine.id, holder: 'Studio Benali (photograph)' });
    await s.rights.addRight(curator, museum.id, o.id, {
      kind: 'donor_restriction',
      holder: 'The donor',
      restrictions: 'Not to be lent abroad',
    });
    expect((await s.rights.rights(curator, museum.id, o.id)).map((x) => [x.holder, x.mediaId])).toEqual([
      ['Studio Benali (photograph)', mine.id],
      ['The donor', null],
    ]);
    const before = await snapshot(s);
    await expect(
      s.rights.addRight(curator, museum.id, o.id, { kind: 'copyright', holder: 'x', mediaId: theirs.id }),
    ).rejects.toMatchObject({ status: 400, details: { fields: [{ path: 'mediaId' }] } });
    expect(await snapshot(s)).toBe(before);
  });
});
