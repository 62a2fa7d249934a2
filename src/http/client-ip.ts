import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from './env.js';

/** The proxies of TRUSTED_PROXIES as a list that answers "is this address one of them?". */
export function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** An address as a forwarding header writes it (`"[2001:db8::1]:4711"`, `192.0.2.1:80`), bare; null when it is none. */
function bare(hop: string): string | null {
  let s = hop.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.indexOf(':'));
  return isIP(s) ? s.toLowerCase() : null;
}

/** The hops a header lists, nearest to the client first: X-Forwarded-For's entries, or each `for=` of Forwarded (RFC 7239 §5.2). */
function hopsOf(value: string, header: 'x-forwarded-for' | 'forwarded'): (string | null)[] {
  if (header === 'x-forwarded-for') return value.split(',').map(bare);
  return value.split(',').map((element) => {
    const param = element
      .split(';')
      .map((p) => p.trim())
      .find((p) => /^for=/i.test(p));
    return param ? bare(param.slice(4)) : null;
  });
}

/** A hop beyond which the chain is not followed: a real path through proxies is a few hops long. */
const MAX_HOPS = 16;

/**
 * The client's address: the connecting peer's, unless the peer is a trusted proxy; then the
 * rightmost hop of the forwarding header that is not itself a trusted proxy. Each proxy appends
 * the address it saw, so what lies left of the first untrusted hop was written by the client and
 * is ignored (a forged header from an untrusted peer changes nothing). An entry that is no
 * address stops the walk at the proxy that passed it on.
 */
export function clientAddressOf(
  peer: string,
  value: string | undefined,
  header: 'x-forwarded-for' | 'forwarded',
  proxies: BlockList,
): string {
  const trusted = (a: string) => proxies.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
  let client = peer;
  if (!isIP(client) || !trusted(client) || !value) return client;
  const hops = hopsOf(value, header);
  for (let i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
    const hop = hops[i];
    if (!hop) return client;
    client = hop;
    if (!trusted(hop)) return hop;
  }
  return client;
}

const lists = new WeakMap<Config, BlockList>();

/**
 * The address of the person making the request, as {@link clientAddressOf} finds it behind the
 * configured proxies; `unknown` in-process (tests without a socket).
 */
export function clientIp(c: Context<AppEnv>): string {
  let peer: string;
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
  const config = c.get('services').config;
  if (!config.TRUSTED_PROXIES.length) return peer;
  let proxies = lists.get(config);
  if (!proxies) {
    proxies = proxyList(config.TRUSTED_PROXIES);
    lists.set(config, proxies);
  }
  return clientAddressOf(peer, c.req.header(config.PROXY_HEADER), config.PROXY_HEADER, proxies);
}
