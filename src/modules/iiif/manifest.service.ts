import { canSee } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import { IiifRequestError, type Limits } from './image-request.js';
import { LIMITS } from './iiif.service.js';
import { languageMap, presentCollection, presentManifest } from './manifest.presenter.js';

/** How many manifests one museum's collection lists. */
const COLLECTION_LIMIT = 10_000;

/**
 * IIIF Presentation 3.0: a manifest per object that the reader may see (anyone, for a public
 * object), with the images that are ready, and a collection per museum of its public objects.
 */
export class ManifestService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly objects: ObjectRepository,
    private readonly media: MediaRepository,
    private readonly museums: MuseumRepository,
    private readonly baseUrl: string,
    private readonly publicLimits: Limits = LIMITS,
  ) {}

  async manifest(actor: Actor | null, objectId: string) {
    const where = /^[0-9a-f-]{36}$/.test(objectId)
      ? await this.objects.locate(this.ctx.db, objectId)
      : undefined;
    if (!where || !canSee(actor, where.museumId, where.visibility))
      throw new IiifRequestError(404, 'No object has this identifier');
    const [found, museum] = await Promise.all([
      this.objects.findWithMedia(this.ctx.db, where.museumId, objectId),
      this.museums.findById(this.ctx.db, where.museumId),
    ]);
    if (!found || !museum) throw new IiifRequestError(404, 'No object has this identifier');
    const { object: o, media: images } = found;
    const isPublic = where.visibility === 'public';
    const doc = presentManifest(
      o,
      museum,
      images.filter((m) => m.derivatives?.pyramid),
      {
        manifest: `${this.baseUrl}/iiif/3/manifest/${o.id}`,
        imageBase: (id) => `${this.baseUrl}/iiif/3/${id}`,
        homepage: isPublic ? `${this.baseUrl}/m/${museum.slug}/objects/${o.id}` : null,
        museumPage: `${this.baseUrl}/m/${museum.slug}`,
      },
      isPublic ? this.publicLimits : LIMITS,
    );
    return { doc, isPublic };
  }

  async collection(slug: string) {
    const museum = await this.museums.findBySlug(this.ctx.db, slug);
    if (!museum) throw new IiifRequestError(404, 'No museum has this name');
    const ids = await this.media.publicObjectsWithImages(this.ctx.db, museum.id, COLLECTION_LIMIT);
    const briefs = new Map((await this.objects.briefs(this.ctx.db, museum.id, ids)).map((b) => [b.id, b]));
    return presentCollection(
      museum,
      `${this.baseUrl}/iiif/3/collection/${museum.slug}`,
      ids.map((id) => {
        const b = briefs.get(id)!;
        return {
          id: `${this.baseUrl}/iiif/3/manifest/${id}`,
          label: languageMap(b.titles, b.accessionNumber),
        };
      }),
    );
  }
}
