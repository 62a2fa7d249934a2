import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Services } from '../../services.js';
import type { AppEnv } from '../env.js';
import { isLang, type Lang, negotiateLocale, translator } from '../i18n/locale.js';

export const LANG_COOKIE = 'mathaf_lang';

/** The language an address begins with (`/ar`, `/fr/search`), if any. */
export function languageOfPath(path: string): Lang | null {
  const m = /^\/([a-z]{2,3})(?=\/|$)/.exec(path);
  return m && isLang(m[1]) ? m[1] : null;
}

/** An address without its language. */
export function withoutLanguage(path: string): string {
  const lang = languageOfPath(path);
  return lang ? path.slice(lang.length + 1) || '/' : path;
}

/** What an answer varies with besides its encoding: language (unless the address names it), cookies, and what the route adds. */
export function varyOf(c: Context<AppEnv>): string {
  return [c.get('varies'), c.get('pathLang') ? 'Cookie' : 'Accept-Language, Cookie']
    .filter(Boolean)
    .join(', ');
}

/** Puts the services, the reader's locale and translator, and the actor (if any) on the request. */
export function requestContext(services: Services) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('services', services);
    const pathLang = languageOfPath(c.req.path);
    const locale = negotiateLocale(pathLang ?? getCookie(c, LANG_COOKIE), c.req.header('accept-language'));
    c.set('locale', locale);
    c.set('pathLang', pathLang);
    c.set('t', translator(locale));
    c.set('actor', null);
    c.set('authVia', null);
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const actor = await services.actors.forToken(bearer);
      if (actor) {
        c.set('actor', actor);
        c.set('authVia', 'token');
      }
    } else if (getCookie(c, 'mathaf.session_token') || getCookie(c, '__Secure-mathaf.session_token')) {
      const session = await services.auth.api.getSession({ headers: c.req.raw.headers });
      const actor = session ? await services.actors.forUser(session.user.id) : null;
      if (actor) {
        c.set('actor', actor);
        c.set('authVia', 'session');
      }
    }
    await next();
    // Set on the response itself: c.header() after the handler would rebuild the response and copy its body.
    c.res.headers.set('Content-Language', locale.lang);
    if (!c.res.headers.has('Vary')) c.res.headers.set('Vary', varyOf(c));
    // Anything not said to be shareable (public pages, images, scripts) is the reader's own.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'private, no-store');
  });
}
