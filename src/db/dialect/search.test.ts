import { describe, expect, it } from 'vitest';
import { STAFF_FACETS } from '../../modules/search/search.document.js';
import { facetWord, mayBeScopeWord, museumWord } from './search.js';

describe('scope words', () => {
  it('recognises every facet value’s and museum’s word, whole and each of its beginnings, and not ordinary words', () => {
    const words = [
      ...STAFF_FACETS.map((f) => facetWord(`${f}:قيد value`)),
      museumWord('019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b'),
    ];
    for (const w of words) {
      expect(mayBeScopeWord(w, false), w).toBe(true);
      for (let n = 1; n <= w.length; n++)
        expect(mayBeScopeWord(w.slice(0, n), true), w.slice(0, n)).toBe(true);
    }
    for (const w of ['leaf', 'فاس', 'flower', 'mosque', 'f0', 'qurʾan'])
      expect(mayBeScopeWord(w, false), w).toBe(false);
  });
});
