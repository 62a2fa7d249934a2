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
  new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s))),
  );

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
  const rel = id
    ? [...rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)]
        .map((m) => m[0])
        .find((r) => r.includes(`Id="${id}"`))
    : undefined;
  const target = rel ? /\bTarget="([^"]+)"/.exec(rel)?.[1] : undefined;
  if (!target) return 'xl/worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : posix.normalize(`xl/${target}`);
}

/** What is known of a workbook before it is read: the XML that reading it inflates, and the rows of its first sheet that hold a value. */
export interface WorkbookSize {
  xmlBytes: number;
  rows: number;
}

/**
 * Measures a workbook before anything reads it whole: the parts a reader inflates (the first
 * sheet, its shared strings and styles, the workbook), by the sizes the archive declares, and
 * then, when they are no more than `maxXmlBytes`, inflated once (an entry that inflates to more
 * than it declares is an error), the sheet's rows with a value counted as its XML inflates
 * (nothing is parsed or kept), no further than `stopAt`: a million-row sheet is known to be too
 * long after the first rows past the limit.
 */
export async function measureWorkbook(
  data: Buffer,
  stopAt: number,
  maxXmlBytes: number,
): Promise<WorkbookSize> {
  const { zip, entries } = await openZip(data);
  try {
    const sheet = entries.get(await firstSheet(zip, entries));
    const parts = [
      sheet,
      ...['xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'].map((p) =>
        entries.get(p),
      ),
    ];
    const xmlBytes = parts.reduce((n, e) => n + (e?.uncompressedSize ?? 0), 0);
    if (!sheet || xmlBytes > maxXmlBytes) return { xmlBytes, rows: 0 };
    for (const e of parts.slice(1)) if (e) for await (const _ of await streamOf(zip, e));
    return { xmlBytes, rows: await countRows(await streamOf(zip, sheet), stopAt) };
  } finally {
    zip.close();
  }
}

async function countRows(stream: Readable, stopAt: number): Promise<number> {
  const decoder = new TextDecoder('utf-8');
  const tag = /<(?:\w+:)?(row|v|t)[\s>]/g;
  let rows = 0;
  let counted = true;
  let carry = '';
  for await (const chunk of stream) {
    const text = carry + decoder.decode(chunk as Buffer, { stream: true });
    // A tag cut at the end of a chunk is carried over and read whole with the next.
    const last = text.lastIndexOf('<');
    const end = last >= text.length - 12 ? last : text.length;
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
}
