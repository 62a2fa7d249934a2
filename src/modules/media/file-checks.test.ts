import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { isWhole, looksLikeBomb, sniff } from './file-checks.js';

const dir = mkdtempSync(join(tmpdir(), 'mathaf-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, b: Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, b);
  return p;
};

describe('recognising files by their first bytes', () => {
  it('knows images, PDF, sound and video, and nothing else', () => {
    const head = (s: string, pad = 16) => Buffer.concat([Buffer.from(s, 'latin1'), Buffer.alloc(pad)]);
    expect(sniff(head('%PDF-1.7'))).toEqual({ format: 'pdf', image: false });
    expect(sniff(Buffer.concat([head('RIFF\0\0\0\0WAVEfmt ')]))).toEqual({ format: 'wav', image: false });
    expect(sniff(head('ID3\u0004'))).toEqual({ format: 'mp3', image: false });
    expect(sniff(head('OggS'))).toEqual({ format: 'ogg', image: false });
    expect(sniff(head('fLaC'))).toEqual({ format: 'flac', image: false });
    expect(sniff(head('\0\0\0\u0018ftypisom'))).toEqual({ format: 'mp4', image: false });
    expect(sniff(head('\0\0\0\u0014ftypqt  '))).toEqual({ format: 'mov', image: false });
    expect(sniff(Buffer.from('1a45dfa3a34286810142f7', 'hex'))).toEqual({ format: 'webm', image: false });
    expect(sniff(head('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniff(head('GIF89a'))).toBeNull();
    expect(sniff(head('PK\u0003\u0004'))).toBeNull();
  });
});

describe('telling a whole file from a truncated one without decoding it', () => {
  it('reads the end markers and declared lengths of each format', async () => {
    const img = sharp({ create: { width: 64, height: 64, channels: 3, background: '#123' } });
    for (const [format, data] of [
      ['webp', await img.clone().webp().toBuffer()],
      ['jpeg', await img.clone().jpeg().toBuffer()],
      ['png', await img.clone().png().toBuffer()],
      ['tiff', await img.clone().tiff({ tile: true, tileWidth: 16, tileHeight: 16 }).toBuffer()],
    ] as const) {
      expect(await isWhole(write(`a.${format}`, data), format, data.length), format).toBe(true);
      const cut = data.subarray(0, data.length - 30);
      expect(await isWhole(write(`b.${format}`, cut), format, cut.length), `${format} cut`).toBe(false);
    }
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    expect(await isWhole(write('a.pdf', pdf), 'pdf', pdf.length)).toBe(true);
    expect(await isWhole(write('b.pdf', pdf.subarray(0, 20)), 'pdf', 20)).toBe(false);
  });

  it('takes an image for a bomb only when it declares far more pixels than its bytes can hold', () => {
    expect(looksLikeBomb(14_000, 14_000, 200_000)).toBe(true);
    expect(looksLikeBomb(16_000, 12_500, 600_000_000)).toBe(false);
    expect(looksLikeBomb(16_000, 12_500, 8_000_000)).toBe(false);
    expect(looksLikeBomb(4_000, 3_000, 1_000)).toBe(false);
  });
});
