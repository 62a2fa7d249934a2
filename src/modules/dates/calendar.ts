/**
 * Calendar arithmetic on Julian Day Numbers, enough to turn Hijri, Solar Hijri and Byzantine
 * years into proleptic Gregorian ones. The Hijri calendar here is the tabular (arithmetical)
 * one; at the precision of years it agrees with Umm al-Qura and with observed calendars.
 */

const ISLAMIC_EPOCH = 1948440; // JDN of 1 Muharram 1 AH (16 July 622, Julian)

/** JDN of a day in the tabular Hijri calendar. */
export function islamicToJdn(year: number, month: number, day: number): number {
  return (
    day +
    Math.ceil(29.5 * (month - 1)) +
    (year - 1) * 354 +
    Math.floor((3 + 11 * year) / 30) +
    ISLAMIC_EPOCH -
    1
  );
}

export function jdnToIslamicYear(jdn: number): number {
  return Math.floor((30 * (jdn - ISLAMIC_EPOCH) + 10646) / 10631);
}

/** JDN of a proleptic Gregorian date. */
export function gregorianToJdn(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

export function jdnToGregorianYear(jdn: number): number {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return 100 * b + d - 4800 + Math.floor(m / 10);
}

export interface YearRange {
  earliest: number;
  latest: number;
}

/** The Gregorian years over which Hijri years `from`..`to` (or one month of `from`) fall. */
export function hijriToGregorian(from: number, to = from, month?: number): YearRange {
  if (month) {
    const start = islamicToJdn(from, month, 1);
    const end = islamicToJdn(from, month, 29);
    return { earliest: jdnToGregorianYear(start), latest: jdnToGregorianYear(end) };
  }
  return {
    earliest: jdnToGregorianYear(islamicToJdn(from, 1, 1)),
    latest: jdnToGregorianYear(islamicToJdn(to + 1, 1, 1) - 1),
  };
}

/** Solar Hijri years begin at the March equinox (Nowruz), so each spans two Gregorian years. */
export function solarHijriToGregorian(from: number, to = from): YearRange {
  return { earliest: from + 621, latest: to + 622 };
}

/** Byzantine Anno Mundi years begin on 1 September 5509 BC. */
export function byzantineToGregorian(from: number, to = from): YearRange {
  return { earliest: from - 5509, latest: to - 5508 };
}

/** The Hijri years that overlap Gregorian years `from`..`to`. */
export function gregorianToHijri(from: number, to = from): YearRange {
  return {
    earliest: jdnToIslamicYear(gregorianToJdn(from, 1, 1)),
    latest: jdnToIslamicYear(gregorianToJdn(to, 12, 31)),
  };
}
