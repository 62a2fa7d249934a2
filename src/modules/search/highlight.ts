import { normalize, stem } from './normalize.js';

export interface Highlight {
  lang: string;
  text: string;
  /** [start, end) offsets in `text` of the words that matched. */
  marks: [number, number][];
}

/** A run of letters, digits and the marks and signs written inside words. */
const WORD = /(?:[\p{L}\p{N}\p{M}\u0640'’ʿʾ]|\u200C|\u200D)+/gu;
const SNIPPET = 160;

/**
 * Where a query's words appear in a text as it was written: each written word is normalised and
 * compared with the query's words (exactly, by stem, or as a prefix for the last word), so the
 * marks fall on the vocalised, hamza-spelt, accented original.
 */
export function marksIn(
  text: string,
  queryWords: readonly string[],
  prefixLast: boolean,
): [number, number][] {
  const stems = new Set(queryWords.map((w) => stem(w) ?? w));
  const exact = new Set(queryWords);
  const last = prefixLast ? queryWords[queryWords.length - 1] : undefined;
  const marks: [number, number][] = [];
  for (const m of text.matchAll(WORD)) {
    const hit = normalize(m[0])
      .split(' ')
      .some(
        (w) => w && (exact.has(w) || stems.has(stem(w) ?? w) || (last !== undefined && w.startsWith(last))),
      );
    if (hit) marks.push([m.index!, m.index! + m[0].length]);
  }
  return marks;
}

/** The first of the texts (titles first, then descriptions) in which a query word appears, cut around its first match. */
export function highlight(
  texts: readonly { lang: string; value: string }[],
  queryWords: readonly string[],
  prefixLast: boolean,
): Highlight | null {
  for (const t of texts) {
    const marks = marksIn(t.value, queryWords, prefixLast);
    if (!marks.length) continue;
    if (t.value.length <= SNIPPET) return { lang: t.lang, text: t.value, marks };
    const start = Math.max(0, marks[0]![0] - SNIPPET / 4);
    const text = t.value.slice(start, start + SNIPPET);
    return {
      lang: t.lang,
      text,
      marks: marks
        .map(([a, b]) => [a - start, Math.min(b - start, text.length)] as [number, number])
        .filter(([a]) => a >= 0 && a < text.length),
    };
  }
  return null;
}
