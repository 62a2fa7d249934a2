import { notFound } from '../../errors.js';
import { requireSession } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import type { ApiToken, ApiTokenRepository } from './api-token.repository.js';

/** A person's own API tokens; making and revoking one is audited like any other write. */
export class ApiTokenService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ApiTokenRepository,
    private readonly audit: AuditRepository,
  ) {}

  list(actor: Actor): Promise<ApiToken[]> {
    return this.repo.list(this.ctx.db, actor.userId);
  }

  /** Makes a token; the token itself is returned once and never stored. Never with a token (see requireSession). */
  async create(actor: Actor, name: string): Promise<{ token: string; record: ApiToken }> {
    requireSession(actor);
    const clean = name.trim().slice(0, 100) || 'token';
    return this.ctx.db.transaction().execute(async (trx) => {
      const made = await this.repo.create(trx, actor.userId, clean);
      await this.audit.record(trx, actor, {
        museumId: null,
        action: 'create',
        entityType: 'api_token',
        entityId: made.record.id,
        changes: { name: [null, clean], prefix: [null, made.record.prefix] },
      });
      return made;
    });
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.repo.revoke(trx, actor.userId, id))) throw notFound('token');
      await this.audit.record(trx, actor, {
        museumId: null,
        action: 'delete',
        entityType: 'api_token',
        entityId: id,
        changes: { revoked: [false, true] },
      });
    });
  }
}
