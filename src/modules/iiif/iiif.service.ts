import { LRUCache } from 'lru-cache';
import { can, canSee } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { Media } from '../media/media.schemas.js';
import type { Storage } from '../media/storage.adapter.js';
import { canonicalPath, FORMATS, IiifRequestError, type Limits, parseImageRequest } from './image-request.js';
import { cutEdge, edgeTiles, type PyramidSource, render } from './iiif.render.js';
import { readLevels, type TiffLevel } from '../media/tiff.js';

/** Largest image the server makes in one answer for a museum's staff: a 16-megapixel cut keeps a small server's memory bounded. */
export const LIMITS: Limits = { maxWidth: 10_000, maxHeight: 10_000, maxArea: 16_777_216 };

/** The limits of what anyone else may ask for: `maxPixels` (IIIF_MAX_PIXELS_PUBLIC) at most, upscaled or not. */
export function publicLimits(maxPixels: number): Limits {
  return { ...LIMITS, maxArea: Math.min(maxPixels, LIMITS.maxArea) };
}

export interface ServedImage {
  media: Media;
  /** Anyone may see it (and caches may keep it); otherwise it was served to staff only. */
  isPublic: boolean;
  /** The reader is on the staff of the image's museum, with its larger limits. */
  staff: boolean;
  /** What the reader may ask for (info.json's maxWidth, maxHeight and maxArea). */
  limits: Limits;
  width: number;
  height: number;
  levels: TiffLevel[];
}

interface OpenPyramid {
  levels: TiffLevel[];
  read: PyramidSource['read'];
  close: () => Promise<void>;
  edge: NonNullable<PyramidSource['edge']>;
}

