import {
  byzantineToGregorian,
  gregorianToHijri,
  hijriToGregorian,
  solarHijriToGregorian,
  type YearRange,
} from './calendar.js';
import { type Token, tokenize } from './date.tokens.js';

export type Calendar = 'gregorian' | 'islamic' | 'persian' | 'byzantine';
export type DateStatus = 'parsed' | 'undated' | 'review';

/** One dated statement of an object, as written and as a range of proleptic Gregorian years. */
export interface ParsedDate {
  /** What part the statement dates, when the text says ("Composition", "Hilt"). */
  label: string | null;
  expression: string;
  /** The calendar the original was written in (Hijri when the text gives a Hijri date). */
  calendar: Calendar;
  earliest: number | null;
  latest: number | null;
  approximate: boolean;
  uncertain: boolean;
  /** `review`: the text was kept but not understood, or its two calendars disagree. */
  status: DateStatus;
}

type Era = 'AH' | 'AD' | 'AM' | 'SH' | 'BC';
interface Span {
  from: number;
  to: number;
  month?: { cal: 'islamic' | 'gregorian'; v: number };
}

/**
 * Parses a date expression as museums of the region write it, into one {@link ParsedDate}
 * per `;`-separated statement. Never guesses: what it does not understand comes back with
 * status `review` and no years.
 *
 * @example parseDate('865 AH/AD 1461')  // [{ calendar: 'islamic', earliest: 1461, latest: 1461, … }]
 * @example parseDate('القرن العاشر الهجري') // [{ calendar: 'islamic', earliest: 1495, latest: 1592, … }]
 */
export function parseDate(text: string): ParsedDate[] {
  let parsed = recent.get(text);
  if (!parsed) {
    parsed = text
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .map(parseStatement);
    // A catalogue repeats its date texts (an import of a hundred thousand rows may hold a few hundred): each is read once.
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(text, parsed);
  }
  return parsed.map((d) => ({ ...d }));
}
const RECENT_MAX = 5_000;
const recent = new Map<string, ParsedDate[]>();

function parseStatement(segment: string): ParsedDate {
  const labelMatch = /^([^:\d]{1,40}):\s*(.+)$/u.exec(segment);
  const label = labelMatch ? labelMatch[1]!.trim() : null;
  const expression = labelMatch ? labelMatch[2]!.trim() : segment;
  const review: ParsedDate = {
    label,
    expression,
    calendar: 'gregorian',
    earliest: null,
    latest: null,
    approximate: false,
    uncertain: false,
    status: 'review',
  };
  const tokens = tokenize(expression);
  if (!tokens || tokens.length === 0) return review;
  const result = new Parser(tokens).statement();
  return result ? { label, expression, ...result } : review;
}

