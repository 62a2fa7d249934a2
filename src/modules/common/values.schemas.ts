import { z } from 'zod';

/** A BCP 47 tag such as `ar`, `fa`, `fr`, `en`, `ar-Latn` (transliteration) or `ota` (Ottoman Turkish). */
export const langTag = z.string().regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-\d{3})?$/, {
  message: 'a language tag such as ar, fr, en or ar-Latn',
});

/** A language-tagged value: the way every human-readable text of a record is kept. */
export const langValue = z
  .object({
    lang: langTag,
    value: z.string().trim().min(1).max(20_000),
  })
  .strict();
export type LangValue = z.infer<typeof langValue>;

export const langValues = (max = 50) => z.array(langValue).max(max);

export const VISIBILITIES = ['draft', 'internal', 'public'] as const;
export const visibility = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof visibility>;

/** Rights statements (rightsstatements.org) and Creative Commons licences and tools. */
export const RIGHTS = [
  'https://creativecommons.org/publicdomain/zero/1.0/',
  'https://creativecommons.org/publicdomain/mark/1.0/',
  'https://creativecommons.org/licenses/by/4.0/',
  'https://creativecommons.org/licenses/by-sa/4.0/',
  'https://creativecommons.org/licenses/by-nc/4.0/',
  'https://creativecommons.org/licenses/by-nc-sa/4.0/',
  'https://creativecommons.org/licenses/by-nd/4.0/',
  'https://creativecommons.org/licenses/by-nc-nd/4.0/',
  'http://rightsstatements.org/vocab/InC/1.0/',
  'http://rightsstatements.org/vocab/InC-EDU/1.0/',
  'http://rightsstatements.org/vocab/InC-NC/1.0/',
  'http://rightsstatements.org/vocab/NoC-CR/1.0/',
  'http://rightsstatements.org/vocab/NoC-NC/1.0/',
  'http://rightsstatements.org/vocab/NoC-OKLR/1.0/',
  'http://rightsstatements.org/vocab/CNE/1.0/',
  'http://rightsstatements.org/vocab/UND/1.0/',
  'http://rightsstatements.org/vocab/NKC/1.0/',
] as const;
export const rights = z.enum(RIGHTS);

/** Picks the value in the first of `langs` that has one, else the first value. */
export function pickLang<T extends { lang: string }>(
  values: readonly T[],
  langs: readonly string[],
): T | undefined {
  for (const l of langs) {
    const hit = values.find((v) => v.lang === l || v.lang.startsWith(`${l}-`));
    if (hit) return hit;
  }
  return values[0];
}

/** Parses a JSON column written by a repository; a corrupt value reads as the fallback. */
export function readJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** Languages offered for catalogue values, by their own names; any BCP 47 tag is accepted by the API. */
export const CONTENT_LANGS: { tag: string; name: string }[] = [
  { tag: 'ar', name: 'العربية' },
  { tag: 'ar-Latn', name: 'Arabic (transliterated)' },
  { tag: 'fa', name: 'فارسی' },
  { tag: 'ur', name: 'اردو' },
  { tag: 'ota', name: 'Osmanlıca' },
  { tag: 'tr', name: 'Türkçe' },
  { tag: 'ms', name: 'Bahasa Melayu' },
  { tag: 'id', name: 'Bahasa Indonesia' },
  { tag: 'fr', name: 'Français' },
  { tag: 'en', name: 'English' },
];

/** Whether YYYY-MM-DD names a day of the (proleptic) Gregorian calendar: 2026-02-30 does not. */
export function isCalendarDate(d: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * A calendar date as YYYY-MM-DD (Gregorian), the form dates of procedures are kept in. The day must
 * exist: `Date.parse` would take 2026-02-30 as 2 March.
 */
export const isoDate = z
  .string()
  .refine(isCalendarDate, { message: 'a date that exists, such as 2026-11-24' });

/** A non-negative decimal amount, kept as written: no floating-point rounding. */
export const amount = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,2})?$/, { message: 'an amount such as 12500 or 12500.50' });
export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'an ISO 4217 currency code such as MAD, EUR, USD' });
export const money = z.object({ amount, currency }).strict();
