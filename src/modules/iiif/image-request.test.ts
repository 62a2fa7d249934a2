import { describe, expect, it } from 'vitest';
import {
  canonicalPath,
  IiifRequestError,
  type Limits,
  parseImageRequest,
  parseQualityFormat,
  parseRegion,
  parseRotation,
  parseSize,
} from './image-request.js';

const L: Limits = { maxWidth: 10_000, maxHeight: 10_000, maxArea: 16_777_216 };
const status = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof IiifRequestError ? e.status : 'other';
  }
  return 'ok';
};

describe('IIIF Image API 3.0 region (§4.1)', () => {
  it('reads full, square, pixels and percent, and crops at the edge', () => {
    expect(parseRegion('full', 300, 200)).toEqual({ x: 0, y: 0, w: 300, h: 200 });
    expect(parseRegion('square', 300, 200)).toEqual({ x: 50, y: 0, w: 200, h: 200 });
    expect(parseRegion('square', 200, 300)).toEqual({ x: 0, y: 50, w: 200, h: 200 });
    expect(parseRegion('125,15,120,140', 300, 200)).toEqual({ x: 125, y: 15, w: 120, h: 140 });
    // The specification's own example: 125,15,200,200 of a 300×200 image is 175×185.
    expect(parseRegion('125,15,200,200', 300, 200)).toEqual({ x: 125, y: 15, w: 175, h: 185 });
    expect(parseRegion('pct:41.6,7.5,40,70', 300, 200)).toEqual({ x: 125, y: 15, w: 120, h: 140 });
    expect(parseRegion('pct:41.6,7.5,66.6,100', 300, 200)).toEqual({ x: 125, y: 15, w: 175, h: 185 });
  });

  it('refuses zero sizes, regions outside the image and malformed values with 400', () => {
    for (const bad of [
      '0,0,0,10',
      '0,0,10,0',
      '300,0,10,10',
      '0,200,10,10',
      'pct:100,0,10,10',
      '1,2,3',
      '-1,0,10,10',
      '1.5,0,10,10',
      'pct:a,0,1,1',
      'pct:+1,0,1,1',
      'pct:.5,0,1,1',
      'Full',
      '',
    ]) {
      expect(
        status(() => parseRegion(bad, 300, 200)),
        bad,
      ).toBe(400);
    }
  });
});

describe('IIIF Image API 3.0 size (§4.2)', () => {
  const region = { x: 0, y: 0, w: 300, h: 200 };
  it('reads every form, keeping the aspect ratio where it should', () => {
    expect(parseSize('max', region, L)).toEqual({ width: 300, height: 200, upscaled: false });
    expect(parseSize('150,', region, L)).toEqual({ width: 150, height: 100, upscaled: false });
    expect(parseSize(',150', region, L)).toEqual({ width: 225, height: 150, upscaled: false });
    expect(parseSize('pct:50', region, L)).toEqual({ width: 150, height: 100, upscaled: false });
    expect(parseSize('225,100', region, L)).toEqual({ width: 225, height: 100, upscaled: false });
    // §4.2's own examples: !225,100 of 300×200 is 150×100; ^!360,360 is 360×240.
    expect(parseSize('!225,100', region, L)).toEqual({ width: 150, height: 100, upscaled: false });
    expect(parseSize('^!360,360', region, L)).toEqual({ width: 360, height: 240, upscaled: true });
    expect(parseSize('!360,360', region, L)).toEqual({ width: 300, height: 200, upscaled: false });
    expect(parseSize('^360,', region, L)).toEqual({ width: 360, height: 240, upscaled: true });
    expect(parseSize('^,240', region, L)).toEqual({ width: 360, height: 240, upscaled: true });
    expect(parseSize('^pct:120', region, L)).toEqual({ width: 360, height: 240, upscaled: true });
    expect(parseSize('^360,360', region, L)).toEqual({ width: 360, height: 360, upscaled: true });
    expect(parseSize('^max', region, { maxWidth: 600, maxHeight: 600, maxArea: 1e9 })).toEqual({
      width: 600,
      height: 400,
      upscaled: true,
    });
  });

  it('never upscales without ^ (400), and holds the server limits', () => {
    for (const bad of [
      '301,',
      ',201',
      'pct:101',
      '301,200',
      '300,201',
      '0,',
      ',0',
      'pct:0',
      'w,',
      '150',
      '^',
      '!150,',
      'max,',
      '^^max',
      ',',
    ]) {
      expect(
        status(() => parseSize(bad, region, L)),
        bad,
      ).toBe(400);
    }
    const big = { x: 0, y: 0, w: 20_000, h: 10_000 };
    // max is constrained by maxArea (§4.2: "unless it is constrained to a smaller size").
    const max = parseSize('max', big, L);
    expect(max.width * max.height).toBeLessThanOrEqual(L.maxArea);
    expect(max.width / max.height).toBeCloseTo(2, 2);
    expect(status(() => parseSize('10001,', big, L))).toBe(400);
    expect(status(() => parseSize('^20000,', { x: 0, y: 0, w: 100, h: 100 }, L))).toBe(400);
  });
});

describe('IIIF Image API 3.0 rotation, quality and format (§4.3–4.5)', () => {
  it('reads rotation with mirroring, from 0 to 360, and refuses the rest', () => {
    expect(parseRotation('0')).toEqual({ mirror: false, rotation: 0 });
    expect(parseRotation('!90')).toEqual({ mirror: true, rotation: 90 });
    expect(parseRotation('22.5')).toEqual({ mirror: false, rotation: 22.5 });
    expect(parseRotation('360')).toEqual({ mirror: false, rotation: 360 });
    for (const bad of ['361', '-90', '!', 'x', '90!', '+90', '1e2'])
      expect(
        status(() => parseRotation(bad)),
        bad,
      ).toBe(400);
  });

  it('reads qualities and formats, refusing unknown ones with 400', () => {
    expect(parseQualityFormat('default.jpg')).toEqual({ quality: 'default', format: 'jpg' });
    expect(parseQualityFormat('gray.png')).toEqual({ quality: 'gray', format: 'png' });
    expect(parseQualityFormat('bitonal.webp')).toEqual({ quality: 'bitonal', format: 'webp' });
    for (const bad of [
      'default',
      'sepia.jpg',
      'default.gif',
      'default.tif',
      'default.jpeg',
      'color.',
      '.jpg',
    ])
      expect(
        status(() => parseQualityFormat(bad)),
        bad,
      ).toBe(400);
  });
});

describe('canonical URI syntax (§4.8)', () => {
  const img = { width: 300, height: 200 };
  const canon = (region: string, size: string, rotation = '0', qf = 'default.jpg') =>
    canonicalPath(parseImageRequest({ region, size, rotation, qualityFormat: qf }, img, L), img, L);
  it('writes full, x,y,w,h, max, w,h and ^w,h as the specification lists', () => {
    expect(canon('0,0,300,200', 'max')).toBe('full/max/0/default.jpg');
    expect(canon('pct:0,0,100,100', '300,')).toBe('full/max/0/default.jpg');
    expect(canon('square', '100,')).toBe('50,0,200,200/100,100/0/default.jpg');
    expect(canon('full', 'pct:50', '!90.0', 'gray.png')).toBe('full/150,100/!90/gray.png');
    expect(canon('full', '^pct:200', '22.50')).toBe('full/^600,400/22.5/default.jpg');
  });
});
