import type { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.js';

/** The print-ready pages, each also offered as a PDF file at its own address followed by `.pdf`. */
const PRINTABLE: readonly RegExp[] = [
  /^\/staff\/m\/[^/]+\/labels$/,
  /^\/staff\/m\/[^/]+\/loans\/[^/]+\/agreement$/,
  /^\/staff\/m\/[^/]+\/objects\/[^/]+\/condition\/form$/,
  /^\/staff\/m\/[^/]+\/entries\/[^/]+\/receipt$/,
  /^\/staff\/m\/[^/]+\/register$/,
  /^\/staff\/m\/[^/]+\/locations\/[^/.]+$/,
  /^\/staff\/m\/[^/]+\/exits\/[^/.]+$/,
];

export function isPrintable(path: string): boolean {
  return PRINTABLE.some((p) => p.test(path));
}

/**
 * `GET <printable page>.pdf`: renders the page as the reader would see it (same session, same
 * language) and hands it back as a PDF file. Anything the page refuses (401, 404) is refused alike.
 */
export function pdfDownloads(app: Hono<AppEnv>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'GET' || !c.req.path.endsWith('.pdf')) return next();
    const path = c.req.path.slice(0, -'.pdf'.length);
    if (!isPrintable(path)) return next();
    const url = new URL(c.req.url);
    const res = await app.request(`${path}${url.search}`, { headers: c.req.raw.headers });
    if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('text/html')) return res;
    const pdf = await c.get('services').pdf.render(await res.text());
    const name =
      path
        .split('/')
        .slice(-2)
        .join('-')
        .replace(/[^A-Za-z0-9_-]/g, '') || 'document';
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${name}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
  });
}
