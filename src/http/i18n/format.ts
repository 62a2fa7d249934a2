import { gregorianToHijri, hijriToGregorian } from '../../modules/dates/calendar.js';
import type { ParsedDate } from '../../modules/dates/date.parser.js';
import type { Locale, Translate } from './locale.js';

// Intl formatters are costly to build and cheap to use: one per locale and style, kept, each
// style a constant (its object is the key, so nothing is serialised on each use).
const formatters = new WeakMap<object, Map<string, Intl.NumberFormat | Intl.DateTimeFormat>>();
function kept<F extends Intl.NumberFormat | Intl.DateTimeFormat>(
  style: object,
  tag: string,
  make: () => F,
): F {
  let byTag = formatters.get(style);
  if (!byTag) {
    byTag = new Map();
    formatters.set(style, byTag);
  }
  let f = byTag.get(tag) as F | undefined;
  if (!f) {
    f = make();
    byTag.set(tag, f);
  }
  return f;
}
const numberFormat = (tag: string, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  kept(options, tag, () => new Intl.NumberFormat(tag, options));
const dateFormat = (tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  kept(options, tag, () => new Intl.DateTimeFormat(tag, options));
const NUMBER: Intl.NumberFormatOptions = {};
const YEAR: Intl.NumberFormatOptions = { useGrouping: false };
const DAY: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeZone: 'UTC' };
const TIMESTAMP: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const HIJRI_DAY: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

/** A year or a year range in the reader's numerals. */
export function formatYears(locale: Locale, from: number, to: number): string {
  const nf = numberFormat(locale.tag, YEAR);
  return from === to ? nf.format(from) : `${nf.format(from)}–${nf.format(to)}`;
}

export function formatNumber(locale: Locale, n: number): string {
  return numberFormat(locale.tag, NUMBER).format(n);
}

const days = new Map<string, string>();

/** A day in the reader's locale (a citation's date of access). */
export function formatDay(locale: Locale, d: Date): string {
  // Every citation of a day gives the same date: written once a day for each language.
  const day = d.toISOString().slice(0, 10);
  const key = `${locale.tag} ${day}`;
  let text = days.get(key);
  if (text === undefined) {
    if (days.size > 64) days.clear();
    text = dateFormat(locale.tag, DAY).format(d);
    days.set(key, text);
  }
  return text;
}

/** A timestamp in the reader's locale, with the Hijri date beside it for Arabic readers. */
export function formatTimestamp(locale: Locale, iso: string): string {
  const d = new Date(iso);
  const main = dateFormat(locale.tag, TIMESTAMP).format(d);
  if (locale.lang !== 'ar') return main;
  const hijri = dateFormat(`${locale.tag}-u-ca-islamic-umalqura`, HIJRI_DAY).format(d);
  return `${main} (${hijri})`;
}

/**
 * An object's date as written, followed by its equivalent in the other calendar: the Gregorian
 * years for a Hijri or Solar Hijri original, the Hijri years for a Gregorian one read in Arabic.
 */
export function formatObjectDate(
  locale: Locale,
  t: Translate,
  d: Pick<ParsedDate, 'label' | 'expression' | 'calendar' | 'earliest' | 'latest'>,
): { original: string; equivalent: string | null } {
  const original = d.label ? `${d.label}: ${d.expression}` : d.expression;
  if (d.earliest === null || d.latest === null) return { original, equivalent: null };
  if (d.calendar !== 'gregorian') {
    return {
      original,
      equivalent: t('date.gregorianEquivalent', { years: formatYears(locale, d.earliest, d.latest) }),
    };
  }
  if (locale.lang === 'ar' && d.earliest > 622) {
    const h = gregorianToHijri(d.earliest, d.latest);
    return {
      original,
      equivalent: t('date.hijriEquivalent', { years: formatYears(locale, h.earliest, h.latest) }),
    };
  }
  return { original, equivalent: null };
}

export { hijriToGregorian };
