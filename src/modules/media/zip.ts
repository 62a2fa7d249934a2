import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** Entries a ZIP may hold; more is refused rather than read. */
export const MAX_ENTRIES = 10_000;

export class UnsafeZip extends Error {}

export interface ZipItem {
  /** The entry's path inside the ZIP. */
  path: string;
  /** Its file name, which is matched to an accession number. */
  name: string;
  size: number;
}

/** Files that systems leave in folders and archives, skipped without a word. */
const CLUTTER = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|\._)/i;

function open(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings validates names as it reads them (absolute paths, `..`, backslashes are errors).
    yauzl.open(
      path,
      {
        lazyEntries: true,
        autoClose: true,
        decodeStrings: true,
        validateEntrySizes: true,
        strictFileNames: true,
      },
      (err, zip) => (err ? reject(new UnsafeZip(err.message)) : resolve(zip)),
    );
  });
}

/** Why an entry may not be taken, or null. */
function unsafe(e: Entry): string | null {
  const name = e.fileName;
  if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..'))
    return `the entry “${name}” points outside the archive`;
  const mode = (e.externalFileAttributes >>> 16) & 0o170000;
  if (mode === 0o120000) return `the entry “${name}” is a symbolic link`;
  if (e.isEncrypted()) return `the entry “${name}” is encrypted`;
  return null;
}

/**
 * Walks a ZIP's entries in order, refusing the whole archive at the first unsafe one (a path out
 * of it, a symbolic link, an encrypted entry) before anything is read from it; `visit` gets each
 * file and, when it asks for it, its content as a stream.
 */
export async function walkZip(
  path: string,
  visit: (item: ZipItem, content: () => Promise<ReadableStream<Uint8Array>>) => Promise<void>,
): Promise<void> {
  const zip = await open(path);
  if (zip.entryCount > MAX_ENTRIES) {
    zip.close();
    throw new UnsafeZip(`the archive holds ${zip.entryCount} entries, more than ${MAX_ENTRIES}`);
  }
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.close();
      reject(e instanceof UnsafeZip ? e : new UnsafeZip(e instanceof Error ? e.message : String(e)));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (e: Entry) => {
      const why = unsafe(e);
      if (why) return fail(new UnsafeZip(why));
      if (e.fileName.endsWith('/') || CLUTTER.test(e.fileName)) return zip.readEntry();
      const item = { path: e.fileName, name: posix.basename(e.fileName), size: e.uncompressedSize };
      const content = () =>
        new Promise<ReadableStream<Uint8Array>>((res, rej) =>
          zip.openReadStream(e, (err, s) =>
            err
              ? rej(new UnsafeZip(`the entry “${e.fileName}” cannot be read: ${err.message}`))
              : res(webStream(s, e.fileName)),
          ),
        );
      visit(item, content).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

/**
 * An entry's content as a web stream whose every error reaches its reader and none its process.
 * Node's `Readable.toWeb` goes on enqueueing what yauzl's stream still emits after a reader
 * cancelled it (an entry past the upload limit), and its "Controller is already closed" is thrown
 * where nothing catches it. Here chunks are pulled one at a time, so none comes after a cancel.
 */
function webStream(s: Readable, name: string): ReadableStream<Uint8Array> {
  // Errors are read through the iterator; one the stream emits after its reader is gone is dropped.
  s.on('error', () => undefined);
  const chunks = s[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (e) {
          // yauzl says "too many bytes in the stream" of an entry larger than it declares.
          throw new UnsafeZip(
            `the entry “${name}” does not read as the archive declares it (${e instanceof Error ? e.message : String(e)})`,
          );
        }
        if (next.done) controller.close();
        else
          controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      async cancel() {
        await chunks.return?.();
        s.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Every file of a ZIP (after the same checks), without reading any content. */
export async function listZip(path: string): Promise<ZipItem[]> {
  const items: ZipItem[] = [];
  await walkZip(path, async (item) => {
    items.push(item);
  });
  return items;
}
