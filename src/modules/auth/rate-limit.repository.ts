import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** One thing counted: its scope (`signin-address`), its value (an address, an account), and how many attempts it is allowed. */
export interface Counted {
  scope: string;
  value: string;
  /** attempts allowed in a window; Infinity counts without ever refusing */
  max: number;
}

/** What {@link RateLimiter.hit} found. */
export interface Hit {
  allowed: boolean;
  /** seconds until the refused counter's window ends (0 when allowed) */
  retryAfter: number;
  /** the count of each key reached, in order, up to the first refused */
  counts: number[];
}

const SCOPE = /^[a-z][a-z0-9-]{0,31}$/;

/** How often lapsed counters are deleted (a recurring job). */
export const SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * A fixed-window counter kept in the database, so every app server behind a load balancer
 * counts the same attempts. A key is its scope and the HMAC-SHA-256 of the value under the
 * server's secret: a row is the same small size whatever was typed, and the table holds no
 * e-mail or network address. Lapsed counters are deleted by {@link sweep} (a recurring job).
 */
export class RateLimiter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly secret: string,
    private readonly windowSeconds: number,
  ) {}

  /** The stored key of a value: its scope and a digest (43 characters) that names nothing. */
  key(scope: string, value: string): string {
    if (!SCOPE.test(scope)) throw new Error(`bad rate-limit scope ${scope}`);
    return `${scope}:${createHmac('sha256', this.secret).update(`${scope}\0${value}`).digest('base64url')}`;
  }

  /**
   * Counts one attempt under each key, in order, and stops at the first over its limit: the keys
   * after it are neither counted nor created, so refused attempts (a flood from one address)
   * add no rows.
   */
  async hit(keys: readonly Counted[], now = Date.now()): Promise<Hit> {
    const nowSeconds = Math.floor(now / 1000);
    const windowStart = Math.floor(nowSeconds / this.windowSeconds) * this.windowSeconds;
    const expiresAt = windowStart + this.windowSeconds;
    const counts: number[] = [];
    for (const { scope, value, max } of keys) {
      const key = this.key(scope, value);
      const count = await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('rate_limit')
          .values({ key, window_start: windowStart, count: 0, expires_at: expiresAt })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        await trx
          .updateTable('rate_limit')
          .set({ window_start: windowStart, count: 0, expires_at: expiresAt })
          .where('key', '=', key)
          .where('window_start', '<', windowStart)
          .execute();
        await trx
          .updateTable('rate_limit')
          .set((eb) => ({ count: eb('count', '+', 1) }))
          .where('key', '=', key)
          .execute();
        const row = await trx
          .selectFrom('rate_limit')
          .select('count')
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
        return Number(row.count);
      });
      counts.push(count);
      if (count > max) return { allowed: false, retryAfter: Math.max(1, expiresAt - nowSeconds), counts };
    }
    return { allowed: true, retryAfter: 0, counts };
  }

  /** Deletes the counters whose window has ended; returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const r = await this.db
      .deleteFrom('rate_limit')
      .where('expires_at', '<=', Math.floor(now / 1000))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

/**
 * The part of an address that one party holds: an IPv6 client commonly has a whole /64 to
 * itself, so its addresses are counted together; an IPv4 address stands alone.
 */
export function addressBlock(address: string): string {
  if (isIP(address) !== 6) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
