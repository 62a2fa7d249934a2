import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress, safeGet } from './safe-fetch.js';
import { parseOai } from './harvest.xml.js';

describe('the harvester’s fetch and parse safeguards', () => {
  let server: Server;
  let port = 0;
  const held: (() => void)[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') return void res.end('<OAI-PMH/>');
      // Answered only once the test says so: it first looks whether the request was reported sent.
      if (req.url === '/held') return void held.push(() => res.end('<OAI-PMH/>'));
      if (req.url === '/redirect')
        return void res.writeHead(302, { Location: `http://127.0.0.2:${port}/ok` }).end();
      if (req.url === '/redirect-same') return void res.writeHead(302, { Location: '/ok' }).end();
      if (req.url === '/huge') {
        res.write('x'.repeat(60_000));
        res.write('x'.repeat(60_000));
        return void res.end();
      }
      if (req.url === '/drip') {
        let n = 0;
        const t = setInterval(() => {
          if (n++ < 50) return void res.write('x');
          clearInterval(t);
          res.end();
        }, 100);
        req.on('close', () => clearInterval(t));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  const limits = { privateHost: '127.0.0.1', maxBytes: 100_000, timeoutMs: 1_000, maxRedirects: 3 };

  it('says when its request has gone out, before the answer comes (a harvest asks for its next page so)', async () => {
    let sent = 0;
    const answer = safeGet(`http://127.0.0.1:${port}/held`, limits, {}, () => sent++);
    while (!held.length) await new Promise((r) => setTimeout(r, 5));
    expect(sent).toBe(1);
    held.shift()!();
    expect((await answer).body.toString()).toBe('<OAI-PMH/>');
    expect(sent).toBe(1);
  });

  it('knows private, loopback and link-local addresses in IPv4 and IPv6', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '196.200.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses a private host unless it is the one allowed, by address or by name, and after a redirect', async () => {
    await expect(safeGet(`http://127.0.0.1:${port}/ok`, { ...limits, privateHost: null })).rejects.toThrow(
      '127.0.0.1 is a private or local address',
    );
    await expect(safeGet(`http://localhost:${port}/ok`, { ...limits, privateHost: null })).rejects.toThrow(
      /localhost resolves to .*, a private or local address/,
    );
    expect((await safeGet(`http://127.0.0.1:${port}/ok`, limits)).body.toString()).toBe('<OAI-PMH/>');
    expect((await safeGet(`http://127.0.0.1:${port}/redirect-same`, limits)).url).toBe(
      `http://127.0.0.1:${port}/ok`,
    );
    await expect(safeGet(`http://127.0.0.1:${port}/redirect`, limits)).rejects.toThrow(
      '127.0.0.2 is a private or local address',
    );
    await expect(safeGet(`file:///etc/passwd`, limits)).rejects.toThrow('file: addresses are not harvested');
  });

  it('stops an answer past its size and one that drips past its deadline', async () => {
    await expect(safeGet(`http://127.0.0.1:${port}/huge`, limits)).rejects.toThrow(
      'longer than the 100000 bytes allowed',
    );
    const started = Date.now();
    await expect(safeGet(`http://127.0.0.1:${port}/drip`, limits)).rejects.toThrow(
      'No complete answer within 1 s',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses a DOCTYPE (a billion laughs) and what is not XML, and reads an answer’s records and token', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><OAI-PMH>&lol2;</OAI-PMH>';
    expect(() => parseOai(laughs)).toThrow('DOCTYPE or entities');
    expect(() => parseOai('<OAI-PMH><ListRecords></OAI-PMH>')).toThrow('not well-formed XML');
    expect(() => parseOai('<html><body>Not found</body></html>')).toThrow('not an OAI-PMH response');
    const page =
      parseOai(`<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-11-24T10:00:00Z</responseDate><ListRecords>
      <record><header status="deleted"><identifier>oai:x:1</identifier><datestamp>2026-01-01</datestamp></header></record>
      <record><header><identifier>oai:x:2</identifier><datestamp>2026-01-02</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title xml:lang="ar">مصحف &amp; &#1604;</dc:title></oai_dc:dc></metadata></record>
      <resumptionToken cursor="0">next-page</resumptionToken></ListRecords></OAI-PMH>`);
    expect(page).toMatchObject({ responseDate: '2026-11-24T10:00:00Z', error: null, token: 'next-page' });
    expect(page.records.map((r) => [r.identifier, r.deleted])).toEqual([
      ['oai:x:1', true],
      ['oai:x:2', false],
    ]);
    expect(page.records[1]!.metadata!.title).toEqual([{ '#text': 'مصحف & ل', '@lang': 'ar' }]);
  });
});
