import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Why a fetch was stopped: each safeguard says so in words a hub administrator can act on.
 * `passing` when trying again later may succeed (the source was down or slow), not when the
 * answer was refused for what it is or where it leads.
 */
export class FetchRefused extends Error {
  constructor(
    message: string,
    readonly passing = false,
  ) {
    super(message);
  }
}

/** Loopback, private, link-local, carrier-grade NAT, multicast and unspecified ranges, in IPv4 and IPv6. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
// IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry (see isPrivateAddress).
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 6 && /^::ffff:/i.test(address)) {
    const v4 = address.slice(7);
    if (isIP(v4) === 4) return PRIVATE.check(v4, 'ipv4');
  }
  return family === 4 ? PRIVATE.check(address, 'ipv4') : family === 6 ? PRIVATE.check(address, 'ipv6') : true;
}

export interface FetchLimits {
  /** The one host allowed to be on a private network or this machine (the source's, when its administrator allows it); null for none. */
  privateHost: string | null;
  /** A longer answer is stopped there. */
  maxBytes: number;
  /** The whole answer must have arrived by then (a source that drips a byte at a time is stopped). */
  timeoutMs: number;
  maxRedirects: number;
}

/**
 * A GET that cannot be turned against the hub: the address is checked when the connection is
 * made (so a name that resolves differently a second later gains nothing), every redirect is
 * checked again, and the answer is read under a size cap and a deadline.
 */
export async function safeGet(
  url: string,
  limits: FetchLimits,
  headers: Record<string, string> = {},
  onSent?: () => void,
): Promise<{ status: number; body: Buffer; headers: IncomingMessage['headers']; url: string }> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:')
      throw new FetchRefused(`${current.protocol} addresses are not harvested`);
    const res = await getOnce(current, limits, headers, onSent);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      if (hop >= limits.maxRedirects) throw new FetchRefused(`More than ${limits.maxRedirects} redirects`);
      current = new URL(location, current);
      continue;
    }
    return { ...res, url: current.toString() };
  }
}

function getOnce(
  url: URL,
  limits: FetchLimits,
  headers: Record<string, string>,
  onSent?: () => void,
): Promise<{ status: number; body: Buffer; headers: IncomingMessage['headers'] }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowPrivate =
    limits.privateHost !== null && limits.privateHost.toLowerCase() === url.hostname.toLowerCase();
  if (isIP(host) && !allowPrivate && isPrivateAddress(host))
    return Promise.reject(new FetchRefused(`${host} is a private or local address`));
  // Checked at connection time, with the address actually used.
  const lookup = (
    hostname: string,
    options: object,
    cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return cb(err, '');
      const bad = addresses.find((a) => isPrivateAddress(a.address));
      if (bad && !allowPrivate)
        return cb(
          Object.assign(
            new FetchRefused(`${hostname} resolves to ${bad.address}, a private or local address`),
            { code: 'EPRIVATE' },
          ),
          '',
        );
      if ((options as { all?: boolean }).all) cb(null, addresses);
      else cb(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, {
      method: 'GET',
      headers: { 'User-Agent': 'Mathaf OAI-PMH harvester', Accept: 'text/xml, application/xml', ...headers },
      lookup: lookup as never,
      timeout: limits.timeoutMs,
    });
    const deadline = setTimeout(
      () =>
        req.destroy(
          new FetchRefused(`No complete answer within ${Math.round(limits.timeoutMs / 1000)} s`, true),
        ),
      limits.timeoutMs,
    );
    if (onSent) req.once('finish', onSent);
    req.on('timeout', () =>
      req.destroy(new FetchRefused(`No answer within ${Math.round(limits.timeoutMs / 1000)} s`, true)),
    );
    req.on('error', (e) => {
      clearTimeout(deadline);
      reject(
        e instanceof FetchRefused
          ? e
          : new FetchRefused(
              `The source could not be reached: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
              true,
            ),
      );
    });
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > limits.maxBytes) {
        req.destroy(
          new FetchRefused(`The answer is ${declared} bytes, more than the ${limits.maxBytes} allowed`),
        );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          req.destroy(new FetchRefused(`The answer is longer than the ${limits.maxBytes} bytes allowed`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers });
      });
      res.on('error', () => undefined);
    });
    req.end();
  });
}
