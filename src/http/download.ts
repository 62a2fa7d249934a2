import type { Context } from 'hono';
import type { AppEnv } from './env.js';

/** A file made a piece at a time: its name, type and text. */
export interface DownloadFile {
  filename: string;
  contentType: string;
  body: AsyncIterable<string>;
}

/**
 * Sends a file as it is made: each piece is asked for only when the reader has taken the last
 * (a slow connection holds back the export, not the server's memory), and a reader who goes
 * away stops it. Pieces are compressed on the way when the reader accepts gzip.
 */
export function download(c: Context<AppEnv>, file: DownloadFile): Response {
  const encoder = new TextEncoder();
  const pieces = file.body[Symbol.asyncIterator]();
  let body: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return?.();
    },
  });
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    // RFC 6266: an ASCII name for old clients, the exact one for the rest.
    'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'X-Content-Type-Options': 'nosniff',
  };
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    body = body.pipeThrough(
      new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  }
  return c.body(body, 200, headers);
}