/** The file of edge tiles beside a pyramid: `MEDG`, the index's length, the index as JSON, then the tiles. */
const EDGES_MAGIC = 'MEDG';
const edgesKey = (pyramidKey: string) => `${pyramidKey}.edges`;

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
  private readonly answers = new LRUCache<string, Buffer>({
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (b) => b.length,
  });
  /**
   * Where each image belongs and its pyramid, kept for a few seconds (a deep-zoom view asks for
   * dozens of tiles at once). Whether its object is public is not kept: it is read on every
   * request, so an image withdrawn from the public is refused from the next request on, by every server.
   */
  private readonly located = new LRUCache<
    string,
    NonNullable<Awaited<ReturnType<MediaRepository['locate']>>>
  >({ max: 10_000, ttl: 5_000 });

  constructor(
    private readonly ctx: ServiceContext,
    private readonly media: MediaRepository,
    private readonly storage: Storage,
    private readonly publicLimits: Limits = LIMITS,
  ) {}

  /** The image with this id if the actor may see it and its pyramid is made; otherwise 404. */
  async image(actor: Actor | null, id: string): Promise<ServedImage> {
    const found = /^[0-9a-f-]{36}$/.test(id) ? await this.locate(id) : undefined;
    const visibility = found ? await this.media.visibility(this.ctx.db, found.media.objectId) : undefined;
    if (!found || !visibility || !canSee(actor, found.museumId, visibility, 'media'))
      throw new IiifRequestError(404, 'No image has this identifier');
    const pyramid = found.media.derivatives?.pyramid;
    if (!pyramid) throw new IiifRequestError(404, 'This image is not processed yet');
    const open = await this.open(pyramid.key);
    const full = open.levels[0]!;
    const staff = actor !== null && can(actor, 'read', 'media', found.museumId);
    return {
      media: found.media,
      isPublic: visibility === 'public',
      staff,
      limits: staff ? LIMITS : this.publicLimits,
      width: full.width,
      height: full.height,
      levels: open.levels,
    };
  }

  /** The image information document (§5), without its `id`, which the caller knows. */
  info(img: ServedImage) {
    const scaleFactors = img.levels.map((_, k) => 2 ** k);
    const { limits } = img;
    const fits = (w: number, h: number) =>
      w <= limits.maxWidth && h <= limits.maxHeight && w * h <= limits.maxArea;
    return {
      type: 'ImageService3',
      protocol: 'http://iiif.io/api/image',
      profile: 'level2',
      width: img.width,
      height: img.height,
      ...limits,
      sizes: img.levels
        .map((l) => ({ width: l.width, height: l.height }))
        .filter((s) => fits(s.width, s.height))
        .reverse(),
      tiles: [{ width: img.levels[0]!.tileWidth, height: img.levels[0]!.tileHeight, scaleFactors }],
      ...(img.media.rights ? { rights: img.media.rights } : {}),
      preferredFormats: ['jpg'],
      extraQualities: ['color', 'gray', 'bitonal'],
      extraFormats: ['webp'],
      extraFeatures: [
        'canonicalLinkHeader',
        'mirroring',
        'profileLinkHeader',
        'rotationArbitrary',
        'sizeUpscaling',
      ],
    };
  }

  /** An image request (§4): the bytes, their media type and the canonical path of the request. */
  async render(
    img: ServedImage,
    p: { region: string; size: string; rotation: string; qualityFormat: string },
  ) {
    const request = parseImageRequest(p, img, img.limits);
    const canonical = canonicalPath(request, img, img.limits);
    // `max` is as large as the reader's limits allow: the staff's and the public's differ.
    const key = `${img.media.id}/${img.limits.maxArea}/${canonical}`;
    let body = this.answers.get(key);
    if (!body) {
      const pyramid = img.media.derivatives!.pyramid!;
      const open = await this.open(pyramid.key);
      body = await render({ ...open, file: () => this.storage.localFile(pyramid.key) }, request);
      if (body.length <= 1024 * 1024) this.answers.set(key, body);
    }
    return { body, contentType: FORMATS[request.format], canonical };
  }

  private async locate(id: string) {
    const hit = this.located.get(id);
    if (hit) return hit;
    const found = await this.media.locate(this.ctx.db, id);
    if (found?.media.derivatives?.pyramid) this.located.set(id, found);
    return found;
  }

  /**
   * Cuts every edge tile of a pyramid to the image once, so that those too are served as stored
   * (part of the derivatives job; run again, it writes the same file).
   */
  async prepare(pyramidKey: string): Promise<void> {
    const range = await this.storage.openRange(pyramidKey);
    try {
      const levels = await readLevels(range.read);
      const src = { levels, read: range.read, file: () => this.storage.localFile(pyramidKey) };
      const index: [number, number, number, number, number][] = [];
      const tiles: Buffer[] = [];
      let offset = 0;
      for (const e of edgeTiles(levels)) {
        const tile = await cutEdge(src, e);
        index.push([e.k, e.col, e.row, offset, tile.length]);
        tiles.push(tile);
        offset += tile.length;
      }
      const json = Buffer.from(JSON.stringify(index));
      const head = Buffer.alloc(8);
      head.write(EDGES_MAGIC, 0, 'latin1');
      head.writeUInt32LE(json.length, 4);
      await this.storage.putBuffer(edgesKey(pyramidKey), Buffer.concat([head, json, ...tiles]));
    } finally {
      await range.close();
    }
    this.pyramids.delete(pyramidKey);
  }

  private open(key: string): Promise<OpenPyramid> {
    let p = this.pyramids.get(key);
    if (!p) {
      p = (async () => {
        const range = await this.storage.openRange(key);
        try {
          return {
            levels: await readLevels(range.read),
            ...range,
            ...(await this.openEdges(key, range.close)),
          };
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

  /** The edge tiles' index, and a reader of them; none while they are not made (then edges are cut per request). */
  private async openEdges(
    key: string,
    closePyramid: () => Promise<void>,
  ): Promise<Pick<OpenPyramid, 'edge' | 'close'>> {
    const none = { edge: async () => null, close: closePyramid };
    let range: Awaited<ReturnType<Storage['openRange']>>;
    try {
      range = await this.storage.openRange(edgesKey(key));
    } catch {
      return none;
    }
    const head = await range.read(0, 8);
    if (head.toString('latin1', 0, 4) !== EDGES_MAGIC) {
      await range.close();
      return none;
    }
    const length = head.readUInt32LE(4);
    const index = new Map(
      (JSON.parse((await range.read(8, length)).toString('utf8')) as number[][]).map(
        ([k, col, row, offset, size]) => [`${k}/${col}/${row}`, [8 + length + offset!, size!] as const],
      ),
    );
    return {
      edge: async (k, col, row) => {
        const at = index.get(`${k}/${col}/${row}`);
        return at ? range.read(at[0], at[1]) : null;
      },
      close: async () => {
        await Promise.all([closePyramid(), range.close()]);
      },
    };
  }
}
