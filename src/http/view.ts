import type { Context } from 'hono';
import type { Actor } from '../modules/access/roles.js';
import type { AppEnv } from './env.js';
import type { Locale, Translate } from './i18n/locale.js';

/** What every page needs to render: language, translator, who is signed in, the CSRF token. */
export interface View {
  t: Translate;
  locale: Locale;
  actor: Actor | null;
  csrf: string;
  /** The current path and query, for the language switcher's return address. */
  here: string;
}

export function viewOf(c: Context<AppEnv>): View {
  const url = new URL(c.req.url);
  return { t: c.get('t'), locale: c.get('locale'), actor: c.get('actor'), csrf: c.get('csrfToken')(), here: url.pathname + url.search };
}
