import { gregorianToHijri, hijriToGregorian } from '../../modules/dates/calendar.js';
import type { ParsedDate } from '../../modules/dates/date.parser.js';
import type { Locale, Translate } from './locale.js';

/** A year or a year range in the reader's numerals. */
export function formatYears(locale: Locale, from: number, to: number): string {
  const nf = new Intl.NumberFormat(locale.tag, { useGrouping: false });
  return from === to ? nf.format(from) : `${nf.format(from)}–${nf.format(to)}`;
}

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale.tag).format(n);
}

/** A day in the reader's locale (a citation's date of access). */
export function formatDay(locale: Locale, d: Date): string {
  return new Intl.DateTimeFormat(locale.tag, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** A timestamp in the reader's locale, with the Hijri date beside it for Arabic readers. */
export function formatTimestamp(locale: Locale, iso: string): string {
  const d = new Date(iso);
  const main = new Intl.DateTimeFormat(locale.tag, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  if (locale.lang !== 'ar') return main;
  const hijri = new Intl.DateTimeFormat(`${locale.tag}-u-ca-islamic-umalqura`, { dateStyle: 'medium' }).format(d);
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
