import { brotliDecompressSync } from 'node:zlib';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from './env.js';
import { brotliFast, chooseEncoding, compressSync, type Encoding } from './middleware/compress.js';
import { varyOf } from './middleware/context.js';
import { etagOf, matches } from './middleware/etag.js';

/**
 * A rendered page as it is sent: its ETag, and its bytes compressed with brotli (what nearly every
 * reader accepts), a quarter of their size; gzip once a reader asks for it, the plain bytes
 * unpacked for the rare reader that takes neither.
 */
export interface KeptPage {
  stamp: string;
  etag: string;
  br: Uint8Array;
  gzip?: Uint8Array;
}

/**
 * Rendered public pages kept in memory, each with the stamp of the record it shows: a page is
 * served from here only while its record's stamp is unchanged (checked on every request, in the
 * database, so a change shows at once, on every app server) and for at most `ttlMs` (what a page
 * shows of other records — related objects, its museum — may lag that long). A page is kept as
 * it is sent, with its ETag and compressed, so serving it again renders, hashes and compresses
 * nothing.
 */
export class PageCache {
  private readonly pages: LRUCache<string, KeptPage>;
  /** Pages asked for once and not kept: a page is kept from its second reader on. */
  private readonly seen: LRUCache<string, true>;

  constructor(max: number, ttlMs: number) {
    this.pages = new LRUCache({ max: Math.max(1, max), ttl: ttlMs });
    this.seen = new LRUCache({ max: Math.max(1, max) * 4 });
  }

  /**
   * Whether a page is worth keeping: asked for before. Most pages of a large collection are read
   * once in a while (a search engine's crawler reads them all); kept, they would push out the pages
   * read often, and each would cost a read of its stamp and the best compression for nothing.
   */
  admit(key: string): boolean {
    if (this.pages.has(key) || this.seen.has(key)) return true;
    this.seen.set(key, true);
    return false;
  }

  get(key: string, stamp: string): KeptPage | undefined {
    const hit = this.pages.get(key);
    return hit && hit.stamp === stamp ? hit : undefined;
  }

  /** Keeps a page just rendered, and gives it back ready to send. */
  keep(key: string, stamp: string, body: Uint8Array): KeptPage {
    const page: KeptPage = { stamp, etag: etagOf(body), br: compressSync(body, 'br') };
    this.pages.set(key, page);
    return page;
  }
}

/**
 * A kept page as the answer to this request: 304 when the reader holds it already, otherwise its
 * bytes in the encoding the reader accepts.
 */
export function keptAnswer(c: Context<AppEnv>, page: KeptPage): Response {
  return answer(c, page.etag, (encoding) => {
    if (encoding === 'br') return page.br;
    if (encoding !== 'gzip') return brotliDecompressSync(page.br);
    page.gzip ??= compressSync(brotliDecompressSync(page.br), 'gzip');
    return page.gzip;
  });
}

/**
 * A public page just rendered, answered as a kept one is, without keeping it: hashed and
 * compressed from its bytes here, where the middlewares would read them back from the answer's
 * stream, each in turn. `fast`: brotli at its fastest (a third of the time, 15% larger), for a
 * page that may well have this one reader.
 */
export function freshAnswer(c: Context<AppEnv>, body: Uint8Array, fast = false): Response {
  return answer(c, etagOf(body), (encoding) =>
    encoding === 'br' && fast ? brotliFast(body) : encoding ? compressSync(body, encoding) : body,
  );
}

/** A public page (`no-cache`, so a shared cache asks again) that says what it varies with: 304 when the reader holds it, else its bytes as the reader takes them. */
function answer(
  c: Context<AppEnv>,
  etag: string,
  bytes: (encoding: Encoding | null) => Uint8Array,
): Response {
  const headers: Record<string, string> = {
    'Cache-Control': 'public, no-cache',
    ETag: etag,
    Vary: `${varyOf(c)}, Accept-Encoding`,
  };
  // Through `c.body`, which adds what the handler set with `c.header` (a page's own CSP) and builds no stream.
  if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  headers['Content-Type'] = 'text/html; charset=UTF-8';
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  if (encoding) headers['Content-Encoding'] = encoding;
  const body = bytes(encoding);
  headers['Content-Length'] = String(body.byteLength);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
}
