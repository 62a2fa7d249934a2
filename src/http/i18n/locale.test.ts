import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../modules/dates/date.parser.js';
import { formatDay, formatNumber, formatObjectDate, formatTimestamp, formatYears } from './format.js';
import { negotiateLocale, translator } from './locale.js';
import { ar } from './messages/ar.js';
import { fr } from './messages/fr.js';
import { en } from './messages/en.js';

describe('locale negotiation', () => {
  it('takes an explicit choice first, then the browser’s preferences, then Arabic', () => {
    expect(negotiateLocale('fr', 'en-GB,en;q=0.9')).toMatchObject({ lang: 'fr', dir: 'ltr' });
    expect(negotiateLocale(undefined, 'de-DE,fr-MA;q=0.8,en;q=0.5')).toMatchObject({
      lang: 'fr',
      tag: 'fr-MA',
    });
    expect(negotiateLocale(undefined, 'ar-EG')).toMatchObject({ lang: 'ar', tag: 'ar-EG', dir: 'rtl' });
    expect(negotiateLocale(undefined, 'de, ja')).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(negotiateLocale('xx', undefined)).toMatchObject({ lang: 'ar' });
    expect(negotiateLocale(undefined, 'en;q=bad, !!!')).toMatchObject({ lang: 'ar' });
  });

  it('has every message in every language, each a valid ICU message', () => {
    for (const [lang, catalogue] of Object.entries({ ar, fr, en })) {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      for (const [key, message] of Object.entries(catalogue))
        expect(() => new IntlMessageFormat(message, lang), `${lang} ${key}`).not.toThrow();
    }
  });

  it('gives every message without arguments as MessageFormat does (plain ones without a round through it)', () => {
    let plain = 0;
    for (const [lang, catalogue] of Object.entries({ ar, fr, en })) {
      const t = translator(negotiateLocale(lang, undefined));
      for (const [key, message] of Object.entries(catalogue)) {
        if (message.includes('{')) continue;
        if (!/[{}'<]/.test(message)) plain++;
        expect(t(key as keyof typeof en), `${lang} ${key}`).toBe(
          String(new IntlMessageFormat(message, lang).format()),
        );
      }
    }
    expect(plain).toBeGreaterThan(500);
  });
});

describe('plural messages', () => {
  it('uses the six Arabic plural forms', () => {
    const t = translator(negotiateLocale('ar', undefined));
    expect(t('objects.count', { count: 0 })).toBe('لا توجد قطع');
    expect(t('objects.count', { count: 1 })).toBe('قطعة واحدة');
    expect(t('objects.count', { count: 2 })).toBe('قطعتان');
    expect(t('objects.count', { count: 3 })).toBe('3 قطع');
    expect(t('objects.count', { count: 11 })).toBe('11 قطعة');
    expect(t('objects.count', { count: 100 })).toBe('100 قطعة');
  });

  it('uses French and English plurals, with numbers in the reader’s locale', () => {
    expect(translator(negotiateLocale('fr', undefined))('objects.count', { count: 2508 })).toBe(
      '2\u202f508 objets',
    );
    expect(translator(negotiateLocale('en', undefined))('objects.count', { count: 1 })).toBe('One object');
    expect(translator(negotiateLocale(undefined, 'ar-EG'))('objects.count', { count: 3 })).toBe('٣ قطع');
  });
});

describe('dates shown in both calendars', () => {
  it('puts the Gregorian years beside a Hijri original, in the reader’s numerals', () => {
    const [d] = parseDate('٨٦٥ هـ');
    const ar = negotiateLocale(undefined, 'ar-EG');
    expect(formatObjectDate(ar, translator(ar), d!)).toEqual({
      original: '٨٦٥ هـ',
      equivalent: '١٤٦٠–١٤٦١ م',
    });
    const fr = negotiateLocale('fr', undefined);
    expect(formatObjectDate(fr, translator(fr), parseDate('1300 ش')[0]!).equivalent).toBe(
      '1921–1922 apr. J.-C.',
    );
  });

  it('puts the Hijri years beside a Gregorian original for Arabic readers', () => {
    const ar = negotiateLocale('ar', undefined);
    expect(formatObjectDate(ar, translator(ar), parseDate('1597-1598')[0]!).equivalent).toBe('1005–1007 هـ');
    const en = negotiateLocale('en', undefined);
    expect(formatObjectDate(en, translator(en), parseDate('1597-1598')[0]!).equivalent).toBeNull();
    expect(formatYears(en, 1461, 1461)).toBe('1461');
  });

  it('writes numbers, days and timestamps in each reader’s language, each language its own', () => {
    const [ar, fr, en] = [
      negotiateLocale('ar', undefined),
      negotiateLocale('fr', undefined),
      negotiateLocale('en', undefined),
    ];
    expect([formatNumber(ar, 12345.5), formatNumber(fr, 12345.5), formatNumber(en, 12345.5)]).toEqual([
      '12,345.5',
      '12\u202f345,5',
      '12,345.5',
    ]);
    expect(formatNumber(negotiateLocale(undefined, 'ar-EG'), 12345.5)).toBe('١٢٬٣٤٥٫٥');
    const day = new Date('2026-12-05T23:30:00Z');
    expect([formatDay(ar, day), formatDay(fr, day), formatDay(en, day)]).toEqual([
      '5 ديسمبر 2026',
      '5 décembre 2026',
      'December 5, 2026',
    ]);
    // Asked again the same day, and the next day.
    expect(formatDay(fr, new Date('2026-12-05T01:00:00Z'))).toBe('5 décembre 2026');
    expect(formatDay(fr, new Date('2026-12-06T00:10:00Z'))).toBe('6 décembre 2026');
    expect(formatTimestamp(ar, '2026-12-05T10:00:00Z')).toMatch(/\(25 جمادى الآخرة 1448 هـ\)$/);
    expect(formatTimestamp(en, '2026-12-05T10:00:00Z')).not.toContain('(');
  });
});
