import type { Actor } from '../modules/access/roles.js';
import type { Services } from '../services.js';
import type { Locale, Translate } from './i18n/locale.js';

/** What every request carries through the middleware chain. */
export interface AppEnv {
  Variables: {
    services: Services;
    actor: Actor | null;
    /** How the actor was identified: a browser session (cookies) or an API token. */
    authVia: 'session' | 'token' | null;
    locale: Locale;
    t: Translate;
    /** The CSRF token for this browser's forms (sets its cookie the first time it is asked for). */
    csrfToken: () => string;
  };
}