type Result = Omit<ParsedDate, 'label' | 'expression'>;

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  statement(): Result | null {
    const approximate = this.eat('approx') !== null;
    if (this.eat('undated')) {
      return this.atEnd()
        ? {
            calendar: 'gregorian',
            earliest: null,
            latest: null,
            approximate: false,
            uncertain: false,
            status: 'undated',
          }
        : null;
    }
    const body = this.attempt(() => this.dualRange()) ?? this.attempt(() => this.single());
    if (!body) return null;
    const uncertain = this.eatSym('?');
    if (!this.atEnd()) return null;
    return { ...body, approximate, uncertain };
  }

  /** `H-range AH/AD G-range` optionally followed by `- H-range AH/AD G-range`. */
  private dualRange(): Omit<Result, 'approximate' | 'uncertain'> | null {
    const first = this.dual();
    if (!first) return null;
    const second = this.attempt(() => (this.eatSym('-') ? this.dual() : null));
    const last = second ?? first;
    const g = { earliest: first.g.earliest, latest: last.g.latest };
    const h = { earliest: first.h.earliest, latest: last.h.latest };
    if (!overlaps(h, g)) return { calendar: first.calendar, ...g, status: 'review' };
    // Both calendars describe the same time: where they overlap is what the text asserts
    // (`late 10th century AH/AD 16th century` is 1557–1592, not the whole 16th century).
    const both = { earliest: Math.max(h.earliest, g.earliest), latest: Math.min(h.latest, g.latest) };
    return { calendar: first.calendar, ...(both.earliest <= both.latest ? both : g), status: 'parsed' };
  }

  private dual(): { calendar: Calendar; h: YearRange; g: YearRange } | null {
    const hSpan = this.range('h');
    if (!hSpan) return null;
    const era = this.eatEra();
    if (era && era !== 'AH' && era !== 'AM' && era !== 'SH') return null;
    if (!this.eatSym('/')) return null;
    const leadingAd = this.eatEra();
    if (leadingAd && leadingAd !== 'AD') return null;
    const gSpan = this.range('g');
    if (!gSpan) return null;
    const trailingAd = leadingAd ? null : this.eatEra();
    if (trailingAd && trailingAd !== 'AD') return null;
    // The bare slash form `483/1090` is read as Hijri/Gregorian only when the two agree.
    const calendarEra: Era = era ?? 'AH';
    const h = toGregorian(hSpan, calendarEra);
    const g = toGregorian(gSpan, 'AD');
    if (h.earliest > h.latest || g.earliest > g.latest) return null;
    if (!era && !leadingAd && !trailingAd && !overlaps(h, g)) return null;
    return { calendar: calendarOf(calendarEra), h, g };
  }

  /** A range in one calendar, with the era before or after, and an optional `(AH 1283)` equivalent. */
  private single(): Omit<Result, 'approximate' | 'uncertain'> | null {
    const before = this.eatEra();
    const span = this.range('h');
    if (!span) return null;
    const era = before ?? this.eatEra() ?? (span.month?.cal === 'islamic' ? 'AH' : 'AD');
    const range = toGregorian(span, era);
    // A range that ends before it starts (`1250-1200`, `2026-02` read as 2026 to 2002) is not understood.
    if (range.earliest > range.latest) return null;
    let calendar = calendarOf(era);
    let status: DateStatus = 'parsed';
    if (this.eatSym('(')) {
      const pre = this.eatEra();
      const other = this.range('h');
      const post = pre ? null : this.eatEra();
      const otherEra = pre ?? post;
      if (!other || !otherEra || !this.eatSym(')')) return null;
      if (!overlaps(toGregorian(other, otherEra), range)) status = 'review';
      if (otherEra === 'AH') calendar = 'islamic';
    }
    return { calendar, ...range, status };
  }

  /**
   * `point` or `point - point`. On the Gregorian side of a dual date, a second point followed
   * by `AH` belongs to the next dual (`892 AH/AD 1486-900 AH/AD 1494`), so it is given back.
   */
  private range(side: 'h' | 'g'): Span | null {
    const start = this.point();
    if (!start) return null;
    const save = this.pos;
    if (this.eatSym('-')) {
      const end = this.point(start);
      const next = this.peek();
      const belongsToNext = side === 'g' && next?.t === 'era' && next.v !== 'AD';
      if (end && !belongsToNext) {
        return { from: start.from, to: end.to, ...(start.month ? { month: start.month } : {}) };
      }
      this.pos = save;
    }
    return start;
  }

  private point(previous?: Span): Span | null {
    const qual = this.qualifier();
    const t = this.peek();
    if (!t) return null;
    if (t.t === 'century' || t.t === 'ord') {
      const leadingWord = this.eat('century');
      const ord = this.eat('ord');
      if (!ord) return null;
      if (!leadingWord) this.eat('century');
      return century(ord.v, qual);
    }
    if (qual) return null;
    if (t.t === 'decade') {
      this.pos++;
      return { from: t.v, to: t.v + 9 };
    }
    // A day: years are what we keep, but a day its month does not have makes the date unreadable.
    const day = t.t === 'num' && this.peek(1)?.t === 'month' && t.v <= 31 ? t.v : null;
    if (day !== null) this.pos++;
    const month = this.eat('month');
    const year = this.eat('num');
    if (!year) return null;
    if (day !== null && month && !dayExists(day, month, year.v)) return null;
    let v = year.v;
    if (previous && year.digits < String(previous.from).length && v < previous.from) {
      // `1618-19`: the second year abbreviated
      const p = String(previous.from);
      v = Number(p.slice(0, p.length - year.digits) + String(year.v).padStart(year.digits, '0'));
    }
    return { from: v, to: v, ...(month ? { month: { cal: month.cal, v: month.v } } : {}) };
  }

  private qualifier(): Qualifier | null {
    const q = this.eat('qual');
    if (q) return q.v;
    const save = this.pos;
    const ord = this.eat('ord');
    if (ord && this.eat('half') && (ord.v === 1 || ord.v === 2)) return ord.v === 1 ? 'half1' : 'half2';
    this.pos = save;
    if (ord && ord.v >= 1 && ord.v <= 4 && this.tokens[save + 1]?.t === 'quarter') {
      this.pos = save + 2;
      return `quarter${ord.v}` as Qualifier;
    }
    return null;
  }

  private attempt<T>(f: () => T | null): T | null {
    const save = this.pos;
    const r = f();
    if (r === null) this.pos = save;
    return r;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private eat<K extends Token['t']>(kind: K): Extract<Token, { t: K }> | null {
    const t = this.tokens[this.pos];
    if (t?.t !== kind) return null;
    this.pos++;
    return t as Extract<Token, { t: K }>;
  }

  private eatSym(v: '-' | '/' | '(' | ')' | '?'): boolean {
    const t = this.tokens[this.pos];
    if (t?.t === 'sym' && t.v === v) {
      this.pos++;
      return true;
    }
    return false;
  }

  private eatEra(): Era | null {
    return this.eat('era')?.v ?? null;
  }

  private atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }
}

