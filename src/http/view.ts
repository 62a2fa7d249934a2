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
  /** A public page's address in the reader's language (`/ar/m/…`): public pages link to each other so. */
  pub(path: string): string;
}

/** A public address in a language: `/ar`, `/ar/search?q=…`. */
export const inLanguage = (lang: string, path: string) => `/${lang}${path === '/' ? '' : path}`;

export function viewOf(c: Context<AppEnv>): View {
  const url = new URL(c.req.url);
  const lang = c.get('locale').lang;
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    actor: c.get('actor'),
    here: url.pathname + url.search,
    // Lazy: a form asks for it; a public page never does, so it sets no cookie and can be cached.
    get csrf() {
      return c.get('csrfToken')();
    },
    pub: (path) => inLanguage(lang, path),
  };
}
