import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import { verifyCommand } from '../../cli/data.js';
import { verifyBag } from './bagit.js';

const streamOf = (b: Buffer) => new Blob([new Uint8Array(b)]).stream();

/** A museum as a BagIt bag (RFC 8493): complete, valid, and every tampering found. */
describe('BagIt export and verification', () => {
  let env: TestEnv;
  let dir: string;
  let bag: string;
  let image: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-bag-'));
    env = await createTestEnv('sqlite', { MEDIA_DIR: join(dir, 'media') });
    const s = env.services;
    const museum = await makeMuseum(s, 'bagged');
    const director = await makeUser(s, { museum, role: 'director' });
    const o = await s.objects.create(
      director,
      museum.id,
      objectInput({
        accessionNumber: 'BAG.1',
        visibility: 'internal',
        titles: [{ lang: 'ar', value: 'مخطوطة' }],
      }),
    );
    await s.valuations.value(director, museum.id, o.id, {
      amount: '5000',
      currency: 'EGP',
      valuedOn: '2026-01-01',
      valuer: 'V',
      reason: 'insurance',
    });
    image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    await s.media.ingest(director, museum.id, o.id, streamOf(image), { originalName: 'folio 1.jpg' });
    await s.worker.drain();
    const other = await makeMuseum(s, 'not-bagged');
    await s.objects.create(
      await makeUser(s, { museum: other, role: 'director' }),
      other.id,
      objectInput({ accessionNumber: 'OTHER.1' }),
    );
    bag = join(dir, 'bag');
    await s.bags.bagMuseum(director, museum.id, bag);
  });
  afterAll(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the tag files RFC 8493 asks for, the records and the originals, and verifies', async () => {
    expect(readFileSync(join(bag, 'bagit.txt'), 'utf8')).toBe(
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );
    const info = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
    expect(info).toMatch(/^Bagging-Date: \d{4}-\d{2}-\d{2}$/m);
    const sha256 = createHash('sha256').update(image).digest('hex');
    const file = `data/files/${sha256}.jpeg`;
    expect(readFileSync(join(bag, file)).equals(image)).toBe(true);
    const manifest = readFileSync(join(bag, 'manifest-sha512.txt'), 'utf8');
    expect(manifest).toContain(`${createHash('sha512').update(image).digest('hex')}  ${file}`);
    const files = manifest
      .trim()
      .split('\n')
      .map((l) => l.split('  ')[1]);
    expect(files.sort()).toEqual(
      [
        `data/files/${sha256}.jpeg`,
        'data/records/authorities.jsonl',
        'data/records/files.jsonl',
        'data/records/objects.jsonl',
        'data/records/objects.lido.xml',
      ].sort(),
    );
    const bytes = files.reduce((n, f) => n + readFileSync(join(bag, f!)).length, 0);
    expect(info).toContain(`Payload-Oxum: ${bytes}.5`);
    expect(
      readFileSync(join(bag, 'tagmanifest-sha512.txt'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('  ')[1])
        .sort(),
    ).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha512.txt']);
    const records = readFileSync(join(bag, 'data/records/objects.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.accessionNumber)).toEqual(['BAG.1']);
    expect(records[0].valuation).toMatchObject({ amount: '5000', currency: 'EGP' });
    expect(JSON.parse(readFileSync(join(bag, 'data/records/files.jsonl'), 'utf8'))).toMatchObject({
      sha256,
      originalName: 'folio 1.jpg',
      path: file,
    });
    expect(await verifyBag(bag)).toEqual({ valid: true, problems: [], files: 5 });
  });

  it('finds a changed file, a missing one, an unlisted one, and a wrong tag file', async () => {
    const copy = join(dir, 'tampered');
    rmSync(copy, { recursive: true, force: true });
    cpSync(bag, copy, { recursive: true });
    appendFileSync(join(copy, 'data/records/objects.jsonl'), ' ');
    unlinkSync(join(copy, 'data/records/authorities.jsonl'));
    writeFileSync(join(copy, 'data/stray.txt'), 'not in the manifest');
    appendFileSync(join(copy, 'bag-info.txt'), 'Note: edited\n');
    const r = await verifyBag(copy);
    expect(r.valid).toBe(false);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        'data/records/objects.jsonl does not match its sha512 digest',
        'data/records/authorities.jsonl is listed in manifest-sha512.txt but missing',
        'data/stray.txt is not listed in manifest-sha512.txt',
        'bag-info.txt does not match tagmanifest-sha512.txt',
      ]),
    );
    expect(r.problems.some((p) => p.startsWith('Payload-Oxum says'))).toBe(true);
    expect(await verifyCommand(copy)).toBe(1);
    expect((await verifyBag(join(dir, 'media'))).problems).toEqual([
      'bagit.txt is missing: this is not a bag',
    ]);
  });
});
