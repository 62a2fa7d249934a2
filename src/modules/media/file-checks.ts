import { open } from 'node:fs/promises';
import { tiffIsWhole } from './tiff.js';

/**
 * Formats recognised by their first bytes; a client's Content-Type or file name is never trusted.
 * A signature only says what a file claims to be: sound and video are then read by `probeAv`.
 */
export function sniff(head: Buffer): { format: string; image: boolean } | null {
  const hex = head.subarray(0, 12).toString('hex');
  const text = (from: number, to: number) => head.subarray(from, to).toString('latin1');
  if (hex.startsWith('ffd8ff')) return { format: 'jpeg', image: true };
  if (hex.startsWith('89504e470d0a1a0a')) return { format: 'png', image: true };
  if (
    hex.startsWith('49492a00') ||
    hex.startsWith('4d4d002a') ||
    hex.startsWith('49492b00') ||
    hex.startsWith('4d4d002b')
  )
    return { format: 'tiff', image: true };
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return { format: 'webp', image: true };
  if (hex.startsWith('0000000c6a5020200d0a870a') || hex.startsWith('ff4fff51'))
    return { format: 'jp2', image: true };
  if (text(0, 5) === '%PDF-') return { format: 'pdf', image: false };
  // Sound and moving images are kept as files (no derivatives).
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WAVE') return { format: 'wav', image: false };
  if (text(0, 3) === 'ID3' || /^fff[2-9a-fA-F]/.test(hex)) return { format: 'mp3', image: false };
  if (text(0, 4) === 'OggS') return { format: 'ogg', image: false };
  if (text(0, 4) === 'fLaC') return { format: 'flac', image: false };
  if (text(4, 8) === 'ftyp') return { format: text(8, 12) === 'qt  ' ? 'mov' : 'mp4', image: false };
  if (hex.startsWith('1a45dfa3')) return { format: 'webm', image: false };
  return null;
}

const PNG_END = Buffer.from('0000000049454e44ae426082', 'hex');

/**
 * Whether a received file is whole, judged from its structure without decoding it (cheap for
 * any size): a JPEG's end-of-image marker, a PNG's IEND chunk, that every TIFF strip or tile lies
 * inside the file, a WebP's declared length, a JPEG 2000 codestream's end marker, a PDF's %%EOF.
 * Sound and video are not judged.
 */
export async function isWhole(path: string, format: string, size: number): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const read = async (offset: number, length: number) => {
      const b = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      if (b.length) await file.read(b, 0, b.length, offset);
      return b;
    };
    const tail = async (n: number) => read(Math.max(0, size - n), n);
    switch (format) {
      case 'jpeg':
        return (await tail(4096)).includes(Buffer.from([0xff, 0xd9]));
      case 'png':
        return (await tail(12)).equals(PNG_END);
      case 'tiff':
        return await tiffIsWhole(read, size).catch(() => false);
      case 'webp':
        return (await read(4, 4)).readUInt32LE(0) + 8 <= size;
      case 'jp2':
        return (await tail(64)).includes(Buffer.from([0xff, 0xd9]));
      case 'pdf':
        return (await tail(1024)).includes('%%EOF');
      default:
        return true;
    }
  } finally {
    await file.close();
  }
}

/**
 * Pixels an image may declare per byte of file before it is taken for a decompression bomb: a
 * photograph or scan, even of a blank page, stays far below this (a JPEG of a 200-megapixel
 * image weighs megabytes); a crafted PNG of 14,000 × 14,000 zeros is a few hundred kilobytes.
 */
export const MAX_PIXELS_PER_BYTE = 400;
/** Below this many pixels an image is too small to harm, whatever its compression. */
export const BOMB_FLOOR_PIXELS = 40_000_000;

export function looksLikeBomb(width: number, height: number, size: number): boolean {
  const pixels = width * height;
  return pixels > BOMB_FLOOR_PIXELS && pixels / Math.max(1, size) > MAX_PIXELS_PER_BYTE;
}
