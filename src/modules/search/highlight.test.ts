import { describe, expect, it } from 'vitest';
import { highlight, marksIn } from './highlight.js';

describe('highlighting matches in the text as written', () => {
  it('marks vocalised, hamza-spelt and accented words that the folded query matched', () => {
    const t = 'المَخْطُوطَاتُ المغربية';
    const [[a, b]] = marksIn(t, ['مخطوطات'], false) as [[number, number]];
    expect(t.slice(a, b)).toBe('المَخْطُوطَاتُ');
    expect(marksIn('Aiguière en laiton', ['aiguiere'], false)).toEqual([[0, 8]]);
    expect(marksIn('إبريق من النحاس', ['ابريق', 'نحاس'], false)).toEqual([
      [0, 5],
      [9, 15],
    ]);
    expect(marksIn('Qurʾān of Ibn Sīnā', ['sin'], true)).toEqual([[14, 18]]);
    expect(marksIn('nothing here', ['quran'], false)).toEqual([]);
  });

  it('chooses the first text that matched, in its language, and cuts long ones around the match', () => {
    const h = highlight(
      [
        { lang: 'ar', value: 'مصحف' },
        { lang: 'fr', value: 'Coran' },
      ],
      ['coran'],
      false,
    );
    expect(h).toEqual({ lang: 'fr', text: 'Coran', marks: [[0, 5]] });
    const long = `${'word '.repeat(100)}target ${'more '.repeat(100)}`;
    const cut = highlight([{ lang: 'en', value: long }], ['target'], false)!;
    expect(cut.text.length).toBeLessThanOrEqual(160);
    const [[a, b]] = cut.marks as [[number, number]];
    expect(cut.text.slice(a, b)).toBe('target');
    expect(highlight([{ lang: 'en', value: 'x' }], ['y'], false)).toBeNull();
  });
});
