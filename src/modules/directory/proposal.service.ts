import { AppError, conflict, forbidden, notFound, rateLimited } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, canReviewDirectory } from '../access/policy.js';
import { type Actor, SYSTEM_ACTOR } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { addressBlock, type RateLimiter } from '../auth/rate-limit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { MuseumService } from '../museums/museum.service.js';
import type { Museum } from '../museums/museum.schemas.js';
import { normalize } from '../search/normalize.js';
import type { DirectoryRepository } from './directory.repository.js';
import type { DirectoryService } from './directory.service.js';
import type { ProposalRepository } from './proposal.repository.js';
import {
  type EntryInput,
  entryInput,
  focalPointInput,
  type Proposal,
  publicProposalInput,
  reviewInput,
} from './proposal.schemas.js';

const slugPart = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);

/**
 * Keeping the directory true. Anyone may propose a museum not yet listed (a public form with a
 * honeypot and a rate limit, no third-party captcha); a museum's director proposes changes to
 * its entry; the national focal point of that member state (or a platform administrator)
 * reviews, edits, accepts or refuses. Nothing proposed is public before it is accepted, and
 * every accepted change is in the museum's history with who accepted it.
 */
export class ProposalService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ProposalRepository,
    private readonly facts: DirectoryRepository,
    private readonly museumRepo: MuseumRepository,
    private readonly museums: MuseumService,
    private readonly directory: DirectoryService,
    private readonly audit: AuditRepository,
    private readonly limit: { limiter: RateLimiter; perHour: number },
  ) {}

  /** A proposal from the public form. `trap` is the honeypot field, which people never see and robots fill. */
  async proposeNew(input: unknown, client: string, trap: string | undefined): Promise<Proposal> {
    if (trap) throw new AppError('refused', 400, 'This proposal could not be accepted');
    const hit = await this.limit.limiter.hit([
      { scope: 'proposal', value: addressBlock(client), max: this.limit.perHour },
    ]);
    if (!hit.allowed) throw rateLimited(hit.retryAfter);
    const v = parseInput(publicProposalInput, input);
    await this.checkState(v.entry.countryCode);
    const names = new Set(v.entry.names.map((n) => normalize(n.value)));
    const same = (await this.directory.entries()).find(
      (e) => e.country === v.entry.countryCode && e.names.some((n) => names.has(normalize(n.value))),
    );
    if (same)
      throw conflict(
        'entry.names',
        'duplicate',
        `This museum is in the directory already (/m/${same.slug}); its director or the focal point can change its entry`,
      );
    if (
      (await this.repo.pendingNew(this.ctx.db, v.entry.countryCode)).some((e) =>
        e.names.some((n) => names.has(normalize(n.value))),
      )
    ) {
      throw conflict('entry.names', 'duplicate', 'This museum has been proposed already and awaits review');
    }
    const p: Proposal = {
      id: newId(),
      kind: 'new',
      museumId: null,
      country: v.entry.countryCode,
      entry: v.entry,
      contact: v.contact,
      note: v.note ?? null,
      proposedBy: v.contact.name,
      status: 'pending',
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      createdAt: nowIso(),
    };
    await this.repo.insert(this.ctx.db, p, null);
    return p;
  }

  /** A director's change to their museum's entry, for the focal point to accept. */
  async proposeChange(actor: Actor, museumId: string, input: unknown): Promise<Proposal> {
    authorize(actor, 'update', 'museum', museumId);
    const v = parseInput(entryInput, input);
    await this.checkState(v.countryCode);
    const p: Proposal = {
      id: newId(),
      kind: 'change',
      museumId,
      country: v.countryCode,
      entry: v,
      contact: null,
      note: null,
      proposedBy: actor.name,
      status: 'pending',
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      createdAt: nowIso(),
    };
    await this.repo.insert(this.ctx.db, p, actor.userId);
    return p;
  }

  /**
   * A focal point completing an entry of their state themselves (an Arabic name, a position, a
   * kind): recorded as a proposal of theirs, accepted at once, so it keeps its place in the history.
   */
  async edit(actor: Actor, slug: string, input: unknown): Promise<Proposal> {
    const { museum: m } = await this.editable(actor, slug);
    const v = parseInput(entryInput, input);
    if (!canReviewDirectory(actor, v.countryCode)) throw forbidden();
    const p: Proposal = {
      id: newId(),
      kind: 'change',
      museumId: m.id,
      country: m.countryCode!,
      entry: v,
      contact: null,
      note: null,
      proposedBy: actor.name,
      status: 'pending',
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      createdAt: nowIso(),
    };
    await this.repo.insert(this.ctx.db, p, actor.userId);
    return this.review(actor, p.id, { decision: 'accept' });
  }

  /** An entry a reviewer may edit (one of their state's), with the museum it describes; another state's is not found. */
  async editable(actor: Actor, slug: string): Promise<{ museum: Museum; entry: EntryInput }> {
    const m = await this.museumRepo.findBySlug(this.ctx.db, slug);
    if (!m?.countryCode || !canReviewDirectory(actor, m.countryCode)) throw notFound('museum');
    return { museum: m, entry: await this.entryOf(m) };
  }

  /** A museum's entry as it stands, the starting point of a change (public facts only). */
  async entryOf(m: Museum): Promise<EntryInput> {
    const e = await this.directory.entry(m.slug);
    return {
      names: m.names,
      countryCode: m.countryCode ?? '',
      ...(e?.city ? { city: e.city } : {}),
      ...(e?.type ? { type: e.type } : {}),
      ...(e?.founded ? { founded: e.founded } : {}),
      // A position borrowed from the city is not the museum's own: the form starts empty there.
      ...(e && e.latitude !== null && e.longitude !== null && !e.approximate
        ? { latitude: e.latitude, longitude: e.longitude }
        : {}),
      ...(e?.website ? { website: e.website } : {}),
      ...(e?.wikidata ? { wikidata: e.wikidata } : {}),
    };
  }

  /** Entries of the reviewer's states that lack something a visitor looks for: an Arabic name, a position, a kind. */
  async incomplete(
    actor: Actor,
  ): Promise<
    { slug: string; names: { lang: string; value: string }[]; country: string | null; missing: string[] }[]
  > {
    if (actor.platformRole !== 'admin' && !actor.focalPoints?.size) throw forbidden();
    return (await this.directory.entries())
      .filter((e) => e.country && canReviewDirectory(actor, e.country))
      .map((e) => ({
        slug: e.slug,
        names: e.names,
        country: e.country,
        missing: [
          ...(e.names.some((n) => n.lang === 'ar') ? [] : ['ar']),
          ...(e.latitude === null || e.approximate ? ['position'] : []),
          ...(e.type ? [] : ['type']),
        ],
      }))
      .filter((e) => e.missing.length);
  }

  /** The proposals awaiting this reviewer: those of their member states. */
  async queue(actor: Actor): Promise<Proposal[]> {
    if (actor.platformRole === 'admin') return this.repo.pending(this.ctx.db, null);
    if (!actor.focalPoints?.size) throw forbidden();
    return this.repo.pending(this.ctx.db, [...actor.focalPoints]);
  }

  async get(actor: Actor, id: string): Promise<Proposal> {
    const p = await this.repo.find(this.ctx.db, id);
    // Another state's proposal is reported as missing, not forbidden.
    if (!p || !canReviewDirectory(actor, p.country)) throw notFound('proposal');
    return p;
  }

  async review(actor: Actor, id: string, input: unknown): Promise<Proposal> {
    const p = await this.get(actor, id);
    if (p.status !== 'pending') throw new AppError('decided', 409, 'This proposal has been decided already');
    const v = parseInput(reviewInput, input);
    const entry = v.entry ?? p.entry;
    if (!canReviewDirectory(actor, entry.countryCode)) throw forbidden();
    const at = nowIso();
    let museumId = p.museumId;
    if (v.decision === 'accept') museumId = await this.apply(actor, p, entry, at);
    if (
      !(await this.repo.decide(this.ctx.db, id, {
        status: v.decision === 'accept' ? 'accepted' : 'refused',
        by: actor.name,
        at,
        note: v.note ?? null,
        entry,
        museumId,
      }))
    ) {
      throw new AppError('decided', 409, 'This proposal has been decided already');
    }
    this.directory.invalidate();
    return (await this.repo.find(this.ctx.db, id))!;
  }

  /** A museum's proposals, decided or not: its director's view of its entry's history, and the focal point's. */
  async history(actor: Actor, museumId: string): Promise<Proposal[]> {
    const m = await this.museumRepo.findById(this.ctx.db, museumId);
    if (!m) throw notFound('museum');
    if (!(m.countryCode && canReviewDirectory(actor, m.countryCode)))
      authorize(actor, 'update', 'museum', museumId);
    return this.repo.ofMuseum(this.ctx.db, museumId);
  }

  async appoint(actor: Actor, input: unknown): Promise<void> {
    if (actor.platformRole !== 'admin') throw forbidden();
    const v = parseInput(focalPointInput, input);
    await this.checkState(v.country);
    const user = await this.museumRepo.findUserByEmail(this.ctx.db, v.email);
    if (!user)
      throw conflict('email', 'unknown_account', 'No account has this address; invite the person first');
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.appoint(trx, user.id, v.country, nowIso());
      await this.audit.record(trx, actor, {
        museumId: null,
        action: 'create',
        entityType: 'focal-point',
        entityId: `${user.id}:${v.country}`,
        changes: { country: [null, v.country] },
      });
    });
  }

  async revoke(actor: Actor, userId: string, country: string): Promise<void> {
    if (actor.platformRole !== 'admin') throw forbidden();
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.revoke(trx, userId, country);
      await this.audit.record(trx, actor, {
        museumId: null,
        action: 'delete',
        entityType: 'focal-point',
        entityId: `${userId}:${country}`,
        changes: { country: [country, null] },
      });
    });
  }

  async focalPoints(actor: Actor) {
    if (actor.platformRole !== 'admin') throw forbidden();
    return this.repo.focalPoints(this.ctx.db);
  }

  private async checkState(iso2: string): Promise<void> {
    if (!(await this.directory.countries()).some((c) => c.iso2 === iso2))
      throw conflict('entry.countryCode', 'not_member', 'Not a member state of the directory');
  }

  /** Puts an accepted entry in place: a new museum, or the museum's names, place and facts changed, audited as the reviewer's. */
  private async apply(actor: Actor, p: Proposal, e: EntryInput, at: string): Promise<string> {
    let museumId = p.museumId;
    if (!museumId) {
      const base = `${e.countryCode.toLowerCase()}-${slugPart(e.names.find((n) => n.lang === 'en' || n.lang === 'fr')?.value ?? '') || `museum-${newId().slice(-6)}`}`;
      let slug = base;
      for (let i = 2; await this.museumRepo.slugTaken(this.ctx.db, slug); i++) slug = `${base}-${i}`;
      museumId = (
        await this.museums.create(SYSTEM_ACTOR, {
          slug,
          names: e.names,
          countryCode: e.countryCode,
          city: e.city ?? null,
          defaultLanguage: e.names[0]!.lang.slice(0, 2),
        })
      ).id;
    }
    const before = await this.museumRepo.findById(this.ctx.db, museumId);
    if (!before) throw notFound('museum');
    const profile = {
      ...before.profile,
      latitude: e.latitude ?? before.profile.latitude,
      longitude: e.longitude ?? before.profile.longitude,
      website: e.website ?? before.profile.website,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.museumRepo.updateIdentity(
        trx,
        museumId!,
        { names: e.names, countryCode: e.countryCode, city: e.city ?? null },
        at,
      );
      await this.museumRepo.updateProfile(trx, museumId!, profile, at);
      await this.facts.setFacts(trx, museumId!, {
        type: e.type ?? null,
        founded: e.founded ?? null,
        wikidata: e.wikidata ?? null,
        ...(p.kind === 'new' ? { sources: `proposal ${p.id}` } : {}),
      });
      await this.audit.record(trx, actor, {
        museumId: museumId!,
        action: 'update',
        entityType: 'museum',
        entityId: museumId!,
        changes: {
          ...diffRecords(
            {
              names: before.names,
              countryCode: before.countryCode,
              city: before.city,
              profile: before.profile,
            },
            { names: e.names, countryCode: e.countryCode, city: e.city ?? null, profile },
          ),
          proposal: [null, p.id],
        },
      });
    });
    return museumId;
  }
}
