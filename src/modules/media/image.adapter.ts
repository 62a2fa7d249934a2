import exifReader from 'exif-reader';
import sharp, { type Metadata } from 'sharp';
import { type Credits, fromIptc, fromXmp } from './embedded-metadata.js';

export interface ImageInfo {
  format: string;
  width: number | null;
  height: number | null;
  pages: number | null;
  technical: Technical;
}

/** What a camera or scanner wrote about a file, and how its pixels are stored. */
export interface Technical {
  make?: string;
  model?: string;
  serial?: string;
  takenAt?: string;
  artist?: string;
  copyright?: string;
  software?: string;
  gps?: boolean;
  space?: string;
  depth?: string;
  density?: number;
  hasProfile?: boolean;
  hasXmp?: boolean;
  hasIptc?: boolean;
}

/** Reads an image's header (never decoding past the pixel limit), and makes its pyramid and derivatives. */
export class ImageAdapter {
  constructor(private readonly maxPixels: number) {}

  /** A derivative from the pyramid level nearest above `max` (already upright, 8-bit sRGB, no metadata). */
  async derive(pyramidPath: string, max: number) {
    const {
      width = 1,
      height = 1,
      pages = 1,
    } = await sharp(pyramidPath, { limitInputPixels: false }).metadata();
    const page = Math.max(0, Math.min(pages - 1, Math.floor(Math.log2(Math.max(width, height) / max))));
    return derive(pyramidPath, max, page);
  }

  /**
   * The tiled pyramidal TIFF every deep-zoom and IIIF request is served from: upright, flattened
   * to 8-bit sRGB, 256-pixel JPEG tiles, each level half the one above. Written once, at ingest.
   * sharp writes no metadata unless asked, so no EXIF GPS or camera serial reaches it.
   */
  async pyramid(input: string, output: string): Promise<{ width: number; height: number }> {
    const info = await sharp(input, { limitInputPixels: this.maxPixels, failOn: FAIL_ON })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .tiff({
        tile: true,
        tileWidth: PYRAMID_TILE,
        tileHeight: PYRAMID_TILE,
        pyramid: true,
        compression: 'jpeg',
        quality: 88,
      })
      .toFile(output);
    return { width: info.width, height: info.height };
  }

  /** Whether this build of the image library decodes the format (JPEG 2000 needs OpenJPEG, which not every build has). */
  reads(format: string): boolean {
    return format !== 'jp2' || Boolean(sharp.format.jp2?.input?.file);
  }

  /**
   * Decodes every pixel of an image once, streaming (a JPEG at an eighth of its size, which still
   * reads all its data), and throws when they cannot be read whole: a damaged image would never
   * get its pyramid, which reads it the same way. About 1.5 s for 100 megapixels of JPEG.
   */
  async verify(path: string): Promise<void> {
    await sharp(path, { limitInputPixels: this.maxPixels, sequentialRead: true, failOn: FAIL_ON })
      .resize(256, 256, { fit: 'inside' })
      .raw()
      .toBuffer();
  }

  async probe(path: string): Promise<ImageInfo> {
    const m = await sharp(path, { limitInputPixels: this.maxPixels }).metadata();
    if (m.width && m.height && m.width * m.height > this.maxPixels) throw new Error('too many pixels');
    return {
      format: m.format ?? 'unknown',
      width: m.width ?? null,
      height: m.height ?? null,
      pages: m.pages ?? null,
      technical: technicalOf(m),
    };
  }
}

export const PYRAMID_TILE = 256;
/** A decoder's warning (a JPEG's "premature end of data segment") is damage: the image is refused, not shown with grey bands. */
const FAIL_ON = 'warning';

/** A derivative for display, fitted within `max` pixels, as WebP, read from a level of the pyramid. */
async function derive(
  path: string,
  max: number,
  page: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(path, { page, limitInputPixels: false })
    .resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function technicalOf(m: Metadata): Technical {
  const t: Technical = {
    ...(m.space ? { space: m.space } : {}),
    ...(m.depth ? { depth: m.depth } : {}),
    ...(m.density ? { density: m.density } : {}),
    hasProfile: Boolean(m.icc),
    hasXmp: Boolean(m.xmp),
    hasIptc: Boolean(m.iptc),
  };
  // EXIF first; what it leaves unsaid is taken from XMP, then IPTC.
  const fill = (c: Credits) => {
    for (const [k, v] of Object.entries(c) as [keyof Credits, string][]) if (t[k] === undefined) t[k] = v;
  };
  const withFallbacks = () => {
    if (m.xmp) fill(fromXmp(m.xmp));
    if (m.iptc) fill(fromIptc(m.iptc));
    return t;
  };
  if (!m.exif) return withFallbacks();
  try {
    const e = exifReader(m.exif);
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 300) : undefined);
    const date = e.Photo?.DateTimeOriginal ?? e.Image?.DateTime;
    Object.assign(
      t,
      Object.fromEntries(
        Object.entries({
          make: text(e.Image?.Make),
          model: text(e.Image?.Model),
          serial: text(e.Photo?.BodySerialNumber),
          artist: text(e.Image?.Artist),
          copyright: text(e.Image?.Copyright),
          software: text(e.Image?.Software),
          takenAt: date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined,
          gps: e.GPSInfo ? Object.keys(e.GPSInfo).length > 0 : undefined,
        }).filter(([, v]) => v !== undefined),
      ),
    );
  } catch {
    // A damaged EXIF block: the file is kept as it is, its metadata unread.
  }
  return withFallbacks();
}
