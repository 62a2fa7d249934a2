import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** The parts read whole to find the first sheet are small; a larger one is not a workbook's. */
const MAX_PART = 4 * 1024 * 1024;

function openZip(data: Buffer): Promise<{ zip: ZipFile; entries: Map<string, Entry> }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map<string, Entry>();
      zip.on('entry', (e: Entry) => {
        entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.on('end', () => resolve({ zip, entries }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const streamOf = (zip: ZipFile, e: Entry) =>
  new Promise<Readable>((resolve, reject) => zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s))));

async function textOf(zip: ZipFile, e: Entry | undefined): Promise<string> {
  if (!e || e.uncompressedSize > MAX_PART) return '';
  const parts: Buffer[] = [];
  for await (const c of await streamOf(zip, e)) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** The path of the workbook's first sheet (the one read), by the workbook and its relationships. */
async function firstSheet(zip: ZipFile, entries: Map<string, Entry>): Promise<string> {
  const workbook = await textOf(zip, entries.get('xl/workbook.xml'));
  const id = /<(?:\w+:)?sheet\b[^>]*?\s(?:\w+:)?id="([^"]+)"/.exec(workbook)?.[1];
  const rels = await textOf(zip, entries.get('xl/_rels/workbook.xml.rels'));
  const rel = id ? [...rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${id}"`)) : undefined;
  const target = rel ? /\bTarget="([^"]+)"/.exec(rel)?.[1] : undefined;
  if (!target) return 'xl/worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : posix.normalize(`xl/${target}`);
}

/**
 * The rows of the first sheet of an XLSX workbook that hold a value, counted as its XML inflates
 * (nothing is parsed or kept), and no further than `stopAt`: a million-row sheet is known to be
 * too long after the first rows past the limit, before anything reads it whole.
 */
export async function countSheetRows(data: Buffer, stopAt: number): Promise<number> {
  const { zip, entries } = await openZip(data);
  try {
    const sheet = entries.get(await firstSheet(zip, entries));
    if (!sheet) return 0;
    const stream = await streamOf(zip, sheet);
    const decoder = new TextDecoder('utf-8');
    const tag = /<(row|v|t)[\s>]/g;
    let rows = 0;
    let counted = true;
    let carry = '';
    for await (const chunk of stream) {
      const text = carry + decoder.decode(chunk as Buffer, { stream: true });
      // A tag cut at the end of a chunk is carried over and read whole with the next.
      const last = text.lastIndexOf('<');
      const end = last >= text.length - 5 ? last : text.length;
      carry = text.slice(end);
      const scanned = text.slice(0, end);
      tag.lastIndex = 0;
      for (let m = tag.exec(scanned); m; m = tag.exec(scanned)) {
        if (m[1] === 'row') counted = false;
        else if (!counted) {
          counted = true;
          if (++rows > stopAt) {
            stream.destroy();
            return rows;
          }
        }
      }
    }
    return rows;
  } finally {
    zip.close();
  }
}
