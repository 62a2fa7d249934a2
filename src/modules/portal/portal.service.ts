import { LRUCache } from 'lru-cache';
import { gone, notFound } from '../../errors.js';
import { readJson } from '../common/values.schemas.js';
import { canSee } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuthorityLabel } from '../authorities/authority.schemas.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { ServiceContext } from '../common/context.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { Facet } from '../search/search.document.js';
import type { SearchRepository } from '../search/search.repository.js';
import type { PortalRepository } from './portal.repository.js';
import type { SearchService } from '../search/search.service.js';
import type { SearchOutput } from '../search/search.schemas.js';
import {
  facetOfAuthority,
  type PublicAuthority,
  type PublicObject,
  presentPublicAuthority,
  presentPublicObject,
} from './portal.presenter.js';

export interface PublicPlace {
  id: string;
  labels: AuthorityLabel[];
  latitude: number | null;
  longitude: number | null;
  count: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The public side's reads. An object is shown when the one rule of `canSee` allows it (public, or
 * the reader is on its museum's staff); anything else is not found, exactly as a missing record.
 * Lists of objects come from the public search, so they hold public records only.
 */
export class PortalService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly museums: MuseumRepository,
    private readonly objects: ObjectRepository,
    private readonly authorities: AuthorityRepository,
    private readonly searches: SearchService,
    private readonly index: SearchRepository,
    private readonly portal: PortalRepository,
    private readonly origins?: {
      origin(
        db: ServiceContext['db'],
        objectId: string,
      ): Promise<{ sourceName: string; url: string | null } | undefined>;
    },
  ) {}

  private readonly neighbours = new LRUCache<string, string[]>({ max: 5_000, ttl: 60_000 });

  /**
   * Museums by their address, for ten seconds: every object page names its museum, and what a
   * page shows of its museum may lag a while already (a kept page, see PageCache). On PostgreSQL
   * that is one round trip in five of an object page.
   */
  private readonly museumsBySlug = new LRUCache<string, Museum>({ max: 1_000, ttl: 10_000 });

  private async museumBySlug(slug: string): Promise<Museum | undefined> {
    let museum = this.museumsBySlug.get(slug);
    if (!museum) {
      museum = await this.museums.findBySlug(this.ctx.db, slug);
      if (museum) this.museumsBySlug.set(slug, museum);
    }
    return museum;
  }

  async object(
    actor: Actor | null,
    slug: string,
    id: string,
  ): Promise<{
    museum: Museum;
    object: PublicObject;
    isPublic: boolean;
    origin: { sourceName: string; url: string | null } | null;
  }> {
    const museum = await this.museumBySlug(slug);
    if (!museum || !UUID.test(id)) throw notFound('object');
    // Asked together (on PostgreSQL each is a round trip), and shown only if the one rule allows.
    // Only a harvested museum's records have a source to name.
    const [found, origin] = await Promise.all([
      this.objects.findWithMedia(this.ctx.db, museum.id, id),
      museum.harvested ? this.origins?.origin(this.ctx.db, id) : undefined,
    ]);
    const o = found?.object;
    if (!o || !canSee(actor, museum.id, o.visibility))
      throw (await this.index.wasWithdrawn(this.ctx.db, museum.id, id)) ? gone('object') : notFound('object');
    // A harvested record names its source and links back to it (only these two: the source's other details stay with the hub).
    return {
      museum,
      object: presentPublicObject(o, found.media),
      isPublic: o.visibility === 'public',
      origin: origin ? { sourceName: origin.sourceName, url: origin.url } : null,
    };
  }

  /** What changes whenever the object's public page would (see SearchRepository.stamp); null when there is none. */
  async objectStamp(id: string): Promise<string | null> {
    return UUID.test(id) ? this.index.stamp(this.ctx.db, id) : null;
  }

  /** Public objects that share the object's maker, then its dynasty or period, then its object name (the newest first). */
  async related(o: PublicObject, limit = 6): Promise<SearchOutput['items']> {
    const by = [o.makers[0]?.id, o.dynasties[0]?.id, o.periods[0]?.id, o.objectNames[0]?.id].filter(
      (x): x is string => !!x,
    );
    const key = `${by.join(' ')} ${limit}`;
    // Objects sharing the same authorities share the same neighbours: found once a minute (one more, should the object be among them).
    let near = this.neighbours.get(key);
    if (!near) {
      near = await this.portal.publicLinkedTo(this.ctx.db, by, limit + 1);
      this.neighbours.set(key, near);
    }
    const ids = near.filter((x) => x !== o.id).slice(0, limit);
    // Read now, so an object withdrawn within that minute is never shown.
    return (await this.portal.publicCards(this.ctx.db, ids)).map((card) => ({ ...card, highlight: null }));
  }

  /**
   * A person's, place's or term's public page: found only when at least one public object is
   * linked to it (an authority used only by hidden records, or a donor's name, is not found).
   */
  async authority(
    id: string,
    page: { offset: number; limit: number },
  ): Promise<{ authority: PublicAuthority; facet: Facet; objects: SearchOutput }> {
    const a = UUID.test(id) ? await this.authorities.findById(this.ctx.db, id) : undefined;
    const facet = a ? facetOfAuthority(a) : null;
    if (!a || !facet) throw notFound('authority');
    const objects = await this.searches.searchPublic({
      [facet]: id,
      sort: 'accession',
      limit: String(page.limit),
      offset: String(page.offset),
      facets: '0',
    });
    if (!objects.total) throw notFound('authority');
    return { authority: presentPublicAuthority(a), facet, objects };
  }

  /** Places of production of public objects, those with coordinates apart from those without. */
  async places(): Promise<{ mapped: PublicPlace[]; unplaced: PublicPlace[] }> {
    const rows = await this.portal.publicPlaces(this.ctx.db);
    const places = rows.map((r) => ({
      id: r.id,
      labels: readJson<AuthorityLabel[]>(r.labels, []),
      latitude: r.latitude,
      longitude: r.longitude,
      count: r.count,
    }));
    return {
      mapped: places.filter((p) => p.latitude !== null && p.longitude !== null),
      unplaced: places.filter((p) => p.latitude === null || p.longitude === null),
    };
  }

  /** A museum's public page: the museum and its public objects, the most recently changed first. */
  async museum(slug: string, limit: number): Promise<{ museum: Museum; objects: SearchOutput }> {
    const museum = await this.museums.findBySlug(this.ctx.db, slug);
    if (!museum) throw notFound('museum');
    return {
      museum,
      objects: await this.searches.searchPublic({
        museum: slug,
        sort: 'updated',
        order: 'desc',
        limit: String(limit),
        facets: '0',
      }),
    };
  }

  /** The platform's front page: objects with images lately changed, and every museum with its count of public objects. */
  async home(
    limit: number,
  ): Promise<{ highlights: SearchOutput['items']; museums: { museum: Museum; count: number }[] }> {
    const highlights = await this.searches.searchPublic({
      hasImage: 'yes',
      sort: 'updated',
      order: 'desc',
      limit: String(limit),
      facets: '0',
    });
    // Every public object is with or without an image: the museum facet of both counts them all.
    const all = await this.searches.searchPublic({ hasImage: ['yes', 'no'], limit: '1' });
    const counts = new Map((all.facets.museum ?? []).map((m) => [m.value, m.count]));
    const museums = await this.museums.list(this.ctx.db);
    return {
      highlights: highlights.items,
      museums: museums
        .map((museum) => ({ museum, count: counts.get(museum.slug) ?? 0 }))
        .sort((a, b) => b.count - a.count || a.museum.slug.localeCompare(b.museum.slug)),
    };
  }
}
