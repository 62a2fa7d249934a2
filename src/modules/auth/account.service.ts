import { z } from 'zod';
import { AppError, conflict } from '../../errors.js';
import type { Actor } from '../access/roles.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { Auth } from './auth.js';

/** A new password, typed twice; the lengths are better-auth's (auth.ts). */
export const passwordChangeInput = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(10).max(256),
    confirm: z.string().max(256),
  })
  .strict();

/** A person's own account. */
export class AccountService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly auth: Auth,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * Changes the signed-in person's password: better-auth checks the current one, hashes the new
   * one and ends every session of theirs, then opens a new one for the person asking (its cookies
   * are returned). Whoever held another session (a stolen cookie, a shared computer) is out at once.
   * The audit event follows better-auth's own transaction.
   */
  async changePassword(actor: Actor, headers: Headers, input: unknown): Promise<{ cookies: string[] }> {
    const v = parseInput(passwordChangeInput, input);
    if (v.newPassword !== v.confirm)
      throw conflict('confirm', 'password_mismatch', 'The two new passwords differ');
    const res = await this.auth.api.changePassword({
      body: { currentPassword: v.currentPassword, newPassword: v.newPassword, revokeOtherSessions: true },
      headers,
      asResponse: true,
    });
    if (!res.ok) {
      const code = ((await res.json().catch(() => ({}))) as { code?: string }).code;
      if (code === 'INVALID_PASSWORD')
        throw conflict('currentPassword', 'wrong_password', 'The current password is wrong');
      if (res.status === 401) throw new AppError('unauthenticated', 401, 'Sign in first');
      throw conflict('newPassword', 'invalid_password', 'The new password was refused');
    }
    await this.audit.record(this.ctx.db, actor, {
      museumId: null,
      action: 'update',
      entityType: 'user',
      entityId: actor.userId,
      changes: { password: ['(previous)', '(changed)'], sessionsEnded: [null, true] },
    });
    return { cookies: res.headers.getSetCookie() };
  }
}
