import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Services } from '../../services.js';
import type { AppEnv } from '../env.js';
import { negotiateLocale, translator } from '../i18n/locale.js';

export const LANG_COOKIE = 'mathaf_lang';

/** Puts the services, the reader's locale and translator, and the actor (if any) on the request. */
export function requestContext(services: Services) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('services', services);
    const locale = negotiateLocale(getCookie(c, LANG_COOKIE), c.req.header('accept-language'));
    c.set('locale', locale);
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
    if (!c.res.headers.has('Vary')) c.res.headers.set('Vary', 'Accept-Language, Cookie');
  });
}
