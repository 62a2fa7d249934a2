/**
 * The IIIF Image API 3.0 request grammar: region, size, rotation, quality and format, read
 * against the image's dimensions and the server's limits, and written back in canonical form.
 * Pure functions, so every clause of the specification is a unit test.
 */

export const QUALITIES = ['default', 'color', 'gray', 'bitonal'] as const;
export const FORMATS = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
export type Quality = (typeof QUALITIES)[number];
export type Format = keyof typeof FORMATS;

export interface Limits {
  maxWidth: number;
  maxHeight: number;
  maxArea: number;
}

export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ImageRequest {
  region: Region;
  width: number;
  height: number;
  upscaled: boolean;
  mirror: boolean;
  rotation: number;
  quality: Quality;
  format: Format;
}

/** A request the specification says to refuse, with the status it names. */
export class IiifRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 501,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string) => new IiifRequestError(400, message);
const INT = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

function int(s: string, what: string): number {
  if (!INT.test(s)) throw bad(`${what} must be a whole number of pixels`);
  return Number(s);
}

function decimal(s: string, what: string): number {
  if (!DECIMAL.test(s)) throw bad(`${what} must be a decimal number such as 12.5`);
  return Number(s);
}

export function parseRegion(text: string, width: number, height: number): Region {
  let r: Region;
  if (text === 'full') return { x: 0, y: 0, w: width, h: height };
  if (text === 'square') {
    const s = Math.min(width, height);
    return { x: Math.floor((width - s) / 2), y: Math.floor((height - s) / 2), w: s, h: s };
  }
  if (text.startsWith('pct:')) {
    const parts = text.slice(4).split(',');
    if (parts.length !== 4) throw bad('A region in percent is pct:x,y,w,h');
    const [px, py, pw, ph] = parts.map((p) => decimal(p, 'A region percentage')) as [
      number,
      number,
      number,
      number,
    ];
    r = {
      x: Math.round((px * width) / 100),
      y: Math.round((py * height) / 100),
      w: Math.round((pw * width) / 100),
      h: Math.round((ph * height) / 100),
    };
  } else {
    const parts = text.split(',');
    if (parts.length !== 4) throw bad('The region is full, square, x,y,w,h or pct:x,y,w,h');
    const [x, y, w, h] = parts.map((p) => int(p, 'A region value')) as [number, number, number, number];
    r = { x, y, w, h };
  }
  if (r.w === 0 || r.h === 0) throw bad('The region has no width or no height');
  if (r.x >= width || r.y >= height) throw bad('The region lies outside the image');
  return { x: r.x, y: r.y, w: Math.min(r.w, width - r.x), h: Math.min(r.h, height - r.y) };
}

/** The largest size within the limits, keeping the aspect ratio of `w`×`h`. */
export function fitLimits(w: number, h: number, limits: Limits): { width: number; height: number } {
  const scale = Math.min(limits.maxWidth / w, limits.maxHeight / h, Math.sqrt(limits.maxArea / (w * h)));
  if (scale >= 1) return { width: w, height: h };
  return { width: Math.max(1, Math.floor(w * scale)), height: Math.max(1, Math.floor(h * scale)) };
}

