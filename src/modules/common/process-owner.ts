import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A token for one claim (of a batch being saved, a rebuild under way) that names the process
 * holding it: its host, its pid and a random part. Another process of the same host can then tell
 * at once that the holder is gone (a server started again after a crash), instead of waiting for
 * the claim to run out; on another host only the claim's expiry tells.
 */
export function ownerToken(): string {
  return `${hostname()}/${process.pid}/${randomBytes(8).toString('hex')}`;
}

/** Whether the process a token names is known to be gone: it ran on this host, and no process has its id now. */
export function ownerGone(token: string | null): boolean {
  const [host, pid] = (token ?? '').split('/');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
