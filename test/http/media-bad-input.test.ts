import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { crc32, createDeflate } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMuseum, makeUser, objectInput, snapshot } from '../factories.js';
import { HTML, mp3, mp4 } from '../media-samples.js';
import { apiClient, createTestApp, type TestApp } from '../http.js';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG of a few hundred kilobytes that declares `side` × `side` grey pixels, all zero, compressed whole. */
async function bomb(side: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const z = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const row = Buffer.alloc(side + 1);
  for (let i = 0; i < side; i++) if (!z.write(row)) await once(z, 'drain');
  z.end();
  await once(z, 'end');
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.concat(out)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('uploads that must be refused', () => {
  let t: TestApp;
  let dir: string;
  let url: string;
  let token: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-bad-'));
    t = await createTestApp('sqlite', { MEDIA_DIR: dir });
    const museum = await makeMuseum(t.services, 'bad-input');
    const curator = await makeUser(t.services, { museum, role: 'curator' });
    const o = await t.services.objects.create(curator, museum.id, objectInput({ accessionNumber: 'X.1' }));
    url = `/api/v1/museums/bad-input/objects/${o.id}/media`;
    token = (await apiClient(t, curator.userId)).token;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const send = (body: Buffer, name?: string) =>
    t.app.request(url, {
      method: 'POST',
      body: new Uint8Array(body),
      headers: {
        authorization: `Bearer ${token}`,
        ...(name ? { 'x-filename': encodeURIComponent(name) } : {}),
      },
    });
  const files = () =>
    readdirSync(dir, { recursive: true }).filter(
      (f) => !String(f).startsWith('tmp') || String(f).includes('.'),
    );

  it('gives each a clear error, stores nothing, and stays within its memory', async () => {
    const jpeg = await sharp({
      create: {
        width: 400,
        height: 300,
        channels: 3,
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
        background: '#000',
      },
    })
      .jpeg()
      .toBuffer();
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#346' } })
      .png()
      .toBuffer();
    const tiff = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#346' } })
      .tiff({ compression: 'none' })
      .toBuffer();
    // Whole to the eye of a structure check (it ends with its end marker), damaged in its middle.
    const damaged = Buffer.from(jpeg);
    for (let i = damaged.length >> 1; i < (damaged.length >> 1) + 2000; i++) damaged[i] = (i * 7) & 0xff;
    const before = await snapshot(t.services);
    const cases: [string, Buffer, string, string?][] = [
      [
        'text named as a photograph',
        Buffer.from('This is not a picture at all, just words.'),
        'unsupported_format',
        'photo.jpg',
      ],
      [
        'an SVG with a script',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'unsupported_format',
        'logo.svg',
      ],
      ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'truncated'],
      ['a JPEG damaged in its middle', damaged, 'damaged_image'],
      ['a truncated PNG', png.subarray(0, png.length - 20), 'truncated'],
      ['a truncated TIFF', tiff.subarray(0, tiff.length - 5000), 'truncated'],
      ['a PNG declaring 14,000 × 14,000 pixels', await bomb(14_000), 'too_many_pixels'],
      ['a name with path characters', png, 'invalid', '../../etc/passwd.png'],
      [
        'an HTML page behind an ID3 header',
        Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), HTML]),
        'not_this_format',
        'song.mp3',
      ],
      [
        'an HTML page behind an ftyp box',
        Buffer.concat([Buffer.from('\0\0\0\x18ftypisom\0\0\0\0isommp41', 'latin1'), HTML]),
        'not_this_format',
        'film.mp4',
      ],
    ];
    const rss = process.memoryUsage().rss;
    for (const [what, body, code, name] of cases) {
      const res = await send(body, name);
      expect(res.status, what).toBe(400);
      const err = (await res.json()).error;
      expect(
        err.fields.map((f: { code: string }) => f.code),
        what,
      ).toContain(code);
      expect(err.fields[0].message.length, what).toBeGreaterThan(10);
    }
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
    expect(await snapshot(t.services)).toBe(before);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    expect(files().filter((f) => String(f).startsWith('originals'))).toEqual([]);
    // The server still answers, and a whole file is still taken.
    expect((await send(png, 'X.1_01.png')).status).toBe(201);
  });

  it('takes sound and video its parser reads, with their codec and duration', async () => {
    const sound = await send(mp3(), 'X.1_interview.mp3');
    expect(sound.status).toBe(201);
    expect((await sound.json()).technical).toMatchObject({ container: 'MPEG', codec: 'MPEG 1 Layer 3' });
    const film = await send(mp4(), 'X.1_film.mp4');
    expect(film.status).toBe(201);
    expect((await film.json()).format).toBe('mp4');
  });

  it('refuses upload headers it cannot read before storing anything: a malformed name, an unreadable or unchecked digest', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a52' } })
      .png()
      .toBuffer();
    const before = await snapshot(t.services);
    const cases: [string, Record<string, string>, string, string][] = [
      // decodeURIComponent threw: a 500.
      ['a name that is not percent-encoded', { 'x-filename': '100%' }, 'X-Filename', 'invalid_encoding'],
      // Ignored, and the file stored unchecked.
      [
        'a digest without its closing colon',
        { 'content-digest': 'sha-256=:ungbr4AqMZqLBVzoE4DcTrZw7dnZF/J4yYoDMYWp35o=' },
        'Content-Digest',
        'invalid_digest',
      ],
      [
        'a digest of the wrong length',
        { 'content-digest': 'sha-256=:AAAA:' },
        'Content-Digest',
        'invalid_digest',
      ],
      [
        'a digest by an algorithm not checked',
        { 'content-digest': `sha-512=:${createHash('sha512').update(png).digest('base64')}:` },
        'Content-Digest',
        'unsupported_digest',
      ],
    ];
    for (const [what, headers, path, code] of cases) {
      const res = await t.app.request(url, {
        method: 'POST',
        body: new Uint8Array(png),
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      expect(res.status, what).toBe(400);
      expect((await res.json()).error.fields, what).toEqual([expect.objectContaining({ path, code })]);
    }
    expect(await snapshot(t.services)).toBe(before);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    const digest = `sha-256=:${createHash('sha256').update(png).digest('base64')}:`;
    const taken = await t.app.request(url, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: {
        authorization: `Bearer ${token}`,
        'x-filename': encodeURIComponent('مخطوط 100%.png'),
        'content-digest': digest,
      },
    });
    expect(taken.status).toBe(201);
    expect((await taken.json()).originalName).toBe('مخطوط 100%.png');
  });
});
