/**
 * The one normalisation of search text, applied alike to what is indexed and to what is typed
 * (DESIGN.md §5): Arabic marks and tatweel removed, alef, alef maksura, teh marbuta and hamza
 * seats folded, Persian and Urdu letters folded, Arabic-Indic and Persian digits made ASCII,
 * ZWNJ and joiners dropped; Latin decomposed, its marks and the transliteration signs removed,
 * Turkish ı folded, case folded. The result holds only letters, digits and single spaces.
 */

const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u08D3-\u08FF]/g;
const TATWEEL = /\u0640/g;
/** Zero-width non-joiner and joiner, and other invisible format characters (bidi marks, BOM). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
const COMBINING = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g;
/** Marks of transliteration that stand for ʿayn and hamza, and the apostrophes people type for them. */
const TRANSLIT_SIGNS = /[ʿʾʻʼ`'‘’ʹʺ′]/g;
/**
 * A French (or Italian) elision is a word boundary, not a transliteration sign: d’argent is
 * “d argent”, l’Islam “l islam”, while Qur’an and Ka'ba stay whole. The elided word must follow
 * something other than a letter (see `elide`).
 */
const ELIDED = /(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])['’‘`]/gi;

const LETTERS: Record<string, string> = {
  // alef forms
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ٲ: 'ا',
  ٳ: 'ا',
  // alef maksura, teh marbuta, hamza seats
  ى: 'ي',
  ة: 'ه',
  ؤ: 'و',
  ئ: 'ي',
  // Persian and Urdu letters
  ی: 'ي',
  ے: 'ي',
  ۓ: 'ي',
  ۍ: 'ي',
  ې: 'ي',
  ک: 'ك',
  ڪ: 'ك',
  ہ: 'ه',
  ۀ: 'ه',
  ھ: 'ه',
  ۃ: 'ه',
  ە: 'ه',
  ں: 'ن',
  // Latin letters that do not decompose
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ħ: 'h',
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/** Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits to 0–9. */
function asciiDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.codePointAt(0)! & 0xf) % 10));
}

/** Characters that are removed (as `INVISIBLE`, `ARABIC_MARKS`, `TATWEEL` and `COMBINING` would be, one after another), in one pass. */
const REMOVED = new RegExp(
  `${INVISIBLE.source}|${ARABIC_MARKS.source}|${TATWEEL.source}|${COMBINING.source}`,
  'g',
);
/** Whether a text holds a sign an elision is written with: the elision's own pattern, slow to try at every position, is tried only then. */
const MAY_ELIDE = /['’‘`]/;

export function normalize(text: string): string {
  return words(text).join(' ');
}

/** The words of a text, normalised: `normalize(text).split(' ')`, without joining them first. */
export function words(text: string): string[] {
  let s = text.normalize('NFKD').replace(REMOVED, '');
  if (MAY_ELIDE.test(s)) s = elide(s);
  // NFKD splits آ into ا + madda (removed above) and إ/أ likewise; recompose nothing, fold what is left.
  return letterRuns(
    asciiDigits(
      s
        .replace(TRANSLIT_SIGNS, '')
        .toLowerCase()
        .replace(LETTER_RE, (ch) => LETTERS[ch]!),
    ),
  );
}

/**
 * The space after each elided word, as `/(^|[^\p{L}])(c|d|…|puisqu)['’‘`]/giu` replaced by `$1$2 `
 * gives it, without trying that pattern at every position of the text: each word found is taken
 * if what comes before it is no letter and was not already part of the elision before (the
 * pattern takes that character in its match). A text has been through NFKD, so no character
 * other than these ASCII letters folds to them.
 */
function elide(s: string): string {
  let taken = 0;
  return s.replace(ELIDED, (match: string, at: number) => {
    let before = at - 1;
    if (
      before >= 0 &&
      (s.charCodeAt(before) & 0xfc00) === 0xdc00 &&
      before > 0 &&
      (s.charCodeAt(before - 1) & 0xfc00) === 0xd800
    )
      before--;
    const free = at === 0 || (before >= taken && classOf(s, before) !== LETTER);
    if (!free) return match;
    taken = at + match.length;
    return `${match.slice(0, -1)} `;
  });
}

const LETTER = 1;
const DIGIT = 2;
/** What each UTF-16 unit is, as a character of the Basic Multilingual Plane: a letter (`\p{L}`), a digit (`\p{N}`) or neither; made on first use. */
let classes: Uint8Array | undefined;
const IS_LETTER = /^\p{L}$/u;
const IS_DIGIT = /^\p{N}$/u;

/** The class of the character at `i` (a pair of surrogates read as one character). */
function classOf(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
    const pair = s.slice(i, i + 2);
    return IS_LETTER.test(pair) ? LETTER : IS_DIGIT.test(pair) ? DIGIT : 0;
  }
  if (!classes) {
    classes = new Uint8Array(0x10000);
    for (let u = 0; u < 0x10000; u++) {
      if (u >= 0xd800 && u <= 0xdfff) continue;
      const ch = String.fromCharCode(u);
      classes[u] = IS_LETTER.test(ch) ? LETTER : IS_DIGIT.test(ch) ? DIGIT : 0;
    }
  }
  return classes[c]!;
}

