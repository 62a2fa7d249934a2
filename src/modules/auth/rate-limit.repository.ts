import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * A fixed-window counter kept in the database, so every app server behind a load balancer
 * counts the same attempts.
 */
export class RateLimiter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly max: number,
    private readonly windowSeconds: number,
  ) {}

  /**
   * Counts one attempt under each key; false when any key is over its limit. A key may carry
   * a multiple of the base limit (an address shared by a whole office gets more than an account).
   */
  async hit(keys: (string | [key: string, factor: number])[], now = Date.now()): Promise<boolean> {
    const windowStart = Math.floor(now / 1000 / this.windowSeconds) * this.windowSeconds;
    let allowed = true;
    for (const entry of keys) {
      const [key, factor] = typeof entry === 'string' ? [entry, 1] : entry;
      const count = await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('rate_limit')
          .values({ key, window_start: windowStart, count: 0 })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        await trx.updateTable('rate_limit').set({ window_start: windowStart, count: 0 }).where('key', '=', key).where('window_start', '<', windowStart).execute();
        await trx.updateTable('rate_limit').set((eb) => ({ count: eb('count', '+', 1) })).where('key', '=', key).execute();
        const row = await trx.selectFrom('rate_limit').select('count').where('key', '=', key).executeTakeFirstOrThrow();
        return Number(row.count);
      });
      if (count > this.max * factor) allowed = false;
    }
    return allowed;
  }
}