type Qualifier =
  | 'early'
  | 'mid'
  | 'late'
  | 'midlate'
  | 'half1'
  | 'half2'
  | 'quarter1'
  | 'quarter2'
  | 'quarter3'
  | 'quarter4';

// Years within a century that each qualifier covers, the same in every calendar.
const QUALIFIED: Record<Qualifier, [number, number]> = {
  early: [1, 35],
  mid: [30, 70],
  late: [65, 100],
  midlate: [30, 100],
  half1: [1, 50],
  half2: [51, 100],
  quarter1: [1, 25],
  quarter2: [26, 50],
  quarter3: [51, 75],
  quarter4: [76, 100],
};

/**
 * Whether a month has this day: a Hijri month has at most 30; a Gregorian one its length, with
 * 29 February in every fourth year (a year the Julian calendar, in which older dates were written, makes leap).
 */
function dayExists(day: number, month: { cal: 'islamic' | 'gregorian'; v: number }, year: number): boolean {
  if (day < 1) return false;
  if (month.cal === 'islamic') return day <= 30;
  if (month.v === 2) return day <= (year % 4 === 0 ? 29 : 28);
  return day <= ([4, 6, 9, 11].includes(month.v) ? 30 : 31);
}

function century(n: number, qual: Qualifier | null): Span {
  const base = (n - 1) * 100;
  const [a, b] = qual ? QUALIFIED[qual] : [1, 100];
  return { from: base + a, to: base + b };
}

function toGregorian(span: Span, era: Era): YearRange {
  switch (era) {
    case 'AH':
      return span.month?.cal === 'islamic' && span.from === span.to
        ? hijriToGregorian(span.from, span.to, span.month.v)
        : hijriToGregorian(span.from, span.to);
    case 'SH':
      return solarHijriToGregorian(span.from, span.to);
    case 'AM':
      return byzantineToGregorian(span.from, span.to);
    case 'BC':
      // Years before Christ count down: `500-400 BC` runs from 500 to 400.
      return { earliest: 1 - Math.max(span.from, span.to), latest: 1 - Math.min(span.from, span.to) };
    default:
      return { earliest: span.from, latest: span.to };
  }
}

function calendarOf(era: Era): Calendar {
  return era === 'AH' ? 'islamic' : era === 'SH' ? 'persian' : era === 'AM' ? 'byzantine' : 'gregorian';
}

// Calendars given side by side are accepted when they agree within a year either way.
function overlaps(a: YearRange, b: YearRange): boolean {
  return a.earliest <= b.latest + 1 && b.earliest <= a.latest + 1;
}

/** The overall range of several dated statements (null when none has years). */
export function overallRange(dates: ParsedDate[]): YearRange | null {
  const dated = dates.filter((d) => d.earliest !== null && d.latest !== null);
  if (dated.length === 0) return null;
  return {
    earliest: Math.min(...dated.map((d) => d.earliest!)),
    latest: Math.max(...dated.map((d) => d.latest!)),
  };
}

export { gregorianToHijri };