/**
 * The runs of letters and digits of a text: what `replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ')`
 * gives, read through a table instead. That pattern tried every character against Unicode's
 * classes and took two thirds of the normalisation's time.
 */
function letterRuns(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A character beyond the Basic Multilingual Plane is a pair of units.
    const width = c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    const inWord = classOf(s, i) !== 0;
    if (inWord && start < 0) start = i;
    if (!inWord && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

const ARABIC_WORD = /^[\u0621-\u064A]+$/;
/** Prefixes of the light stemmer, longest first: conjunctions, prepositions and the article. */
const PREFIXES = ['وبال', 'وكال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و'];
/** After the bare article two letters may remain (الطب, الخط, الفن are words of their own). */
const ARTICLES = new Set(['ال', 'لل', 'وال', 'بال', 'كال', 'فال', 'وبال', 'وكال']);
const SUFFIXES = ['هما', 'كما', 'ات', 'ان', 'ين', 'ون', 'ها', 'هم', 'هن', 'كم', 'نا', 'يه', 'يا', 'ه', 'ي'];
/** A stem is kept only if this many letters remain, so short words are not cut to nothing. */
const MIN_STEM = 3;
/** The letters the prefixes begin with and the suffixes end with: a word with neither has nothing to remove. */
const PREFIX_FIRST = new Set(PREFIXES.map((p) => p[0]!));
const SUFFIX_LAST = new Set(SUFFIXES.map((x) => x.at(-1)!));

/**
 * A light Arabic stem: one prefix (و ال بال كال فال لل وال…) and one common suffix removed,
 * each only when at least three letters remain. Null when the word is not Arabic or has no
 * affix to remove. Used as an extra index term, never in place of the word.
 */
export function stem(word: string): string | null {
  return ARABIC_WORD.test(word) ? arabicStem(word) : null;
}

/** `stem` of a word known to be Arabic. */
function arabicStem(word: string): string | null {
  let w = word;
  const prefix = PREFIX_FIRST.has(w[0]!)
    ? PREFIXES.find((p) => w.startsWith(p) && w.length - p.length >= (ARTICLES.has(p) ? 2 : MIN_STEM))
    : undefined;
  if (prefix) w = w.slice(prefix.length);
  const suffix = SUFFIX_LAST.has(w.at(-1)!)
    ? SUFFIXES.find((x) => w.endsWith(x) && w.length - x.length >= MIN_STEM)
    : undefined;
  if (suffix) w = w.slice(0, -suffix.length);
  return w === word ? null : w;
}

/**
 * What a text puts in the index: its words (exact forms), and for each Arabic word its stem, or
 * the word itself when it has no affix, so that a query's stem meets a record's bare word
 * (الكتاب finds كتاب) as well as its stem (كتاب finds كتابها).
 */
export function indexTerms(text: string): { exact: string[]; stems: string[] } {
  // Quranic spelling writes a long ā with a small (dagger) alef: ٱلْعَٰلَمِينَ is العالمين in
  // ordinary spelling but الرحمٰن is الرحمن. Both readings are indexed; a query is read one way.
  const exact = text.includes('\u0670')
    ? [...new Set([...words(text), ...words(text.replace(/\u0670/g, 'ا'))])]
    : words(text);
  // The stem of the stem too: الصفويون → صفوي → صفو, so that الصفوية (→ صفو) meets it.
  const stems: string[] = [];
  for (const w of exact) {
    if (!ARABIC_WORD.test(w)) continue;
    // A stem of an Arabic word is Arabic too.
    const s = arabicStem(w) ?? w;
    const s2 = arabicStem(s);
    stems.push(s);
    if (s2) stems.push(s2);
  }
  return { exact, stems };
}

/** A query word's form to match against the stems: its stem, or itself. */
export function stemOrSelf(word: string): string {
  return stem(word) ?? word;
}
