import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageAdapter } from './image.adapter.js';
import { fromIptc, fromXmp } from './embedded-metadata.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:DateCreated="2024-03-05T10:20:00Z">
<dc:creator><rdf:Seq><rdf:li>Samira Idrissi &amp; Co</rdf:li></rdf:Seq></dc:creator>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© Musée de Rabat</rdf:li></rdf:Alt></dc:rights>
</rdf:Description></rdf:RDF></x:xmpmeta>`;

function iim(records: [number, string][]): Buffer {
  return Buffer.concat(
    records.map(([dataset, text]) => {
      const data = Buffer.from(text, 'utf8');
      const head = Buffer.from([0x1c, 0x02, dataset, 0, 0]);
      head.writeUInt16BE(data.length, 3);
      return Buffer.concat([head, data]);
    }),
  );
}

describe('credits written in XMP or IPTC', () => {
  it('reads the photographer, the copyright and the date from XMP', () => {
    expect(fromXmp(Buffer.from(XMP))).toEqual({
      artist: 'Samira Idrissi & Co',
      copyright: '© Musée de Rabat',
      takenAt: '2024-03-05T10:20:00.000Z',
    });
    expect(fromXmp(Buffer.from('<x:xmpmeta>broken'))).toEqual({});
  });

  it('reads them from IPTC application records, wherever the block puts them', () => {
    const block = Buffer.concat([
      Buffer.concat([
        Buffer.from('Photoshop 3.0', 'latin1'),
        Buffer.from([0]),
        Buffer.from('8BIM', 'latin1'),
        Buffer.from([4, 4, 0, 0]),
      ]),
      iim([
        [5, 'Title'],
        [80, 'يوسف العلوي'],
        [116, '© Musée'],
        [55, '20230115'],
      ]),
    ]);
    expect(fromIptc(block)).toEqual({
      artist: 'يوسف العلوي',
      copyright: '© Musée',
      takenAt: '2023-01-15T00:00:00.000Z',
    });
    expect(fromIptc(Buffer.from([0x1c, 0x02, 80, 0xff, 0xff]))).toEqual({});
  });

  it('takes them into an image’s technical metadata when EXIF says nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mathaf-xmp-'));
    try {
      const path = join(dir, 'a.jpg');
      writeFileSync(
        path,
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
          .withXmp(XMP)
          .jpeg()
          .toBuffer(),
      );
      const info = await new ImageAdapter(1e9).probe(path);
      expect(info.technical).toMatchObject({
        artist: 'Samira Idrissi & Co',
        copyright: '© Musée de Rabat',
        hasXmp: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
