import { describe, expect, it } from 'vitest';
import { allowedEdits, closest, distance } from './spelling.js';

describe('the nearest spelling', () => {
  it('counts insertions, deletions, substitutions and transpositions, in letters not bytes', () => {
    expect(distance('manuscripts', 'manuscrpts', 2)).toBe(1);
    expect(distance('safavid', 'safvaid', 2)).toBe(1);
    expect(distance('مخطوطات', 'مخطوطاث', 2)).toBe(1);
    expect(distance('abc', 'xyz', 1)).toBe(2);
    expect(distance('short', 'a much longer word', 2)).toBe(3);
  });

  it('takes the nearest candidate within one edit for short words and two for long ones', () => {
    expect(closest('manuscrpts', ['manuscript', 'manuscripts', 'map'])).toBe('manuscripts');
    expect(closest('lamp', ['lamps', 'damp', 'lump'])).toBe('damp');
    expect(closest('lmp', ['lamp'])).toBe('lamp');
    expect(closest('xyzzy', ['lamp'])).toBeNull();
    expect(closest('quran', ['quran'])).toBe('quran');
    // A word with the article is allowed the edits of the word without it: الصفويه is five letters long.
    expect(allowedEdits('الصفويه')).toBe(1);
    expect(allowedEdits('manuscripts')).toBe(2);
    expect(closest('الصفويه', ['الفقيه'])).toBeNull();
  });
});
