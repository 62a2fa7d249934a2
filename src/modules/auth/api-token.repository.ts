import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Personal API tokens for scripts. Only the SHA-256 of a token is stored; the token itself is
 * shown once, when made. A token acts with its owner's roles.
 */
export class ApiTokenRepository {
  async create(db: Kysely<DB>, userId: string, name: string): Promise<{ token: string; record: ApiToken }> {
    const token = `mtf_${randomBytes(30).toString('base64url')}`;
    const record = { id: newId(), name, prefix: token.slice(0, 10), createdAt: nowIso(), lastUsedAt: null };
    await db
      .insertInto('api_token')
      .values({
        id: record.id,
        user_id: userId,
        name,
        prefix: record.prefix,
        token_hash: hash(token),
        created_at: record.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    return { token, record };
  }

  /** The owner of a live token, or undefined. */
  async ownerOf(db: Kysely<DB>, token: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('api_token')
      .select(['id', 'user_id'])
      .where('token_hash', '=', hash(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    // Bookkeeping: a request is answered even when it cannot be written (a full disk lets reads through).
    await db
      .updateTable('api_token')
      .set({ last_used_at: nowIso() })
      .where('id', '=', row.id)
      .execute()
      .catch(() => undefined);
    return row.user_id;
  }

  async list(db: Kysely<DB>, userId: string): Promise<ApiToken[]> {
    const rows = await db
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
    }));
  }

  /** Revokes every live token of a person (a suspension); returns how many. */
  async revokeAll(db: Kysely<DB>, userId: string): Promise<number> {
    const r = await db
      .updateTable('api_token')
      .set({ revoked_at: nowIso() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async revoke(db: Kysely<DB>, userId: string, id: string): Promise<boolean> {
    const r = await db
      .updateTable('api_token')
      .set({ revoked_at: nowIso() })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
