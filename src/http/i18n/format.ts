import { gregorianToHijri, hijriToGregorian } from '../../modules/dates/calendar.js';
import type { ParsedDate } from '../../modules/dates/date.parser.js';
import type { Locale, Translate } from './locale.js';

// Intl formatters are costly to build and cheap to use: one per locale and style, kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n${tag}${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(tag, options);
    formatters.set(key, f);
  }
  return f;
}
function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d${tag}${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, f);
  }
  return f;
}

/** A year or a year range in the reader's numerals. */
export function formatYears(locale: Locale, from: number, to: number): string {
  const nf = numberFormat(locale.tag, { useGrouping: false });
  return from === to ? nf.format(from) : `${nf.format(from)}–${nf.format(to)}`;
}

export function formatNumber(locale: Locale, n: number): string {
  return numberFormat(locale.tag).format(n);
}

/** A day in the reader's locale (a citation's date of access). */
export function formatDay(locale: Locale, d: Date): string {
  return dateFormat(locale.tag, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** A timestamp in the reader's locale, with the Hijri date beside it for Arabic readers. */
export function formatTimestamp(locale: Locale, iso: string): string {
  const d = new Date(iso);
  const main = dateFormat(locale.tag, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  if (locale.lang !== 'ar') return main;
  const hijri = dateFormat(`${locale.tag}-u-ca-islamic-umalqura`, { dateStyle: 'medium' }).format(d);
  return `${main} (${hijri})`;
}

/**
 * An object's date as written, followed by its equivalent in the other calendar: the Gregorian
 * years for a Hijri or Solar Hijri original, the Hijri years for a Gregorian one read in Arabic.
 */
export function formatObjectDate(locale: Locale, t: Translate, d: Pick<ParsedDate, 'label' | 'expression' | 'calendar' | 'earliest' | 'latest'>): { original: string; equivalent: string | null } {
  const original = d.label ? `${d.label}: ${d.expression}` : d.expression;
  if (d.earliest === null || d.latest === null) return { original, equivalent: null };
  if (d.calendar !== 'gregorian') {
    return { original, equivalent: t('date.gregorianEquivalent', { years: formatYears(locale, d.earliest, d.latest) }) };
  }
  if (locale.lang === 'ar' && d.earliest > 622) {
    const h = gregorianToHijri(d.earliest, d.latest);
    return { original, equivalent: t('date.hijriEquivalent', { years: formatYears(locale, h.earliest, h.latest) }) };
  }
  return { original, equivalent: null };
}

export { hijriToGregorian };
