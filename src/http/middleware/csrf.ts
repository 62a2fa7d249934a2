import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { csrfRejected } from '../../errors.js';
import type { AppEnv } from '../env.js';

const COOKIE = 'mathaf_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The CSRF token of this browser's forms, put on the request before anything can fail (an error
 * page has forms too): a random cookie, and its HMAC under the server secret (a signed double-submit
 * token). Minted on first use (a page with a form), so images, tiles and JSON cost no randomness or cookie.
 */
export function csrfToken(secret: string, secure: boolean) {
  const sign = (v: string) => createHmac('sha256', secret).update(`csrf:${v}`).digest('base64url');
  return createMiddleware<AppEnv>(async (c, next) => {
    let token: string | undefined;
    c.set('csrfToken', () => {
      if (token) return token;
      let cookie = getCookie(c, COOKIE);
      if (!cookie || !/^[A-Za-z0-9_-]{32,}$/.test(cookie)) {
        cookie = randomBytes(32).toString('base64url');
        setCookie(c, COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', secure, path: '/' });
      }
      token = sign(cookie);
      return token;
    });
    await next();
  });
}

/**
 * CSRF protection for every form: each carries the token of csrfToken in a hidden `_csrf` field
 * (or, from the page's own scripts, an `X-CSRF-Token` header). A request with a
 * foreign `Origin` is refused outright. Requests authenticated by an API token carry no
 * cookies and are exempt; JSON bodies cannot be sent cross-site without a CORS preflight,
 * which Mathaf never grants. A form has been read, and its size and shape checked, before (body.ts).
 */
export function csrfProtection(publicUrl: string) {
  const ownOrigin = new URL(publicUrl).origin;
  return createMiddleware<AppEnv>(async (c, next) => {
    const tokenOf = c.get('csrfToken');
    // OAI-PMH allows its read-only requests as POSTed forms, from any harvester: nothing to forge.
    if (UNSAFE.has(c.req.method) && c.get('authVia') !== 'token' && c.req.path !== '/oai') {
      const origin = c.req.header('origin');
      const requestOrigin = new URL(c.req.url).origin;
      if (origin && origin !== 'null' && origin !== ownOrigin && origin !== requestOrigin)
        throw csrfRejected();
      const type = c.req.header('content-type') ?? '';
      const header = c.req.header('x-csrf-token');
      if (header !== undefined) {
        // A script of the page (the uploader) sends the token in a header; the body is a file, left unread.
        if (!safeEqual(header, tokenOf())) throw csrfRejected();
      } else if (
        type.startsWith('application/x-www-form-urlencoded') ||
        type.startsWith('multipart/form-data')
      ) {
        const body = await c.req.parseBody();
        const sent = typeof body._csrf === 'string' ? body._csrf : '';
        if (!safeEqual(sent, tokenOf())) throw csrfRejected();
      } else if (!type.startsWith('application/json')) {
        throw csrfRejected();
      }
    }
    await next();
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
