import type { ServiceContext } from '../common/context.js';
import { type Actor, isMuseumRole, type MuseumRole } from '../access/roles.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { ApiTokenRepository } from './api-token.repository.js';

/** Turns a signed-in user or an API token into an {@link Actor} with its roles. */
export class ActorService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly museums: MuseumRepository,
    private readonly tokens: ApiTokenRepository,
  ) {}

  async forUser(userId: string): Promise<Actor | null> {
    const user = await this.museums.findUserById(this.ctx.db, userId);
    if (!user) return null;
    const memberships = new Map<string, MuseumRole>();
    const grants = new Map<string, string[]>();
    for (const m of await this.museums.rolesOf(this.ctx.db, userId)) {
      if (!isMuseumRole(m.role)) continue;
      memberships.set(m.museumId, m.role);
      if (m.valuationReaders.includes(m.role)) grants.set(m.museumId, ['valuation']);
    }
    return {
      userId: user.id,
      name: user.name,
      email: user.email,
      platformRole: user.platformRole === 'admin' ? 'admin' : null,
      memberships,
      grants,
      focalPoints: new Set(await this.museums.focalPointsOf(this.ctx.db, userId)),
    };
  }

  async forToken(token: string): Promise<Actor | null> {
    const userId = await this.tokens.ownerOf(this.ctx.db, token);
    const actor = userId ? await this.forUser(userId) : null;
    return actor && { ...actor, via: 'token' };
  }
}
