/** Tokens of a museum date expression, in English, French or Arabic. */
export type Token =
  | { t: 'num'; v: number; digits: number }
  | { t: 'ord'; v: number }
  | { t: 'decade'; v: number }
  | { t: 'month'; cal: 'islamic' | 'gregorian'; v: number }
  | { t: 'era'; v: 'AH' | 'AD' | 'AM' | 'SH' | 'BC' }
  | { t: 'century' }
  | { t: 'qual'; v: 'early' | 'mid' | 'late' | 'midlate' }
  | { t: 'half' }
  | { t: 'quarter' }
  | { t: 'approx' }
  | { t: 'undated' }
  | { t: 'sym'; v: '-' | '/' | '(' | ')' | '?' };

const HIJRI_MONTHS: [RegExp, number][] = [
  [/^muharram\b/, 1],
  [/^safar\b/, 2],
  [/^rabi['`ʿʾ‘’]?\s*(?:i|al-awwal|al-?awal)\b(?!i)/, 3],
  [/^rabi['`ʿʾ‘’]?\s*(?:ii|al-thani|al-akhir)\b/, 4],
  [/^jumada\s*(?:i|al-ula|al-awwal)\b(?!i)/, 5],
  [/^jumada\s*(?:ii|al-akhira|al-thani)\b/, 6],
  [/^rajab\b/, 7],
  [/^sha['`ʿʾ‘’]?ban\b/, 8],
  [/^ramadan\b/, 9],
  [/^shawwal\b/, 10],
  [/^dhu['`ʿʾ‘’]?\s*l?-?qa['`ʿʾ‘’]?d[ae]h?\b/, 11],
  [/^dhu['`ʿʾ‘’]?\s*l?-?hij[j]?[ae]h?\b/, 12],
  [/^محرم/, 1],
  [/^صفر/, 2],
  [/^ربيع الأول|^ربيع الاول/, 3],
  [/^ربيع الثاني|^ربيع الآخر/, 4],
  [/^جمادى الأولى|^جمادى الاولى/, 5],
  [/^جمادى الآخرة|^جمادى الثانية/, 6],
  [/^رجب/, 7],
  [/^شعبان/, 8],
  [/^رمضان/, 9],
  [/^شوال/, 10],
  [/^ذو القعدة/, 11],
  [/^ذو الحجة/, 12],
];

const GREGORIAN_MONTHS = [
  'january|janvier',
  'february|février|fevrier',
  'march|mars',
  'april|avril',
  'may|mai',
  'june|juin',
  'july|juillet',
  'august|août|aout',
  'september|septembre',
  'october|octobre',
  'november|novembre',
  'december|décembre|decembre',
];

const ARABIC_ORDINALS: [string, number][] = [
  ['الحادي والعشرين', 21],
  ['الحادي والعشرون', 21],
  ['العشرين', 20],
  ['العشرون', 20],
  ['التاسع عشر', 19],
  ['الثامن عشر', 18],
  ['السابع عشر', 17],
  ['السادس عشر', 16],
  ['الخامس عشر', 15],
  ['الرابع عشر', 14],
  ['الثالث عشر', 13],
  ['الثاني عشر', 12],
  ['الحادي عشر', 11],
  ['العاشر', 10],
  ['التاسع', 9],
  ['الثامن', 8],
  ['السابع', 7],
  ['السادس', 6],
  ['الخامس', 5],
  ['الرابع', 4],
  ['الثالث', 3],
  ['الثاني', 2],
  ['الأول', 1],
  ['الاول', 1],
];

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
function romanValue(s: string): number {
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]!]!;
    const next = ROMAN[s[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

type Rule = [RegExp, (m: RegExpExecArray) => Token | null];

// Longest and most specific first; a rule returning null consumes its text as filler.
const RULES: Rule[] = [
  [/^\s+/, () => null],
  [/^n\.\s?d\.?|^undated\b|^sans date\b|^s\.\s?d\.|^بدون تاريخ/, () => ({ t: 'undated' })],
  [
    /^(?:ca\.?|c\.|circa|about|approx\.?|vers|env\.|حوالي|حوالى|نحو|قرابة)(?=\s|\d|$)/,
    () => ({ t: 'approx' }),
  ],
  [/^(?:mid-late|mi-fin)\b/, () => ({ t: 'qual', v: 'midlate' })],
  [/^(?:early|début|debut|أوائل|اوائل|بداية|مطلع)/, () => ({ t: 'qual', v: 'early' })],
  [/^(?:mid|middle|milieu|منتصف|أواسط|اواسط)\b/, () => ({ t: 'qual', v: 'mid' })],
  [/^(?:late|fin|أواخر|اواخر|نهاية)/, () => ({ t: 'qual', v: 'late' })],
  [/^(?:first|1st|1re|1ère|premi[eè]re)\s+(?=half|moiti[eé])/, () => ({ t: 'ord', v: 1 })],
  [/^(?:second|2nd|2e|seconde)\s+(?=half|moiti[eé])/, () => ({ t: 'ord', v: 2 })],
  [/^(?:half|moiti[eé])\b/, () => ({ t: 'half' })],
  [/^quarter\b|^quart\b/, () => ({ t: 'quarter' })],
  [/^(?:centur(?:y|ies)|si[eè]cles?|القرن|قرن|ق\.?(?=\s))/, () => ({ t: 'century' })],
  [/^(?:a\.?\s?h\.?|hijri|hég\.?|h\.(?=\s|$)|h(?=\s|$|\/|\)))/, () => ({ t: 'era', v: 'AH' })],
  [/^(?:a\.?\s?d\.?|c\.?e\.?|ap\.?\s?j\.?-?c\.?)(?=\s|$|\d|\/|\))/, () => ({ t: 'era', v: 'AD' })],
  [/^(?:b\.?c\.?e?\.?|av\.?\s?j\.?-?c\.?)(?=\s|$|\))/, () => ({ t: 'era', v: 'BC' })],
  [/^a\.?m\.?(?=\s|$|\/)/, () => ({ t: 'era', v: 'AM' })],
  [/^(?:s\.?h\.?|هـ\s?\.?\s?ش|ه\.?\s?ش|ش|هجري شمسي|شمسي)(?=\s|$|\/|\)|\.)\.?/, () => ({ t: 'era', v: 'SH' })],
  [/^(?:الهجري|هجري|للهجرة|الهجرية|هجرية|هـ|ه)(?=\s|$|\/|\)|\.|-)\.?/, () => ({ t: 'era', v: 'AH' })],
  [/^(?:الميلادي|ميلادي|للميلاد|الميلادية|ميلادية|م)(?=\s|$|\/|\)|\.|-)\.?/, () => ({ t: 'era', v: 'AD' })],
  [/^(?:of the|of|the|du|de la|de|des|le|la|من|في|sous|,|\.)(?=\s|$|\d)/, () => null],
  [/^(\d{1,4})(?:st|nd|rd|th|e|er|ème|eme|re)\b/, (m) => ({ t: 'ord', v: Number(m[1]) })],
  [/^([xvilc]+)(?:e|er|ème)\b/, (m) => ({ t: 'ord', v: romanValue(m[1]!) })],
  [/^(\d{3,4})['’]?s\b/, (m) => ({ t: 'decade', v: Number(m[1]) })],
  [/^(\d+)/, (m) => ({ t: 'num', v: Number(m[1]), digits: m[1]!.length })],
  [/^[-–—]|^to\b|^à\b|^au\b|^إلى|^الى/, () => ({ t: 'sym', v: '-' })],
  [/^\//, () => ({ t: 'sym', v: '/' })],
  [/^\(\?\)|^\?/, () => ({ t: 'sym', v: '?' })],
  [/^\(/, () => ({ t: 'sym', v: '(' })],
  [/^\)/, () => ({ t: 'sym', v: ')' })],
];

/** Folds Arabic-Indic and Persian digits to ASCII and spacing to single spaces. */
export function foldDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u0640/g, '') // tatweel
    .replace(/\u200c|\u200d|\u200e|\u200f/g, '');
}

/** Splits an expression into tokens, or returns null at the first part it does not know. */
export function tokenize(input: string): Token[] | null {
  let s = foldDigits(input)
    .toLowerCase()
    .trim()
    .replace(/\bad(?=\d)/g, 'ad ')
    .replace(/النصف الأول|النصف الاول/g, ' 1st half ')
    .replace(/النصف الثاني/g, ' 2nd half ');
  for (const [word, n] of ARABIC_ORDINALS) s = s.split(word).join(` ${n}th `);
  const out: Token[] = [];
  while (s.length > 0) {
    const month = matchMonth(s);
    if (month) {
      out.push(month.token);
      s = s.slice(month.length);
      continue;
    }
    let matched = false;
    for (const [re, make] of RULES) {
      const m = re.exec(s);
      if (!m || m[0].length === 0) continue;
      const tok = make(m);
      if (tok) out.push(tok);
      s = s.slice(m[0].length);
      matched = true;
      break;
    }
    if (!matched) return null;
  }
  return out;
}

function matchMonth(s: string): { token: Token; length: number } | null {
  for (const [re, v] of HIJRI_MONTHS) {
    const m = re.exec(s);
    if (m) return { token: { t: 'month', cal: 'islamic', v }, length: m[0].length };
  }
  for (let i = 0; i < GREGORIAN_MONTHS.length; i++) {
    const m = new RegExp(`^(?:${GREGORIAN_MONTHS[i]})\\b`).exec(s);
    if (m) return { token: { t: 'month', cal: 'gregorian', v: i + 1 }, length: m[0].length };
  }
  return null;
}
