import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hijriToGregorian } from './calendar.js';
import { type ParsedDate, parseDate } from './date.parser.js';

const pick = (d: ParsedDate) => [d.calendar, d.earliest, d.latest, d.status];

describe('parseDate: every form of the Walters sample', () => {
  // One example of each distinct shape of DateText in the sample (digits replaced), with what it means.
  const cases: [string, ...ReturnType<typeof pick>][] = [
    ['941 AH/AD 1534', 'islamic', 1534, 1534, 'parsed'],
    ['11th century AH/AD 17th century', 'islamic', 1601, 1689, 'parsed'],
    [
      'late 10th century AH/AD 16th century-early 11th century AH/AD 17th century',
      'islamic',
      1557,
      1626,
      'parsed',
    ],
    ['1028 AH/AD 1618-1619', 'islamic', 1618, 1619, 'parsed'],
    ['1597-1598', 'gregorian', 1597, 1598, 'parsed'],
    ['885-886 AH/AD 1481', 'islamic', 1481, 1481, 'parsed'],
    ['late 10th century AH/AD 16th century', 'islamic', 1557, 1592, 'parsed'],
    ['923-924 AH/AD 1517-1518', 'islamic', 1517, 1518, 'parsed'],
    ['mid 10th century AH/AD 16th century', 'islamic', 1523, 1563, 'parsed'],
    ['18th century', 'gregorian', 1701, 1800, 'parsed'],
    ['5th century AH/AD 11th century-6th century AH/AD 12th century', 'islamic', 1010, 1200, 'parsed'],
    ['892 AH/AD 1486-900 AH/AD 1494-1495', 'islamic', 1487, 1495, 'parsed'],
    ['early 12th century AH/AD 18th century', 'islamic', 1701, 1723, 'parsed'],
    ['7192 AM/AD 1684', 'byzantine', 1684, 1684, 'parsed'],
    ['1595', 'gregorian', 1595, 1595, 'parsed'],
    ['11th-12th century', 'gregorian', 1001, 1200, 'parsed'],
    ['3rd century AH/AD 9th century', 'islamic', 816, 900, 'parsed'],
    ['4th quarter 8th century AH/AD 14th century', 'islamic', 1374, 1398, 'parsed'],
    ["Sha'ban 918 AH/AD 1512", 'islamic', 1512, 1512, 'parsed'],
    ['mid 19th century', 'gregorian', 1830, 1870, 'parsed'],
    ['late 12th century', 'gregorian', 1165, 1200, 'parsed'],
    ['late 3rd century AH/AD 9th century', 'islamic', 878, 900, 'parsed'],
    ['1st half 11th century AH/AD 17th century', 'islamic', 1601, 1641, 'parsed'],
    ['ca. 1820', 'gregorian', 1820, 1820, 'parsed'],
    ['mid 11th century AH/AD  17th century', 'islamic', 1620, 1660, 'parsed'],
    ['2nd half 13th century', 'gregorian', 1251, 1300, 'parsed'],
    ['10th century AH/AD 16th', 'islamic', 1501, 1592, 'parsed'],
    ['ca. 1163 AH/AD 1750', 'islamic', 1750, 1750, 'parsed'],
    ['13th century AH/AD 1825-1875', 'islamic', 1825, 1875, 'parsed'],
    ['late 10th century AH/AD 16th-early 11th century AH/AD 17th century', 'islamic', 1557, 1626, 'parsed'],
    ['Rajab 621 AH/AD 1224', 'islamic', 1224, 1224, 'parsed'],
    ['12th-13th century AH/AD 18th-19th century', 'islamic', 1701, 1883, 'parsed'],
    ['late 10th-11th century', 'gregorian', 965, 1100, 'parsed'],
    ['1866-1867 (AH 1283)', 'islamic', 1866, 1867, 'parsed'],
    ['late 13th-early 14th century', 'gregorian', 1265, 1335, 'parsed'],
    ['early 16th century', 'gregorian', 1501, 1535, 'parsed'],
    ['ca. 1525-1550', 'gregorian', 1525, 1550, 'parsed'],
    ['late 11th century AH/AD 17th-12th century AH/AD 18th century', 'islamic', 1654, 1786, 'parsed'],
    ['18th-1st half 19th century', 'gregorian', 1701, 1850, 'parsed'],
    ['18th', 'gregorian', 1701, 1800, 'parsed'],
    ['December 1551-January 1552', 'gregorian', 1551, 1552, 'parsed'],
    ['1st half 17th century', 'gregorian', 1601, 1650, 'parsed'],
    ['late 3rd century AH/AD 9th century-5th century AH/AD 11th century', 'islamic', 878, 1100, 'parsed'],
    ['5 Shawwal 976 AH/AD 1569', 'islamic', 1569, 1569, 'parsed'],
    ["22 Rabi' II 889 AH/AD 1484", 'islamic', 1484, 1484, 'parsed'],
    ['mid-late 16th century', 'gregorian', 1530, 1600, 'parsed'],
    ['1189 AH /AD 1783-1784', 'islamic', 1783, 1784, 'review'], // 1189 AH is 1775–1776: the two halves disagree
    ['1098 AH/AD1689', 'islamic', 1689, 1689, 'review'], // 1098 AH is 1686–1687
    ['13th century AH/AD 19th (?)', 'islamic', 1801, 1883, 'parsed'],
    ['17th-18th century (?)', 'gregorian', 1601, 1800, 'parsed'],
    ['11th century with later carving and paint', 'gregorian', null, null, 'review'],
    ['n.d.', 'gregorian', null, null, 'undated'],
  ];
  it.each(cases)('%s', (text, ...expected) => {
    const [d] = parseDate(text);
    expect(pick(d!)).toEqual(expected);
    expect(d!.expression).toBe(text);
  });

  it('reads labelled statements separately', () => {
    const ds = parseDate(
      'Folio: 934-935 AH/AD 1528-1529; Miniature repainted: 12th-early 13th century AH/AD 18th-early 19th century',
    );
    expect(ds.map((d) => [d.label, d.earliest, d.latest])).toEqual([
      ['Folio', 1528, 1529],
      ['Miniature repainted', 1701, 1820],
    ]);
    expect(
      parseDate('Blade: 1761 (AH 1175); Replacement hilt: 18th-19th century').map((d) => d.label),
    ).toEqual(['Blade', 'Replacement hilt']);
    expect(parseDate('n.d.; 13th century AH/AD 19th century').map((d) => d.status)).toEqual([
      'undated',
      'parsed',
    ]);
  });

  it('marks approximate and uncertain dates', () => {
    expect(parseDate('ca. 1750')[0]).toMatchObject({ approximate: true, uncertain: false });
    expect(parseDate('5th century AH/AD 11th century (?)')[0]).toMatchObject({
      approximate: false,
      uncertain: true,
    });
  });

  it('understands every DateText of the sample, or flags it, and agrees with the source years', () => {
    const file = new URL('../../../data/samples/walters/objects.jsonl', import.meta.url);
    const flagged: string[] = [];
    let statements = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const rec = line.trim() ? JSON.parse(line) : null;
      if (!rec?.DateText) continue;
      const dates = parseDate(rec.DateText);
      for (const d of dates) {
        statements++;
        if (d.status === 'review') flagged.push(d.expression);
        // A single dated statement lies within a generous margin of the museum's own begin/end years.
        if (dates.length === 1 && d.status === 'parsed' && rec.DateBeginYear && rec.DateEndYear < 3000) {
          expect(d.earliest!).toBeGreaterThanOrEqual(rec.DateBeginYear - 100);
          expect(d.latest!).toBeLessThanOrEqual(rec.DateEndYear + 100);
        }
      }
    }
    expect(statements).toBeGreaterThan(2400);
    // Four texts whose Hijri and Gregorian halves disagree in the source, and one with trailing prose.
    expect([...new Set(flagged)].sort()).toEqual([
      '1098 AH/AD1689',
      '1121 AH/AD 1717',
      '1139-1161 AH/AD 1775-1809',
      '1189 AH /AD 1783-1784',
      '11th century with later carving and paint',
    ]);
  });
});

