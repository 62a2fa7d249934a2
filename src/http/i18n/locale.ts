import { IntlMessageFormat } from 'intl-messageformat';
import { ar } from './messages/ar.js';
import { en, type MessageKey } from './messages/en.js';
import { fr } from './messages/fr.js';

/** Interface languages. Adding one is adding a catalogue here (Persian, Turkish, Urdu, Malay next). */
export const CATALOGUES = { ar, fr, en } as const;
export type Lang = keyof typeof CATALOGUES;
export const LANGS = Object.keys(CATALOGUES) as Lang[];
const RTL = new Set(['ar', 'fa', 'ur', 'he', 'ps', 'ckb', 'ug', 'sd', 'yi']);

export function isLang(v: string | undefined): v is Lang {
  return v !== undefined && (LANGS as string[]).includes(v);
}

export function directionOf(lang: string): 'rtl' | 'ltr' {
  return RTL.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** The reader's language and, for numbers and dates, the full locale they asked for (`ar-EG`, `fr-MA`). */
export interface Locale {
  lang: Lang;
  /** BCP 47 tag used for Intl formatting; its language is always `lang`. */
  tag: string;
  dir: 'rtl' | 'ltr';
}

/**
 * Chooses the interface language: an explicit choice (cookie) first, then the browser's
 * Accept-Language in order of preference, then Arabic.
 */
export function negotiateLocale(choice: string | undefined, acceptLanguage: string | undefined): Locale {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag!.trim(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && x.tag !== '*' && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  if (isLang(choice)) {
    const regional = wanted.find((w) => w.tag.toLowerCase().startsWith(`${choice}-`));
    return make(choice, regional?.tag ?? choice);
  }
  for (const w of wanted) {
    const base = w.tag.split('-')[0]!.toLowerCase();
    if (isLang(base)) return make(base, w.tag);
  }
  return make('ar', 'ar');
}

function make(lang: Lang, tag: string): Locale {
  let safe = lang as string;
  try {
    safe = Intl.getCanonicalLocales(tag)[0] ?? lang;
  } catch {
    // an ill-formed tag from a browser: fall back to the bare language
  }
  return { lang, tag: safe, dir: directionOf(lang) };
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const cache = new Map<string, IntlMessageFormat>();

/** A translator for one locale. Messages are ICU MessageFormat, with CLDR plural rules (Arabic has six forms). */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale.lang];
  return (key, values) => {
    const source = catalogue[key] ?? en[key] ?? key;
    const id = `${locale.tag}\u0000${key}`;
    let fmt = cache.get(id);
    if (!fmt) {
      fmt = new IntlMessageFormat(source, locale.tag);
      cache.set(id, fmt);
    }
    return String(fmt.format(values));
  };
}

export type { MessageKey };
