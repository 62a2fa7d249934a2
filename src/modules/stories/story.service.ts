import { randomBytes } from 'node:crypto';
import { conflict, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, canSee } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { PortalRepository } from '../portal/portal.repository.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { StoryRepository } from './story.repository.js';
import { type Section, type Story, type StoryInput, storyInput } from './story.schemas.js';

const sectionId = () => randomBytes(5).toString('hex').slice(0, 8);

/** What a reader sees of a section's object: public objects only, whatever the story says. */
export interface ShownObject {
  id: string;
  museum: string;
  accessionNumber: string;
  titles: { lang: string; value: string }[];
  image: { id: string; width: number; height: number; captions: { lang: string; value: string }[] } | null;
}

/**
 * Stories and virtual exhibitions: composed by mediators and curators from sections, drafted,
 * previewed by the museum's staff, published. A story may show objects of other museums; an
 * object shows only while it is public, so a story never carries a hidden record to the public.
 */
export class StoryService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: StoryRepository,
    private readonly objects: ObjectRepository,
    private readonly media: MediaRepository,
    private readonly museums: MuseumRepository,
    private readonly audit: AuditRepository,
    private readonly cards: PortalRepository,
  ) {}

  async list(actor: Actor, museumId: string): Promise<Story[]> {
    authorize(actor, 'read', 'story', museumId);
    return this.repo.ofMuseum(this.ctx.db, museumId);
  }

  async get(actor: Actor, museumId: string, id: string): Promise<Story> {
    authorize(actor, 'read', 'story', museumId);
    const s = await this.repo.find(this.ctx.db, museumId, id);
    if (!s) throw notFound('story');
    return s;
  }

  async create(actor: Actor, museumId: string, input: unknown): Promise<Story> {
    authorize(actor, 'create', 'story', museumId);
    const v = parseInput(storyInput, input);
    if (await this.repo.slugTaken(this.ctx.db, museumId, v.slug))
      throw conflict('slug', 'slug_taken', 'Another story of this museum has this address');
    const sections = await this.checkedSections(museumId, v.sections);
    const now = nowIso();
    const s: Story = {
      id: newId(),
      museumId,
      kind: v.kind,
      slug: v.slug,
      status: 'draft',
      titles: v.titles,
      summaries: v.summaries,
      sections,
      publishedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, s);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'story',
        entityId: s.id,
        changes: diffRecords(null, s),
      });
    });
    return s;
  }

  async update(actor: Actor, museumId: string, id: string, input: unknown): Promise<Story> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'update', 'story', museumId);
    const v = parseInput(storyInput, input);
    if (v.version !== undefined && v.version !== before.version)
      throw conflict('version', 'stale', 'Someone else changed this story; reload it');
    if (await this.repo.slugTaken(this.ctx.db, museumId, v.slug, id))
      throw conflict('slug', 'slug_taken', 'Another story of this museum has this address');
    const sections = await this.checkedSections(museumId, v.sections);
    const after: Story = {
      ...before,
      kind: v.kind,
      slug: v.slug,
      titles: v.titles,
      summaries: v.summaries,
      sections,
      updatedAt: nowIso(),
      version: before.version + 1,
    };
    await this.write(actor, before, after);
    return after;
  }

  /** Publishes a draft (readers see it at once) or takes a story back to draft. */
  async setPublished(actor: Actor, museumId: string, id: string, published: boolean): Promise<Story> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'approve', 'story', museumId);
    const now = nowIso();
    const after: Story = {
      ...before,
      status: published ? 'published' : 'draft',
      publishedAt: published ? (before.publishedAt ?? now) : before.publishedAt,
      updatedAt: now,
      version: before.version + 1,
    };
    await this.write(actor, before, after);
    return after;
  }

  async delete(actor: Actor, museumId: string, id: string): Promise<void> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'delete', 'story', museumId);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.delete(trx, museumId, id);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'delete',
        entityType: 'story',
        entityId: id,
        changes: diffRecords(before, null),
      });
    });
  }

  private async write(actor: Actor, before: Story, after: Story) {
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.update(trx, after);
      await this.audit.record(trx, actor, {
        museumId: after.museumId,
        action: 'update',
        entityType: 'story',
        entityId: after.id,
        changes: diffRecords(before, after),
      });
    });
  }

  /**
   * Sections with their ids (kept, or made for new ones), each object one of this museum or a
   * public one of another, each detail a region inside one of that object's images.
   */
  private async checkedSections(
    museumId: string,
    sections: readonly StoryInput['sections'][number][],
  ): Promise<Section[]> {
    const errors: { path: string; code: string; message: string }[] = [];
    const out: Section[] = [];
    const seen = new Set<string>();
    for (const [i, raw] of sections.entries()) {
      let id = raw.id && !seen.has(raw.id) ? raw.id : sectionId();
      while (seen.has(id)) id = sectionId();
      seen.add(id);
      const s = { ...raw, id } as Section;
      if (s.type === 'object' || s.type === 'detail') {
        const where = await this.objects.locate(this.ctx.db, s.objectId);
        if (!where || (where.museumId !== museumId && where.visibility !== 'public')) {
          errors.push({
            path: `sections.${i}.objectId`,
            code: 'not_found',
            message: 'No such object, or not public',
          });
          continue;
        }
        if (s.type === 'detail') {
          const m = await this.media.locate(this.ctx.db, s.mediaId);
          const size = m?.media.derivatives?.pyramid;
          if (!m || m.media.objectId !== s.objectId || !size)
            errors.push({
              path: `sections.${i}.mediaId`,
              code: 'not_found',
              message: 'No such image of this object',
            });
          else if (s.region.x + s.region.w > size.width || s.region.y + s.region.h > size.height)
            errors.push({
              path: `sections.${i}.region`,
              code: 'outside',
              message: `The region must lie inside the image (${size.width} × ${size.height})`,
            });
        }
      }
      out.push(s);
    }
    if (errors.length) throw invalidInput(errors);
    return out;
  }

  /**
   * A story as its reader sees it: published, or a draft previewed by its museum's staff; with
   * the public objects its sections show (any other is left out).
   */
  async read(
    actor: Actor | null,
    museumSlug: string,
    slug: string,
  ): Promise<{ museum: Museum; story: Story; objects: Map<string, ShownObject>; preview: boolean }> {
    const museum = await this.museums.findBySlug(this.ctx.db, museumSlug);
    const story = museum ? await this.repo.findBySlug(this.ctx.db, museum.id, slug) : undefined;
    if (!museum || !story) throw notFound('story');
    const preview = story.status !== 'published';
    if (preview && !canSee(actor, museum.id, 'internal')) throw notFound('story');
    const ids = [
      ...new Set(
        story.sections.flatMap((s) => (s.type === 'object' || s.type === 'detail' ? [s.objectId] : [])),
      ),
    ];
    const objects = new Map((await this.cards.publicCards(this.ctx.db, ids)).map((card) => [card.id, card]));
    return { museum, story, objects, preview };
  }

  /** Published stories, the newest first, of a museum (by its address) or of all. */
  async published(
    museumSlug: string | null,
    limit = 24,
  ): Promise<{ museum: Museum | null; stories: Awaited<ReturnType<StoryRepository['published']>> }> {
    const museum = museumSlug ? await this.museums.findBySlug(this.ctx.db, museumSlug) : null;
    if (museumSlug && !museum) throw notFound('museum');
    return {
      museum: museum ?? null,
      stories: await this.repo.published(this.ctx.db, museum?.id ?? null, limit),
    };
  }
}
