import sharp, { type Sharp } from 'sharp';
import type { ImageRequest } from './image-request.js';
import { jpegTile, type RangeRead, type TiffLevel } from '../media/tiff.js';

/** A pyramid as the renderer reads it: its levels, ranged reads, and a local file for the image library. */
export interface PyramidSource {
  levels: TiffLevel[];
  read: RangeRead;
  file: () => Promise<string>;
  /** A right- or bottom-edge tile cut to the image and stored at ingest, when there is one. */
  edge?: (k: number, col: number, row: number) => Promise<Buffer | null>;
}

/** JPEG settings of everything rendered: Huffman tables are not optimised, which is a third faster for a few percent in size. */
const JPEG = { quality: 85, optimiseCoding: false } as const;

/** Which level of the pyramid serves a request, and the request's region in that level's pixels. */
export function sourceRegion(levels: TiffLevel[], r: ImageRequest) {
  const scale = Math.min(r.region.w / r.width, r.region.h / r.height);
  let k = 0;
  while (k + 1 < levels.length && 2 ** (k + 1) <= scale + 1e-9) k++;
  const { x, y, w, h } = r.region;
  // Levels are rounded down in size; a region reaching the last row or column may need the level above.
  while (
    k > 0 &&
    (Math.ceil((x + w) / 2 ** k) > levels[k]!.width || Math.ceil((y + h) / 2 ** k) > levels[k]!.height)
  )
    k--;
  const level = levels[k]!;
  const f = 2 ** k;
  const left = Math.floor(x / f);
  const top = Math.floor(y / f);
  const right = Math.min(level.width, Math.ceil((x + w) / f));
  const bottom = Math.min(level.height, Math.ceil((y + h) / f));
  return { k, level, left, top, width: right - left, height: bottom - top };
}

/**
 * Whether the request is exactly one tile of its level (a whole tile, or an edge tile cut to the
 * image), in JPEG, unturned and in colour: then it is served as stored.
 */
function isWholeTile(s: ReturnType<typeof sourceRegion>, r: ImageRequest): boolean {
  const T = s.level.tileWidth;
  return (
    s.level.compression === 7 &&
    s.level.tileHeight === T &&
    s.left % T === 0 &&
    s.top % T === 0 &&
    s.width === Math.min(T, s.level.width - s.left) &&
    s.height === Math.min(T, s.level.height - s.top) &&
    r.width === s.width &&
    r.height === s.height &&
    plain(r)
  );
}

function plain(r: ImageRequest): boolean {
  return (
    !r.mirror &&
    r.rotation % 360 === 0 &&
    (r.quality === 'default' || r.quality === 'color') &&
    r.format === 'jpg'
  );
}

/**
 * Renders a request. A request that is one stored tile is served as stored (no decoding); one
 * that falls inside a single tile decodes only that tile; anything else is cut from the
 * pyramid level nearest in scale, which the image library reads tile by tile.
 */
export async function render(src: PyramidSource, r: ImageRequest): Promise<Buffer> {
  const s = sourceRegion(src.levels, r);
  const T = s.level.tileWidth;
  const col = Math.floor(s.left / T);
  const row = Math.floor(s.top / s.level.tileHeight);
  const oneTile =
    s.level.compression === 7 &&
    col === Math.floor((s.left + s.width - 1) / T) &&
    row === Math.floor((s.top + s.height - 1) / s.level.tileHeight);
  if (isWholeTile(s, r)) {
    if (s.width === T && s.height === s.level.tileHeight) return jpegTile(src.read, s.level, col, row);
    const edge = await src.edge?.(s.k, col, row);
    if (edge) return edge;
  }
  let img: Sharp = oneTile
    ? sharp(await jpegTile(src.read, s.level, col, row)).extract({
        left: s.left - col * T,
        top: s.top - row * s.level.tileHeight,
        width: s.width,
        height: s.height,
      })
    : sharp(await src.file(), { page: s.k, limitInputPixels: false }).extract({
        left: s.left,
        top: s.top,
        width: s.width,
        height: s.height,
      });
  if (s.width !== r.width || s.height !== r.height) img = img.resize(r.width, r.height, { fit: 'fill' });
  if (r.mirror || r.rotation % 360 !== 0) {
    // Mirroring and rotation come after the region and size (§4.6), so they work on the scaled pixels.
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    if (r.mirror) img = img.flop();
    if (r.rotation % 360 !== 0) {
      const transparent = r.format !== 'jpg';
      if (transparent) img = img.ensureAlpha();
      img = img.rotate(r.rotation, { background: transparent ? { r: 0, g: 0, b: 0, alpha: 0 } : '#ffffff' });
    }
  }
  // One grey channel (sharp's grayscale alone keeps three identical ones).
  if (r.quality === 'gray') img = img.toColourspace('b-w');
  if (r.quality === 'bitonal') img = img.threshold(128).toColourspace('b-w');
  if (r.format === 'jpg') return img.flatten({ background: '#ffffff' }).jpeg(JPEG).toBuffer();
  if (r.format === 'png') return img.png().toBuffer();
  return img.webp({ quality: 80 }).toBuffer();
}

/** Every right- and bottom-edge tile of every level, cut to the image: made once, at ingest. */
export function edgeTiles(
  levels: readonly TiffLevel[],
): { k: number; col: number; row: number; left: number; top: number; width: number; height: number }[] {
  const out = [];
  for (const [k, l] of levels.entries()) {
    const cols = Math.ceil(l.width / l.tileWidth);
    const rows = Math.ceil(l.height / l.tileHeight);
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const width = Math.min(l.tileWidth, l.width - col * l.tileWidth);
        const height = Math.min(l.tileHeight, l.height - row * l.tileHeight);
        if (width < l.tileWidth || height < l.tileHeight)
          out.push({ k, col, row, left: col * l.tileWidth, top: row * l.tileHeight, width, height });
      }
    }
  }
  return out;
}

/** One edge tile, decoded from its stored (padded) tile and cut. */
export async function cutEdge(src: PyramidSource, e: ReturnType<typeof edgeTiles>[number]): Promise<Buffer> {
  const tile = await jpegTile(src.read, src.levels[e.k]!, e.col, e.row);
  return sharp(tile).extract({ left: 0, top: 0, width: e.width, height: e.height }).jpeg(JPEG).toBuffer();
}
