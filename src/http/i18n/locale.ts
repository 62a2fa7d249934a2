import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { ar } from './messages/ar.js';
import { en, type MessageKey } from './messages/en.js';
import { fr } from './messages/fr.js';

/** An interface language: a built-in one, or one added by a translation file. */
export type Lang = string;
/**
 * Interface languages: Arabic, French and English built in and complete; others (Persian, Turkish,
 * Urdu, Malay…) added by a translation file alone (`loadCatalogues`), English standing in for any
 * message it does not translate yet.
 */
const CATALOGUES = new Map<Lang, Partial<Record<MessageKey, string>>>([
  ['ar', ar],
  ['fr', fr],
  ['en', en],
]);
export const LANGS: Lang[] = [...CATALOGUES.keys()];
const RTL = new Set(['ar', 'fa', 'ur', 'he', 'ps', 'ckb', 'ug', 'sd', 'yi']);

export function isLang(v: string | undefined): v is Lang {
  return v !== undefined && CATALOGUES.has(v);
}

/**
 * Adds the languages of a directory of translation files (`fa.json`: message key → ICU message).
 * A file with an unknown key or a message that does not parse stops the start with its name and
 * the reason, rather than showing readers a broken page. Returns the languages added.
 */
export function loadCatalogues(dir: string | undefined): Lang[] {
  if (!dir) return [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^[a-z]{2,3}\.json$/.test(f));
  } catch {
    return [];
  }
  const added: Lang[] = [];
  for (const file of files.sort()) {
    const lang = file.slice(0, -5);
    const messages = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    for (const [key, message] of Object.entries(messages)) {
      if (!(key in en)) throw new Error(`${file}: unknown message key ${key}`);
      if (typeof message !== 'string') throw new Error(`${file}: ${key} is not text`);
      try {
        new IntlMessageFormat(message, lang);
      } catch (e) {
        throw new Error(`${file}: ${key} does not parse as an ICU message (${(e as Error).message})`);
      }
    }
    if (CATALOGUES.has(lang) && ['ar', 'fr', 'en'].includes(lang))
      throw new Error(`${file}: ${lang} is built in`);
    CATALOGUES.set(lang, messages as Partial<Record<MessageKey, string>>);
    if (!LANGS.includes(lang)) LANGS.push(lang);
    added.push(lang);
  }
  return added;
}

/** A language's name in itself, for the language switcher. */
export function autonym(lang: Lang): string {
  const named = CATALOGUES.get(lang)?.[`lang.${lang}` as MessageKey];
  if (named) return named;
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
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
/** What MessageFormat reads as syntax: arguments, quoting, tags. */
const PLAIN_NOT = /[{}'<]/;

/** A translator for one locale. Messages are ICU MessageFormat, with CLDR plural rules (Arabic has six forms). */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES.get(locale.lang) ?? en;
  return (key, values) => {
    const source = catalogue[key] ?? en[key] ?? key;
    // Most messages are plain text (no argument, quote or tag): they are what they say.
    if (!PLAIN_NOT.test(source)) return source;
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
