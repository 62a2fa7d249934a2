import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * better-auth's sessions, as far as Mathaf ends them. Sessions are looked up in the database on
 * every request (no cookie cache), so a deleted session stops working at its next request.
 */
export class SessionRepository {
  /** Ends every session of a person (on every device); returns how many there were. */
  async revokeAll(db: Kysely<DB>, userId: string): Promise<number> {
    const r = await db.deleteFrom('session').where('userId', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
