/**
 * Reads the structure of a tiled pyramidal TIFF (classic or BigTIFF) and hands out its tiles as
 * they are stored. A JPEG-compressed tile is made a whole JPEG file by putting the shared tables
 * in front of it, so serving a tile costs one read and no decoding.
 */

/** Reads `length` bytes at `offset` of one file (a local file handle, or a ranged GET). */
export type RangeRead = (offset: number, length: number) => Promise<Buffer>;

export interface TiffLevel {
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  /** 7 = JPEG; anything else is decoded by the image library instead of passed through. */
  compression: number;
  offsets: number[];
  counts: number[];
  jpegTables: Buffer | null;
}

const TAG = {
  width: 256,
  height: 257,
  compression: 259,
  stripOffsets: 273,
  stripCounts: 279,
  tileWidth: 322,
  tileHeight: 323,
  tileOffsets: 324,
  tileCounts: 325,
  jpegTables: 347,
} as const;
const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  16: 8,
  17: 8,
  18: 8,
};
const MAX_LEVELS = 32;

export class TiffError extends Error {}

/** One image file directory: its tags' numeric values and raw bytes, read on demand. */
export interface Directory {
  has: (tag: number) => boolean;
  values: (tag: number) => Promise<number[]>;
  bytes: (tag: number) => Promise<Buffer | null>;
  /** Where the values kept outside the directory lie: [offset, length] of each. */
  extents: () => [number, number][];
}

/** Every directory (page) of a TIFF, classic or BigTIFF, in file order. */
export async function readDirectories(read: RangeRead): Promise<Directory[]> {
  const head = await read(0, 16);
  const le = head.toString('latin1', 0, 2) === 'II';
  if (head.length < 8 || (!le && head.toString('latin1', 0, 2) !== 'MM')) throw new TiffError('not a TIFF');
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const magic = u16(head, 2);
  const big = magic === 43;
  if (magic !== 42 && !big) throw new TiffError('not a TIFF');
  const countSize = big ? 8 : 2;
  const entrySize = big ? 20 : 12;
  const inline = big ? 8 : 4;
  const offsetOf = (b: Buffer, o: number) => (big ? u64(b, o) : u32(b, o));
  const valueAt = (b: Buffer, o: number, type: number) =>
    type === 3 ? u16(b, o) : type === 16 || type === 18 ? u64(b, o) : u32(b, o);

  const dirs: Directory[] = [];
  let next = big ? u64(head, 8) : u32(head, 4);
  const seen = new Set<number>();
  while (next && dirs.length < MAX_LEVELS && !seen.has(next)) {
    seen.add(next);
    const countBuf = await read(next, countSize);
    if (countBuf.length < countSize) throw new TiffError('a directory lies past the end of the file');
    const n = big ? u64(countBuf, 0) : u16(countBuf, 0);
    if (n > 1000) throw new TiffError('implausible directory');
    const dir = await read(next + countSize, n * entrySize + inline);
    if (dir.length < n * entrySize + inline) throw new TiffError('a directory lies past the end of the file');
    const tags = new Map<number, { type: number; count: number; at: number; inlined: boolean }>();
    for (let i = 0; i < n; i++) {
      const o = i * entrySize;
      const type = u16(dir, o + 2);
      const count = big ? u64(dir, o + 4) : u32(dir, o + 4);
      const valueOffset = o + (big ? 12 : 8);
      const bytes = (TYPE_SIZE[type] ?? 1) * count;
      tags.set(u16(dir, o), {
        type,
        count,
        at: bytes <= inline ? valueOffset : offsetOf(dir, valueOffset),
        inlined: bytes <= inline,
      });
    }
    dirs.push({
      has: (tag) => tags.has(tag),
      extents: () =>
        [...tags.values()].filter((t) => !t.inlined).map((t) => [t.at, (TYPE_SIZE[t.type] ?? 1) * t.count]),
      values: async (tag) => {
        const t = tags.get(tag);
        if (!t) return [];
        const size = TYPE_SIZE[t.type] ?? 4;
        if (size * t.count > 64 * 1024 * 1024) throw new TiffError('implausible tag');
        const b = t.inlined ? dir.subarray(t.at, t.at + size * t.count) : await read(t.at, size * t.count);
        if (b.length < size * t.count) throw new TiffError('a tag lies past the end of the file');
        return Array.from({ length: t.count }, (_, i) => valueAt(b, i * size, t.type));
      },
      bytes: async (tag) => {
        const t = tags.get(tag);
        if (!t) return null;
        return t.inlined ? Buffer.from(dir.subarray(t.at, t.at + t.count)) : read(t.at, t.count);
      },
    });
    next = offsetOf(dir, n * entrySize);
  }
  return dirs;
}

/** Every page of a pyramid, largest first; pages that are not tiled are left out. */
export async function readLevels(read: RangeRead): Promise<TiffLevel[]> {
  const levels: TiffLevel[] = [];
  for (const d of await readDirectories(read)) {
    const [width] = await d.values(TAG.width);
    const [height] = await d.values(TAG.height);
    const [tileWidth] = await d.values(TAG.tileWidth);
    const [tileHeight] = await d.values(TAG.tileHeight);
    if (!width || !height || !tileWidth || !tileHeight) continue;
    const offsets = await d.values(TAG.tileOffsets);
    const counts = await d.values(TAG.tileCounts);
    const expected = Math.ceil(width / tileWidth) * Math.ceil(height / tileHeight);
    if (offsets.length < expected || counts.length < expected)
      throw new TiffError('tile table shorter than the image');
    levels.push({
      width,
      height,
      tileWidth,
      tileHeight,
      compression: (await d.values(TAG.compression))[0] ?? 1,
      offsets,
      counts,
      jpegTables: await d.bytes(TAG.jpegTables),
    });
  }
  if (!levels.length) throw new TiffError('no tiled image in this TIFF');
  return levels;
}

/** Whether every strip and tile of every page lies inside a file of `size` bytes (a truncated TIFF's do not). */
export async function tiffIsWhole(read: RangeRead, size: number): Promise<boolean> {
  const dirs = await readDirectories(read);
  if (!dirs.length) return false;
  for (const d of dirs) {
    if (d.extents().some(([at, length]) => at + length > size)) return false;
    const tiled = d.has(TAG.tileOffsets);
    const offsets = await d.values(tiled ? TAG.tileOffsets : TAG.stripOffsets);
    const counts = await d.values(tiled ? TAG.tileCounts : TAG.stripCounts);
    if (offsets.length !== counts.length) return false;
    for (const [i, o] of offsets.entries()) if (o + counts[i]! > size) return false;
  }
  return true;
}

/**
 * One stored tile as a JPEG file: the shared tables (without their end marker) followed by the
 * tile's own stream (without its start marker). Tiles at the right and bottom edges are stored
 * full-size, padded; the caller crops them.
 */
export async function jpegTile(read: RangeRead, level: TiffLevel, col: number, row: number): Promise<Buffer> {
  if (level.compression !== 7) throw new TiffError('tiles are not JPEG');
  const across = Math.ceil(level.width / level.tileWidth);
  const i = row * across + col;
  const count = level.counts[i];
  const offset = level.offsets[i];
  if (count === undefined || offset === undefined || count === 0) throw new TiffError('no such tile');
  const data = await read(offset, count);
  const tables = level.jpegTables;
  if (!tables || tables.length < 4) return data;
  return Buffer.concat([tables.subarray(0, tables.length - 2), data.subarray(2)]);
}
