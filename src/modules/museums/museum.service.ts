import { createHash } from 'node:crypto';
import { AppError, conflict, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, isMember, requireSession } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ApiTokenRepository } from '../auth/api-token.repository.js';
import type { Auth } from '../auth/auth.js';
import type { SessionRepository } from '../auth/session.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { MuseumRepository } from './museum.repository.js';
import {
  type Invitation,
  type Member,
  type Museum,
  invitationInput,
  memberRoleInput,
  museumInput,
  museumProfile,
} from './museum.schemas.js';

const INVITATION_DAYS = 14;

/** Museums, their staff and invitations to join them. */
export class MuseumService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: MuseumRepository,
    private readonly audit: AuditRepository,
    private readonly auth: Auth,
    private readonly credentials: { sessions: SessionRepository; tokens: ApiTokenRepository },
  ) {}

  /** Creates a museum (platform administrators only). */
  async create(actor: Actor, input: unknown): Promise<Museum> {
    authorize(actor, 'create', 'museum', null);
    const v = parseInput(museumInput, input);
    if (await this.repo.slugTaken(this.ctx.db, v.slug))
      throw conflict('slug', 'slug_taken', 'This address is already used by another museum');
    const now = nowIso();
    const m: Museum = {
      id: newId(),
      slug: v.slug,
      names: v.names,
      countryCode: v.countryCode ?? null,
      city: v.city ?? null,
      defaultLanguage: v.defaultLanguage,
      profile: museumProfile.parse({}),
      harvested: false,
      createdAt: now,
      updatedAt: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, m);
      await this.audit.record(trx, actor, {
        museumId: m.id,
        action: 'create',
        entityType: 'museum',
        entityId: m.id,
        changes: diffRecords(null, m),
      });
    });
    return m;
  }

  /** Replaces a museum's public profile (its director's), audited field by field. */
  async updateProfile(actor: Actor, museumId: string, input: unknown): Promise<Museum> {
    authorize(actor, 'update', 'museum', museumId);
    const before = await this.repo.findById(this.ctx.db, museumId);
    if (!before) throw notFound('museum');
    const profile = parseInput(museumProfile, input);
    const after: Museum = { ...before, profile, updatedAt: nowIso() };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.updateProfile(trx, museumId, profile, after.updatedAt);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'museum',
        entityId: museumId,
        changes: diffRecords(before.profile, profile),
      });
    });
    return after;
  }

  /** The museum at an address, if the actor works there (else 404, as for one that does not exist). */
  async getBySlug(actor: Actor, slug: string): Promise<Museum> {
    const m = await this.repo.findBySlug(this.ctx.db, slug);
    if (!m || !isMember(actor, m.id)) throw notFound('museum');
    return m;
  }

  /** The museums the actor works in (all of them for a platform administrator). */
  async listForActor(actor: Actor): Promise<Museum[]> {
    return this.repo.list(
      this.ctx.db,
      actor.platformRole === 'admin' ? undefined : [...actor.memberships.keys()],
    );
  }

  async members(actor: Actor, museumId: string): Promise<{ members: Member[]; invitations: Invitation[] }> {
    authorize(actor, 'read', 'member', museumId);
    return {
      members: await this.repo.members(this.ctx.db, museumId),
      invitations: await this.repo.pendingInvitations(this.ctx.db, museumId),
    };
  }

  /**
   * Invites a person by e-mail to work in the museum with a role. Directors invite their staff;
   * platform administrators invite directors. The invitation's id is the secret of its link.
   */
  async invite(actor: Actor, museumId: string, input: unknown): Promise<Invitation> {
    authorize(actor, 'create', 'member', museumId);
    requireSession(actor);
    const v = parseInput(invitationInput, input);
    const existing = await this.repo.findUserByEmail(this.ctx.db, v.email);
    if (existing && (await this.repo.membership(this.ctx.db, museumId, existing.id))) {
      throw conflict('email', 'already_member', 'This person already works in this museum');
    }
    const now = new Date();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
    return this.ctx.db.transaction().execute(async (trx) => {
      const inv = await this.repo.createInvitation(trx, {
        museumId,
        email: v.email,
        role: v.role,
        inviterId: actor.userId,
        now: now.toISOString(),
        expiresAt,
      });
      await this.audit.record(trx, actor, {
        // The invitation id is the secret of its link: the trail names it by a digest.
        museumId,
        action: 'create',
        entityType: 'invitation',
        entityId: createHash('sha256').update(inv.id).digest('hex').slice(0, 32),
        changes: { email: [null, v.email], role: [null, v.role] },
      });
      return inv;
    });
  }

  /** A pending, unexpired invitation, or 404. */
  async openInvitation(id: string): Promise<{ invitation: Invitation; museum: Museum }> {
    const inv = await this.repo.findInvitation(this.ctx.db, id);
    if (inv?.status !== 'pending' || inv.expiresAt < nowIso()) throw notFound('invitation');
    const museum = await this.repo.findById(this.ctx.db, inv.museumId);
    if (!museum) throw notFound('invitation');
    return { invitation: inv, museum };
  }

  /** Accepts an invitation as the signed-in person it was sent to. */
  async accept(actor: Actor, id: string): Promise<Museum> {
    const { invitation, museum } = await this.openInvitation(id);
    if (invitation.email.toLowerCase() !== actor.email.toLowerCase()) {
      throw new AppError(
        'invitation_other_person',
        403,
        'This invitation was sent to another e-mail address',
      );
    }
    // A suspended member is a member still: reinstated by their director, not by an old invitation.
    if (await this.repo.membership(this.ctx.db, museum.id, actor.userId))
      throw conflict('email', 'already_member', 'This person already works in this museum');
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.addMember(trx, museum.id, actor.userId, invitation.role, nowIso());
      await this.repo.markInvitation(trx, id, 'accepted');
      await this.audit.record(trx, actor, {
        museumId: museum.id,
        action: 'create',
        entityType: 'member',
        entityId: actor.userId,
        changes: { role: [null, invitation.role] },
      });
    });
    return museum;
  }

  /** Adds an existing account to a museum directly (administrators, the CLI and the demo). */
  async addMember(actor: Actor, museumId: string, userId: string, role: string): Promise<void> {
    authorize(actor, 'create', 'member', museumId);
    requireSession(actor);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.addMember(trx, museumId, userId, role, nowIso());
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'member',
        entityId: userId,
        changes: { role: [null, role] },
      });
    });
  }

  /**
   * Gives a member of staff another role. Their sessions end at once, so that nothing done under
   * the old role goes on (they sign in again); a director cannot change their own role.
   */
  async changeRole(actor: Actor, museumId: string, userId: string, input: unknown): Promise<void> {
    authorize(actor, 'update', 'member', museumId);
    const { role } = parseInput(memberRoleInput, input);
    const before = await this.otherMember(actor, museumId, userId);
    if (before.role === role) return;
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.setRole(trx, museumId, userId, role);
      const sessions = await this.credentials.sessions.revokeAll(trx, userId);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'member',
        entityId: userId,
        changes: { role: [before.role, role], sessionsEnded: [null, sessions] },
      });
    });
  }

  /**
   * Suspends a member of staff: their role in this museum gives nothing until reinstated, and
   * every session and API token of theirs ends at once (a token is not bound to one museum, and
   * a suspension is for someone who must not act now: a lost device, a departure, a dispute).
   */
  async suspend(actor: Actor, museumId: string, userId: string): Promise<void> {
    authorize(actor, 'update', 'member', museumId);
    const member = await this.otherMember(actor, museumId, userId);
    if (member.suspended) return;
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.suspend(trx, museumId, userId, actor.userId, nowIso());
      const sessions = await this.credentials.sessions.revokeAll(trx, userId);
      const tokens = await this.credentials.tokens.revokeAll(trx, userId);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'member',
        entityId: userId,
        changes: { suspended: [false, true], sessionsEnded: [null, sessions], tokensRevoked: [null, tokens] },
      });
    });
  }

  /** Lifts a suspension: the member's role works again from their next sign-in. */
  async reinstate(actor: Actor, museumId: string, userId: string): Promise<void> {
    authorize(actor, 'update', 'member', museumId);
    const member = await this.otherMember(actor, museumId, userId);
    if (!member.suspended) return;
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.reinstate(trx, museumId, userId);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'member',
        entityId: userId,
        changes: { suspended: [true, false] },
      });
    });
  }

  /** Another person's membership of the museum (404 if none); one's own is not changed by oneself. */
  private async otherMember(
    actor: Actor,
    museumId: string,
    userId: string,
  ): Promise<{ role: string; suspended: boolean }> {
    if (userId === actor.userId)
      throw new AppError('own_membership', 403, 'You cannot suspend yourself or change your own role');
    const member = await this.repo.membership(this.ctx.db, museumId, userId);
    if (!member) throw notFound('member');
    return member;
  }

  /**
   * Creates an account with a password (CLI, invitations, demo). Goes through better-auth so the
   * password is hashed as for any sign-up.
   */
  async createAccount(input: { name: string; email: string; password: string }): Promise<string> {
    const res = await this.auth.api.signUpEmail({
      body: { name: input.name, email: input.email.toLowerCase(), password: input.password },
    });
    return res.user.id;
  }

  /** The id of the account with this e-mail, if there is one (invitations: sign in or sign up). */
  async accountFor(email: string): Promise<string | undefined> {
    return (await this.repo.findUserByEmail(this.ctx.db, email))?.id;
  }

  /** How many museums the platform has (public figure). */
  async count(): Promise<number> {
    return (await this.repo.list(this.ctx.db)).length;
  }

  /** Whether the instance has an administrator yet (the first start explains how to make one). */
  hasAdministrator(): Promise<boolean> {
    return this.repo.hasPlatformAdmin(this.ctx.db);
  }

  async makePlatformAdmin(userId: string): Promise<void> {
    await this.repo.setPlatformRole(this.ctx.db, userId, 'admin');
  }
}
