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
 * “d argent”, l’Islam “l islam”, while Qur’an and Ka'ba stay whole.
 */
const ELISION = /(^|[^\p{L}])([cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’‘`]/giu;

const LETTERS: Record<string, string> = {
  // alef forms
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا',
  // alef maksura, teh marbuta, hamza seats
  'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي',
  // Persian and Urdu letters
  'ی': 'ي', 'ے': 'ي', 'ۓ': 'ي', 'ۍ': 'ي', 'ې': 'ي', 'ک': 'ك', 'ڪ': 'ك', 'ہ': 'ه', 'ۀ': 'ه', 'ھ': 'ه', 'ۃ': 'ه', 'ە': 'ه', 'ں': 'ن',
  // Latin letters that do not decompose
  'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ł': 'l', 'þ': 'th', 'ħ': 'h',
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/** Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits to 0–9. */
function asciiDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.codePointAt(0)! & 0xf) % 10));
}

export function normalize(text: string): string {
  return asciiDigits(
    text
      .normalize('NFKD')
      .replace(INVISIBLE, '')
      .replace(ARABIC_MARKS, '')
      .replace(TATWEEL, '')
      .replace(COMBINING, '')
      .replace(ELISION, '$1$2 ')
      .replace(TRANSLIT_SIGNS, '')
      .toLowerCase()
      // NFKD splits آ into ا + madda (removed above) and إ/أ likewise; recompose nothing, fold what is left.
      .replace(LETTER_RE, (ch) => LETTERS[ch]!),
  )
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a text, normalised. */
export function words(text: string): string[] {
  const n = normalize(text);
  return n ? n.split(' ') : [];
}

const ARABIC_WORD = /^[\u0621-\u064A]+$/;
/** Prefixes of the light stemmer, longest first: conjunctions, prepositions and the article. */
const PREFIXES = ['وبال', 'وكال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و'];
/** After the bare article two letters may remain (الطب, الخط, الفن are words of their own). */
const ARTICLES = new Set(['ال', 'لل', 'وال', 'بال', 'كال', 'فال', 'وبال', 'وكال']);
const SUFFIXES = ['هما', 'كما', 'ات', 'ان', 'ين', 'ون', 'ها', 'هم', 'هن', 'كم', 'نا', 'يه', 'يا', 'ه', 'ي'];
/** A stem is kept only if this many letters remain, so short words are not cut to nothing. */
const MIN_STEM = 3;

/**
 * A light Arabic stem: one prefix (و ال بال كال فال لل وال…) and one common suffix removed,
 * each only when at least three letters remain. Null when the word is not Arabic or has no
 * affix to remove. Used as an extra index term, never in place of the word.
 */
export function stem(word: string): string | null {
  if (!ARABIC_WORD.test(word)) return null;
  let w = word;
  for (const p of PREFIXES) {
    if (w.startsWith(p) && w.length - p.length >= (ARTICLES.has(p) ? 2 : MIN_STEM)) {
      w = w.slice(p.length);
      break;
    }
  }
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= MIN_STEM) {
      w = w.slice(0, -s.length);
      break;
    }
  }
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
  const exact = text.includes('\u0670') ? [...new Set([...words(text), ...words(text.replace(/\u0670/g, 'ا'))])] : words(text);
  // The stem of the stem too: الصفويون → صفوي → صفو, so that الصفوية (→ صفو) meets it.
  const stems = exact.filter((w) => ARABIC_WORD.test(w)).flatMap((w) => {
    const s = stem(w) ?? w;
    const s2 = stem(s);
    return s2 ? [s, s2] : [s];
  });
  return { exact, stems };
}

/** A query word's form to match against the stems: its stem, or itself. */
export function stemOrSelf(word: string): string {
  return stem(word) ?? word;
}
