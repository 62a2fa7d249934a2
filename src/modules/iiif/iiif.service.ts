import { LRUCache } from 'lru-cache';
import { canSee } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { Media } from '../media/media.schemas.js';
import type { LocalStorage } from '../media/storage.adapter.js';
import { canonicalPath, FORMATS, IiifRequestError, type Limits, parseImageRequest } from './image-request.js';
import { type PyramidSource, render } from './iiif.render.js';
import { readLevels, type TiffLevel } from './tiff.js';

/** Largest image the server makes in one answer: a 16-megapixel cut keeps a small server's memory bounded. */
export const LIMITS: Limits = { maxWidth: 10_000, maxHeight: 10_000, maxArea: 16_777_216 };

export interface ServedImage {
  media: Media;
  /** Anyone may see it (and caches may keep it); otherwise it was served to staff only. */
  isPublic: boolean;
  width: number;
  height: number;
  levels: TiffLevel[];
}

interface OpenPyramid {
  levels: TiffLevel[];
  read: PyramidSource['read'];
  close: () => Promise<void>;
}

/**
 * The IIIF Image API over each image's pyramid. Who may see an image is decided per request
 * (public object, or staff of its museum); everything else is answered as if it did not exist.
 * Open pyramids (their tile tables and file handles) and small rendered answers are kept in
 * memory, bounded.
 */
export class IiifService {
  private readonly pyramids = new LRUCache<string, Promise<OpenPyramid>>({
    max: 64,
    dispose: (p) => void p.then((o) => o.close()).catch(() => undefined),
  });
  private readonly answers = new LRUCache<string, Buffer>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (b) => b.length });

  constructor(
    private readonly ctx: ServiceContext,
    private readonly media: MediaRepository,
    private readonly storage: LocalStorage,
  ) {}

  /** The image with this id if the actor may see it and its pyramid is made; otherwise 404. */
  async image(actor: Actor | null, id: string): Promise<ServedImage> {
    const found = /^[0-9a-f-]{36}$/.test(id) ? await this.media.locate(this.ctx.db, id) : undefined;
    if (!found || !canSee(actor, found.museumId, found.visibility, 'media')) throw new IiifRequestError(404, 'No image has this identifier');
    const pyramid = found.media.derivatives?.pyramid;
    if (!pyramid) throw new IiifRequestError(404, 'This image is not processed yet');
    const open = await this.open(pyramid.key);
    const full = open.levels[0]!;
    return { media: found.media, isPublic: found.visibility === 'public', width: full.width, height: full.height, levels: open.levels };
  }

  /** The image information document (§5), without its `id`, which the caller knows. */
  info(img: ServedImage) {
    const scaleFactors = img.levels.map((_, k) => 2 ** k);
    const fits = (w: number, h: number) => w <= LIMITS.maxWidth && h <= LIMITS.maxHeight && w * h <= LIMITS.maxArea;
    return {
      type: 'ImageService3',
      protocol: 'http://iiif.io/api/image',
      profile: 'level2',
      width: img.width,
      height: img.height,
      ...LIMITS,
      sizes: img.levels.map((l) => ({ width: l.width, height: l.height })).filter((s) => fits(s.width, s.height)).reverse(),
      tiles: [{ width: img.levels[0]!.tileWidth, height: img.levels[0]!.tileHeight, scaleFactors }],
      ...(img.media.rights ? { rights: img.media.rights } : {}),
      preferredFormats: ['jpg'],
      extraQualities: ['color', 'gray', 'bitonal'],
      extraFormats: ['webp'],
      extraFeatures: ['canonicalLinkHeader', 'mirroring', 'profileLinkHeader', 'rotationArbitrary', 'sizeUpscaling'],
    };
  }

  /** An image request (§4): the bytes, their media type and the canonical path of the request. */
  async render(img: ServedImage, p: { region: string; size: string; rotation: string; qualityFormat: string }) {
    const request = parseImageRequest(p, img, LIMITS);
    const canonical = canonicalPath(request, img, LIMITS);
    const key = `${img.media.id}/${canonical}`;
    let body = this.answers.get(key);
    if (!body) {
      const pyramid = img.media.derivatives!.pyramid!;
      const open = await this.open(pyramid.key);
      body = await render({ levels: open.levels, read: open.read, file: () => this.storage.localFile(pyramid.key) }, request);
      if (body.length <= 1024 * 1024) this.answers.set(key, body);
    }
    return { body, contentType: FORMATS[request.format], canonical };
  }

  private open(key: string): Promise<OpenPyramid> {
    let p = this.pyramids.get(key);
    if (!p) {
      p = (async () => {
        const range = await this.storage.openRange(key);
        try {
          return { levels: await readLevels(range.read), ...range };
        } catch (e) {
          await range.close();
          throw e;
        }
      })();
      p.catch(() => this.pyramids.delete(key));
      this.pyramids.set(key, p);
    }
    return p;
  }
}
