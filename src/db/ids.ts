import { randomBytes, randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bytes drawn a few kilobytes at a time: one system call per 256 ids rather than one each (an import makes thousands a second).
const pool = Buffer.alloc(16 * 256);
let used = pool.length;

function random16(): Buffer {
  if (used >= pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 16;
  return Buffer.from(pool.subarray(used - 16, used));
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter for ids made in the same
 * millisecond (method 1 of the RFC, so ids of one process sort in the order they were made), then
 * random bits.
 */
export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = randomBytes(2).readUInt16BE() & 0x3ff; // start low, leaving room to count up
  }
  const b = random16();
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function nowIso(): string {
  return new Date().toISOString();
}
