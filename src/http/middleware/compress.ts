import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
/** Brotli at quality 4 compresses a page better than gzip at 6, in half the time. */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
/** Quality 1: a third of quality 4's time for an object page, 15% larger. */
const BROTLI_FAST = { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } };
const GZIP = { level: 6 };
/** A page is compressed at once, in this thread (a hop to the thread pool costs more than that); a large answer there. */
const IN_THREAD_UP_TO = 64 * 1024;

export type Encoding = 'br' | 'gzip';

/** A body compressed at once, in this thread: a page's worth. */
export function compressSync(body: Uint8Array, encoding: Encoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, BROTLI) : gzipSync(body, GZIP);
}

/** A page compressed with brotli fast, for a first reader who may well be its only one. */
export function brotliFast(body: Uint8Array): Buffer {
  return brotliCompressSync(body, BROTLI_FAST);
}

function compress(body: Uint8Array, encoding: Encoding): Buffer | Promise<Buffer> {
  if (body.byteLength <= IN_THREAD_UP_TO) return compressSync(body, encoding);
  return encoding === 'br' ? brotliAsync(body, BROTLI) : gzipAsync(body, GZIP);
}

/** The encoding sent to a reader whose `Accept-Encoding` says this: brotli first, then gzip, else none. */
export function chooseEncoding(accepted: string | undefined): Encoding | null {
  return /\bbr\b/.test(accepted ?? '') ? 'br' : /\bgzip\b/.test(accepted ?? '') ? 'gzip' : null;
}

/** Text worth compressing; images, tiles, PDFs and archives are compressed already. */
const TEXTUAL = /^(text\/|application\/(json|ld\+json|xml|.*\+xml|javascript|geo\+json))/;
/** Below this a gzip header and its checksum save nothing worth a round through zlib. */
const MIN_BYTES = 1024;

/**
 * Brotli or gzip for pages, feeds and API answers when the reader accepts it: a museum on one
 * small PC serves readers on slow connections with no proxy in front. Answers already encoded
 * (the static scripts, kept compressed) pass as they are. The ETag, weak, stays the same for
 * every encoding.
 */
export function compression() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const res = c.res;
    // Headers first: asking a lightweight answer for its body turns it into a full Response.
    if (c.req.method === 'HEAD' || res.status !== 200 || res.headers.has('Content-Encoding') || !res.body)
      return;
    // Downloads (exports) may be streamed and long: they go as they are.
    if (!TEXTUAL.test(res.headers.get('Content-Type') ?? '') || res.headers.has('Content-Disposition'))
      return;
    const length = Number(res.headers.get('Content-Length') ?? Number.NaN);
    if (length < MIN_BYTES) return;
    const vary = res.headers.get('Vary');
    res.headers.set(
      'Vary',
      vary ? (/accept-encoding/i.test(vary) ? vary : `${vary}, Accept-Encoding`) : 'Accept-Encoding',
    );
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    if (!encoding) return;
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.byteLength < MIN_BYTES) {
      c.res = new Response(body, res);
      return;
    }
    const zipped = await compress(body, encoding);
    // Hono carries the previous answer's headers over to the new one: they are set there.
    res.headers.set('Content-Encoding', encoding);
    res.headers.set('Content-Length', String(zipped.byteLength));
    c.res = new Response(zipped as Uint8Array<ArrayBuffer>, { status: res.status, headers: res.headers });
  });
}
