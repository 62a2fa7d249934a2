import { notFound } from '../../errors.js';
import { canSee } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import { type PublicObject, presentPublicObject } from './portal.presenter.js';

/**
 * The public side's reads. An object is shown when the one rule of `canSee` allows it (public, or
 * the reader is on its museum's staff); anything else is not found, exactly as a missing record.
 */
export class PortalService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly museums: MuseumRepository,
    private readonly objects: ObjectRepository,
    private readonly media: MediaRepository,
  ) {}

  async object(actor: Actor | null, slug: string, id: string): Promise<{ museum: Museum; object: PublicObject; isPublic: boolean }> {
    const museum = await this.museums.findBySlug(this.ctx.db, slug);
    const where = museum && /^[0-9a-f-]{36}$/.test(id) ? await this.objects.locate(this.ctx.db, id) : undefined;
    if (!museum || !where || where.museumId !== museum.id || !canSee(actor, museum.id, where.visibility)) throw notFound('object');
    const [o, media] = await Promise.all([this.objects.findById(this.ctx.db, museum.id, id), this.media.ofObject(this.ctx.db, museum.id, id)]);
    if (!o) throw notFound('object');
    return { museum, object: presentPublicObject(o, media), isPublic: where.visibility === 'public' };
  }
}
