import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { clientAddressOf, proxyList } from './client-ip.js';

const proxies = proxyList(['10.0.0.0/8', '192.0.2.10', 'fd00::/8']);
const xff = (peer: string, value?: string) => clientAddressOf(peer, value, 'x-forwarded-for', proxies);
const fwd = (peer: string, value?: string) => clientAddressOf(peer, value, 'forwarded', proxies);

describe('the client address behind trusted proxies', () => {
  it('is the peer when the peer is not a trusted proxy, whatever it forwards', () => {
    expect(xff('203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
    expect(fwd('203.0.113.5', 'for=198.51.100.1')).toBe('203.0.113.5');
    expect(xff('unknown', '198.51.100.1')).toBe('unknown');
  });

  it('is the rightmost hop that is not a trusted proxy', () => {
    expect(xff('10.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    // What the client wrote itself, left of the hop the proxy appended, is ignored.
    expect(xff('10.0.0.1', '1.1.1.1, 198.51.100.1')).toBe('198.51.100.1');
    expect(xff('10.0.0.1', '1.1.1.1, 198.51.100.1, 10.9.9.9, 192.0.2.10')).toBe('198.51.100.1');
    expect(xff('::ffff:10.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(xff('fd00::2', '2001:DB8::7')).toBe('2001:db8::7');
    expect(xff('10.0.0.1', '[2001:db8::7]:4711')).toBe('2001:db8::7');
    expect(xff('10.0.0.1', '198.51.100.1:5555')).toBe('198.51.100.1');
  });

  it('stays with the last trusted proxy when every hop is one, or when a hop is no address', () => {
    expect(xff('10.0.0.1')).toBe('10.0.0.1');
    expect(xff('10.0.0.1', '10.0.0.2, 10.0.0.3')).toBe('10.0.0.2');
    expect(xff('10.0.0.1', 'forged-name, 10.0.0.3')).toBe('10.0.0.3');
    // A chain is followed sixteen hops at most.
    expect(xff('10.0.0.1', ['198.51.100.1', ...Array(40).fill('10.1.1.1')].join(', '))).toBe('10.1.1.1');
  });

  it('reads the for= of each Forwarded element (RFC 7239), quoted or not', () => {
    expect(fwd('10.0.0.1', 'for=198.51.100.1;proto=https;by=10.0.0.1')).toBe('198.51.100.1');
    expect(fwd('10.0.0.1', 'for=1.1.1.1, For="[2001:db8:cafe::17]:4711"')).toBe('2001:db8:cafe::17');
    expect(fwd('10.0.0.1', 'for="198.51.100.1:80", for=10.0.0.9')).toBe('198.51.100.1');
    expect(fwd('10.0.0.1', 'for=unknown')).toBe('10.0.0.1');
    expect(fwd('10.0.0.1', 'proto=https')).toBe('10.0.0.1');
  });

  it('takes TRUSTED_PROXIES as addresses and ranges, and refuses anything else', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10 fd00::/8' }).TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '192.0.2.10',
      'fd00::/8',
    ]);
    expect(loadConfig({}).TRUSTED_PROXIES).toEqual([]);
    expect(loadConfig({}).PROXY_HEADER).toBe('x-forwarded-for');
    for (const bad of ['10.0.0.0/33', 'proxy.example.org', '10.0.0.0/8/1', 'fd00::/129', '10.0.0/8']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
  });
});
