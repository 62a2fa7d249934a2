import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flac, HTML, mp3, mp4, ogg, wav, webm } from '../../../test/media-samples.js';
import { probeAv } from './av-probe.js';
import { sniff } from './file-checks.js';

const dir = mkdtempSync(join(tmpdir(), 'mathaf-av-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, b: Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, b);
  return p;
};

describe('sound and video read by the parser of the format their first bytes claim', () => {
  it('takes each format for what it is, with its duration or its tracks', async () => {
    for (const [format, data] of [
      ['mp3', mp3()],
      ['wav', wav()],
      ['ogg', ogg()],
      ['flac', flac()],
      ['mp4', mp4()],
      ['mov', mp4('qt  ')],
      ['webm', webm()],
    ] as const) {
      expect(sniff(data)?.format, format).toBe(format);
      const info = await probeAv(write(`a.${format}`, data), format);
      expect(info, format).not.toBeNull();
      expect(info!.container.length, format).toBeGreaterThan(0);
    }
    expect(await probeAv(write('b.mp3', mp3()), 'mp3')).toMatchObject({
      container: 'MPEG',
      codec: 'MPEG 1 Layer 3',
    });
    expect((await probeAv(write('b.webm', webm()), 'webm'))?.duration).toBe(5);
  });

  it('refuses what only starts like sound or video', async () => {
    const id3 = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), HTML]);
    const ftyp = Buffer.concat([Buffer.from('\0\0\0\x18ftypisom\0\0\0\0isommp41', 'latin1'), HTML]);
    const frameSync = Buffer.concat([Buffer.from('fffb9064', 'hex'), HTML]);
    for (const [what, data] of [
      ['an HTML page behind an ID3 header', id3],
      ['an HTML page behind an ftyp box', ftyp],
      ['an HTML page behind one MPEG frame header', frameSync],
    ] as const) {
      const format = sniff(data)!.format;
      expect(await probeAv(write('c.bin', data), format), what).toBeNull();
    }
    // One format's bytes under another's signature claim are refused too.
    expect(await probeAv(write('d.bin', wav()), 'mp3')).toBeNull();
    expect(await probeAv(write('e.bin', webm()), 'mp4')).toBeNull();
  });
});