describe('parseDate: Arabic, Persian and French forms', () => {
  const cases: [string, ...ReturnType<typeof pick>][] = [
    ['٨٦٥ هـ', 'islamic', 1460, 1461, 'parsed'],
    ['865 هـ', 'islamic', 1460, 1461, 'parsed'],
    ['القرن العاشر الهجري', 'islamic', 1495, 1592, 'parsed'],
    ['أواخر القرن الحادي عشر الهجري', 'islamic', 1654, 1689, 'parsed'],
    ['النصف الأول من القرن العاشر الهجري', 'islamic', 1495, 1544, 'parsed'],
    ['1300 ش', 'persian', 1921, 1922, 'parsed'],
    ['۱۳۰۰ ش', 'persian', 1921, 1922, 'parsed'],
    ['483/1090', 'islamic', 1090, 1090, 'parsed'],
    ['٤٨٣/١٠٩٠', 'islamic', 1090, 1090, 'parsed'],
    ['483 هـ / 1090 م', 'islamic', 1090, 1090, 'parsed'],
    ['865 H / 1461', 'islamic', 1461, 1461, 'parsed'],
    ['حوالي 1550 م', 'gregorian', 1550, 1550, 'parsed'],
    ['vers 1550', 'gregorian', 1550, 1550, 'parsed'],
    ['XVIe siècle', 'gregorian', 1501, 1600, 'parsed'],
    ['début du XVIe siècle', 'gregorian', 1501, 1535, 'parsed'],
    ['1550s', 'gregorian', 1550, 1559, 'parsed'],
    ['1618-19', 'gregorian', 1618, 1619, 'parsed'],
  ];
  it.each(cases)('%s', (text, ...expected) => {
    expect(pick(parseDate(text)[0]!)).toEqual(expected);
  });

  it('keeps what it cannot read as text flagged for review, never guessing', () => {
    for (const text of ['sometime in spring', '483/1500', 'late', '12 34 56']) {
      const [d] = parseDate(text);
      expect(d).toMatchObject({ expression: text, earliest: null, latest: null, status: 'review' });
    }
  });

  it('reads a day only if its month has it, and a range only if it runs forward', () => {
    for (const text of [
      '30 February 2026',
      '29 February 2026',
      '31 April 1461',
      '31 Ramadan 865 AH',
      '0 March 2000',
      '1250-1200',
      '2026-02',
    ]) {
      expect(parseDate(text)[0], text).toMatchObject({ earliest: null, latest: null, status: 'review' });
    }
    expect(pick(parseDate('29 February 2024')[0]!)).toEqual(['gregorian', 2024, 2024, 'parsed']);
    // Older dates were written in the Julian calendar, where 1500 was a leap year.
    expect(pick(parseDate('29 February 1500')[0]!)).toEqual(['gregorian', 1500, 1500, 'parsed']);
    expect(pick(parseDate('30 Ramadan 865 AH')[0]!)).toEqual(['islamic', 1461, 1461, 'parsed']);
    expect(pick(parseDate('500-400 BC')[0]!)).toEqual(['gregorian', -499, -399, 'parsed']);
  });

  it('flags two calendars that disagree, keeping the Gregorian years as written', () => {
    expect(parseDate('1550 AH/AD 1550')[0]).toMatchObject({ earliest: 1550, latest: 1550, status: 'review' });
  });
});

describe('calendar conversion', () => {
  it('places Hijri years on the Gregorian calendar', () => {
    expect(hijriToGregorian(1)).toEqual({ earliest: 622, latest: 623 });
    expect(hijriToGregorian(1446)).toEqual({ earliest: 2024, latest: 2025 });
    expect(hijriToGregorian(918, 918, 8)).toEqual({ earliest: 1512, latest: 1512 }); // Sha'ban 918
  });
});
