import type { Actor } from '../modules/access/roles.js';
import type { Services } from '../services.js';
import type { Lang, Locale, Translate } from './i18n/locale.js';

/** What every request carries through the middleware chain. */
export interface AppEnv {
  Variables: {
    services: Services;
    actor: Actor | null;
    /** How the actor was identified: a browser session (cookies) or an API token. */
    authVia: 'session' | 'token' | null;
    locale: Locale;
    /** The language named by the address (`/ar/…`), which public pages are read in whatever the browser says. */
    pathLang: Lang | null;
    t: Translate;
    /** The CSRF token for this browser's forms (sets its cookie the first time it is asked for). */
    csrfToken: () => string;
    /** A request header the answer depends on besides language and cookies (an address serving a page or its JSON-LD). */
    varies?: string;
    /** The Cache-Control a handler chose (`cacheFor`), read by the page shell without building the answer to look. */
    cacheControl?: string;
  };
}
