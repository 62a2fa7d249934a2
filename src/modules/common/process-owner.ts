import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Where a process id means one process: this boot of this machine's kernel (its boot id) and this
 * pid namespace. Two containers may share a host name and both run as pid 1, but never both; null
 * where the system does not say (then a claim is free only once it runs out).
 */
function readPlace(): string | null {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const pidNamespace = /\d+/.exec(readlinkSync('/proc/self/ns/pid'))?.[0];
    return boot && pidNamespace ? `${hostname()}@${boot}:${pidNamespace}` : null;
  } catch {
    return null;
  }
}

const PLACE = readPlace();

/**
 * A token for one claim (a job, a batch being saved, a rebuild under way) that names the process
 * holding it: its place (host, boot, pid namespace), its pid and a random part. Another process of
 * the same place can then tell at once that the holder is gone (a server started again after a
 * crash), instead of waiting for the claim to run out; elsewhere only the claim's expiry tells.
 */
export function ownerToken(): string {
  return `${PLACE ?? hostname()}/${process.pid}/${randomBytes(8).toString('hex')}`;
}

/** Whether the process a token names is known to be gone: it ran in this place, and no process has its id now. */
export function ownerGone(token: string | null): boolean {
  const [place, pid] = (token ?? '').split('/');
  if (!PLACE || place !== PLACE || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A token naming a process of this place (tests: a process that has ended, or this one). */
export function tokenOf(pid: number): string {
  return `${PLACE ?? hostname()}/${pid}/test`;
}
