import { rateLimited } from '../../errors.js';
import { addressBlock, type RateLimiter } from './rate-limit.repository.js';

/** An address (an office, a school, a country's mobile network) may carry many people: it gets this many times an account's attempts. */
export const ADDRESS_FACTOR = 10;
/** Attempts on one account, from all addresses together, before each further one is slowed. */
export const ACCOUNT_FACTOR = 3;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/**
 * How long an attempt on an account waits once the account has had `count` attempts in the
 * window: nothing up to ACCOUNT_FACTOR times the limit, then doubling from half a second to at
 * most ten seconds. It slows a guesser spread over many addresses without ever refusing the owner.
 */
export function accountDelay(count: number, limit: number): number {
  const free = limit * ACCOUNT_FACTOR;
  return count <= free ? 0 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(count - free - 1, 16));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The limits on signing in. Counted per address (ten times the limit), per account at one
 * address (the limit): past either, the attempt is refused until the window ends. So guessing at
 * one account from one place stops there, while its owner, elsewhere, still signs in; a flood
 * from one address stops at its own limit and counts nothing more. Per account over every
 * address, attempts are never refused, only slowed (see {@link accountDelay}).
 */
export class SignInLimiter {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly limit: number,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  /** Counts an attempt from `address` on the account `email`; throws rate_limited (with the seconds to wait), or waits its delay. */
  async admit(address: string, email: string): Promise<void> {
    const account = email.trim().toLowerCase();
    const from = addressBlock(address);
    const hit = await this.limiter.hit([
      { scope: 'signin-address', value: from, max: this.limit * ADDRESS_FACTOR },
      { scope: 'signin-pair', value: `${from}\n${account}`, max: this.limit },
      { scope: 'signin-account', value: account, max: Number.POSITIVE_INFINITY },
    ]);
    if (!hit.allowed) throw rateLimited(hit.retryAfter);
    const delay = accountDelay(hit.counts[2] ?? 0, this.limit);
    if (delay) await this.wait(delay);
  }
}
