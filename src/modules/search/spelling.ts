import { stem } from './normalize.js';

/** Damerau–Levenshtein distance (with adjacent transpositions), stopping early past `max`. */
export function distance(a: string, b: string, max: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
  }
  return d[x.length]![y.length]!;
}

/** The edits a word may be off by: one for short words, two from six letters (not counting the article or other prefixes). */
export const allowedEdits = (word: string) => ([...(stem(word) ?? word)].length >= 6 ? 2 : 1);

/** The closest of `candidates` to `word` within its allowed edits (the nearest, then the shortest, then the first in order), or null. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const max = allowedEdits(word);
  let best: { term: string; d: number } | null = null;
  for (const term of candidates) {
    if (term === word) return term;
    const d = distance(word, term, max);
    if (d > max) continue;
    if (
      !best ||
      d < best.d ||
      (d === best.d &&
        (term.length < best.term.length || (term.length === best.term.length && term < best.term)))
    )
      best = { term, d };
  }
  return best?.term ?? null;
}