export function parseSize(
  text: string,
  region: Region,
  limits: Limits,
): { width: number; height: number; upscaled: boolean } {
  const up = text.startsWith('^');
  const s = up ? text.slice(1) : text;
  const { w: rw, h: rh } = region;
  let width: number;
  let height: number;
  if (s === 'max') {
    const scale = up
      ? Math.min(limits.maxWidth / rw, limits.maxHeight / rh, Math.sqrt(limits.maxArea / (rw * rh)))
      : 1;
    ({ width, height } = up
      ? { width: Math.max(1, Math.floor(rw * scale)), height: Math.max(1, Math.floor(rh * scale)) }
      : fitLimits(rw, rh, limits));
  } else if (s.startsWith('pct:')) {
    const n = decimal(s.slice(4), 'The size percentage');
    if (n > 100 && !up) throw bad('A size above 100 percent needs ^ to allow upscaling');
    width = Math.round((rw * n) / 100);
    height = Math.round((rh * n) / 100);
  } else if (s.startsWith('!')) {
    const parts = s.slice(1).split(',');
    if (parts.length !== 2) throw bad('The size !w,h needs both a width and a height');
    const [bw, bh] = parts.map((p) => int(p, 'A size value')) as [number, number];
    let scale = Math.min(bw / rw, bh / rh);
    if (!up) scale = Math.min(scale, 1);
    width = Math.min(bw, Math.round(rw * scale));
    height = Math.min(bh, Math.round(rh * scale));
    const fitted = fitLimits(width, height, limits);
    ({ width, height } = fitted);
  } else {
    const parts = s.split(',');
    if (parts.length !== 2 || (parts[0] === '' && parts[1] === ''))
      throw bad('The size is max, w,, ,h, pct:n, w,h or !w,h, with ^ before it to allow upscaling');
    const [a, b] = parts as [string, string];
    if (a !== '' && b !== '') {
      width = int(a, 'A size value');
      height = int(b, 'A size value');
    } else if (a !== '') {
      width = int(a, 'A size value');
      height = Math.round((rh * width) / rw);
    } else {
      height = int(b, 'A size value');
      width = Math.round((rw * height) / rh);
    }
  }
  if (width < 1 || height < 1) throw bad('The size asked for is less than one pixel');
  if (!up && (width > rw || height > rh))
    throw bad('This size is larger than the region; put ^ before the size to allow upscaling');
  if (width > limits.maxWidth || height > limits.maxHeight || width * height > limits.maxArea)
    throw bad(
      'This size is larger than the server allows (see maxWidth, maxHeight and maxArea in info.json)',
    );
  return { width, height, upscaled: width > rw || height > rh };
}

export function parseRotation(text: string): { mirror: boolean; rotation: number } {
  const mirror = text.startsWith('!');
  const n = decimal(mirror ? text.slice(1) : text, 'The rotation');
  if (n > 360) throw bad('The rotation is between 0 and 360 degrees');
  return { mirror, rotation: n };
}

export function parseQualityFormat(text: string): { quality: Quality; format: Format } {
  const dot = text.lastIndexOf('.');
  const quality = text.slice(0, dot);
  const format = text.slice(dot + 1);
  if (dot < 0) throw bad('The last part is quality.format, such as default.jpg');
  if (!(QUALITIES as readonly string[]).includes(quality))
    throw bad(`The quality is one of ${QUALITIES.join(', ')}`);
  if (!Object.hasOwn(FORMATS, format)) throw bad(`The format is one of ${Object.keys(FORMATS).join(', ')}`);
  return { quality: quality as Quality, format: format as Format };
}

export function parseImageRequest(
  p: { region: string; size: string; rotation: string; qualityFormat: string },
  image: { width: number; height: number },
  limits: Limits,
): ImageRequest {
  const region = parseRegion(p.region, image.width, image.height);
  const size = parseSize(p.size, region, limits);
  return { region, ...size, ...parseRotation(p.rotation), ...parseQualityFormat(p.qualityFormat) };
}

/** The canonical form of a request (§4.8): the path after the identifier. */
export function canonicalPath(
  r: ImageRequest,
  image: { width: number; height: number },
  limits: Limits,
): string {
  const { x, y, w, h } = r.region;
  const region =
    x === 0 && y === 0 && w === image.width && h === image.height ? 'full' : `${x},${y},${w},${h}`;
  const max = fitLimits(w, h, limits);
  const size =
    !r.upscaled && r.width === max.width && r.height === max.height
      ? 'max'
      : `${r.upscaled ? '^' : ''}${r.width},${r.height}`;
  const rotation = `${r.mirror ? '!' : ''}${String(r.rotation)}`;
  return `${region}/${size}/${rotation}/${r.quality}.${r.format}`;
}
