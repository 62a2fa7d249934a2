import { describe, expect, it } from 'vitest';
import { indexTerms, normalize, stem, words } from './normalize.js';

/** `count` texts of 1 to `most` pieces drawn from `pool`, the same on every run (a seeded generator). */
function madeOf(pool: readonly string[], most: number, count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % n;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + next(most) }, () => pool[next(pool.length)]).join(''),
  );
}

describe('search normalisation of Arabic script', () => {
  it('removes harakat, shadda, sukun, dagger alef, Quranic marks and tatweel', () => {
    expect(normalize('المَخْطُوطَاتُ')).toBe('المخطوطات');
    expect(normalize('مُحَمَّدٌ')).toBe('محمد');
    expect(normalize('الرَّحْمٰنِ')).toBe('الرحمن');
    expect(normalize('ذٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَۛ فِيهِۛ')).toBe('ذلك الكتب لا ريب فيه');
    expect(normalize('كـــتـــاب')).toBe('كتاب');
  });

  it('folds alef forms, alef maksura, teh marbuta and hamza seats', () => {
    for (const [a, b] of [
      ['أحمد', 'احمد'],
      ['إبراهيم', 'ابراهيم'],
      ['آثار', 'اثار'],
      ['ٱلله', 'الله'],
      ['مصطفى', 'مصطفي'],
      ['مدرسة', 'مدرسه'],
      ['مؤرخ', 'مورخ'],
      ['رئيس', 'رييس'],
      ['سماء', 'سماء'],
    ]) {
      expect(normalize(a!), a).toBe(b);
    }
  });

  it('folds Persian and Urdu letters onto the Arabic ones', () => {
    expect(normalize('فارسی')).toBe(normalize('فارسي'));
    expect(normalize('کتاب')).toBe('كتاب');
    expect(normalize('نامہ')).toBe('نامه');
    expect(normalize('خانۀ')).toBe('خانه');
    expect(normalize('بھائی')).toBe('بهايي');
    expect(normalize('اردوے')).toBe('اردوي');
    expect(normalize('کتابیں')).toBe('كتابين');
  });

  it('makes Arabic-Indic and Persian digits ASCII, and drops ZWNJ and bidi marks', () => {
    expect(normalize('٨٦٥ هـ')).toBe('865 ه');
    expect(normalize('۱۳۰۰')).toBe('1300');
    expect(normalize('می\u200Cخواهم')).toBe('ميخواهم');
    expect(normalize('\u200Fنص\u200E')).toBe('نص');
  });

  it('reads presentation forms and the lam-alef ligature as their letters', () => {
    expect(normalize('ﺍﻟﻜﺘﺎﺏ')).toBe('الكتاب');
    expect(normalize('ﻻ')).toBe('لا');
  });
});

describe('search normalisation of Latin script', () => {
  it('meets ʿAbbāsī, Abbasi and abbâsî, and folds transliteration signs and case', () => {
    expect(normalize('ʿAbbāsī')).toBe('abbasi');
    expect(normalize('abbâsî')).toBe('abbasi');
    expect(normalize('Qurʾān')).toBe('quran');
    expect(normalize("Qur'an")).toBe('quran');
    expect(normalize('Qur’an')).toBe('quran');
    expect(normalize('Ṣafavid')).toBe('safavid');
    expect(normalize('ḤADĪTH')).toBe('hadith');
  });

  it('folds Turkish dotless and dotted i, and French accents and ligatures', () => {
    expect(normalize('Işık')).toBe('isik');
    expect(normalize('İstanbul')).toBe('istanbul');
    expect(normalize('Aiguière émaillée')).toBe('aiguiere emaillee');
    expect(normalize('Cœur')).toBe('coeur');
    expect(normalize('Straße')).toBe('strasse');
    expect(normalize('Aiguière incrustée d’argent')).toBe('aiguiere incrustee d argent');
    expect(normalize("L'art de l’Islam, qu'il")).toBe('l art de l islam qu il');
    expect(normalize("Ka'ba, Ma’mun")).toBe('kaba mamun');
  });

  it('keeps only letters and digits, one space apart', () => {
    expect(normalize('  W.569, (folio 3v) — “gold”!  ')).toBe('w 569 folio 3v gold');
    expect(normalize('"abc" OR NEAR(x y) *')).toBe('abc or near x y');
    expect(normalize('')).toBe('');
    expect(words('...')).toEqual([]);
    expect(words('Ibn Sīnā ابن سينا')).toEqual(['ibn', 'sina', 'ابن', 'سينا']);
  });

  it('gives what the rules give one pattern at a time, over texts made of the characters they treat apart', () => {
    // The rules as first written, each a pattern of its own: the faster passes must give the same.
    const letters: Record<string, string> = {
      أ: 'ا',
      إ: 'ا',
      آ: 'ا',
      ٱ: 'ا',
      ٲ: 'ا',
      ٳ: 'ا',
      ى: 'ي',
      ة: 'ه',
      ؤ: 'و',
      ئ: 'ي',
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
    const oneAtATime = (text: string) =>
      text
        .normalize('NFKD')
        .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g, '')
        .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u08D3-\u08FF]/g, '')
        .replace(/\u0640/g, '')
        .replace(/[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g, '')
        .replace(/(^|[^\p{L}])([cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’‘`]/giu, '$1$2 ')
        .replace(/[ʿʾʻʼ`'‘’ʹʺ′]/g, '')
        .toLowerCase()
        .replace(new RegExp(`[${Object.keys(letters).join('')}]`, 'g'), (ch) => letters[ch]!)
        .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.codePointAt(0)! & 0xf) % 10))
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const pool = [
      'l',
      'L',
      'd',
      'D',
      'qu',
      'Qu',
      'jusqu',
      'lorsqu',
      'puisqu',
      's',
      't',
      'x',
      'é',
      'ſ',
      'K',
      'İ',
      'Σ',
      'ı',
      'ß',
      '3',
      '٤',
      '۳',
      "'",
      '’',
      '‘',
      '`',
      'ʿ',
      'ب',
      'ِ',
      'ّ',
      'ـ',
      'أ',
      'ٰ',
      'ی',
      'ﻻ',
      'ﷺ',
      '\u200C',
      '\uFEFF',
      '\u00A0',
      '\u0301',
      '𐌰',
      '𝐀',
      '𝟘',
      '\uD800',
      '\uDC00',
      '.',
      '-',
      ' ',
      '\n',
    ];
    for (const text of madeOf(pool, 16, 5_000, 5))
      expect(normalize(text), JSON.stringify(text)).toBe(oneAtATime(text));
  });
});

describe('the light Arabic stemmer', () => {
  it('removes one prefix and one suffix when three letters remain', () => {
    expect(stem('المخطوطات')).toBe('مخطوط');
    expect(stem('والكتاب')).toBe('كتاب');
    expect(stem('بالقلم')).toBe('قلم');
    expect(stem('كالذهب')).toBe('ذهب');
    expect(stem('فالسيف')).toBe('سيف');
    expect(stem('للمتحف')).toBe('متحف');
    expect(stem('مخطوطات')).toBe('مخطوط');
    expect(stem('كتابها')).toBe('كتاب');
    expect(stem('صفويون')).toBe('صفوي');
  });

  it('leaves short words, words without affixes and non-Arabic words alone', () => {
    expect(stem('ال')).toBeNull();
    expect(stem('الف')).toBeNull();
    expect(stem('باب')).toBeNull();
    expect(stem('قلم')).toBeNull();
    expect(stem('safavid')).toBeNull();
    expect(stem('865')).toBeNull();
  });

  it('stems as the rules say, over words made of the letters its affixes are made of', () => {
    // The rules as first written: every prefix, then every suffix, tried in turn.
    const prefixes = ['وبال', 'وكال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و'];
    const suffixes = [
      'هما',
      'كما',
      'ات',
      'ان',
      'ين',
      'ون',
      'ها',
      'هم',
      'هن',
      'كم',
      'نا',
      'يه',
      'يا',
      'ه',
      'ي',
    ];
    const byTheRules = (word: string) => {
      let w = word;
      const p = prefixes.find((x) => w.startsWith(x) && w.length - x.length >= (x === 'و' ? 3 : 2));
      if (p) w = w.slice(p.length);
      const x = suffixes.find((y) => w.endsWith(y) && w.length - y.length >= 3);
      if (x) w = w.slice(0, -x.length);
      return w === word ? null : w;
    };
    for (const word of madeOf([...'وبالكفتنيهمدس'], 8, 5_000, 9)) {
      expect(stem(word), word).toBe(byTheRules(word));
      const s = byTheRules(word) ?? word;
      const s2 = byTheRules(s);
      expect(indexTerms(word).stems, word).toEqual(s2 ? [s, s2] : [s]);
    }
  });

  it('adds stems as extra terms beside the exact forms', () => {
    expect(indexTerms('المخطوطات المغربية')).toEqual({
      exact: ['المخطوطات', 'المغربيه'],
      stems: ['مخطوط', 'مغرب'],
    });
    expect(indexTerms('الصفويون').stems).toEqual(['صفوي', 'صفو']);
    // A bare Arabic word stands for itself among the stems; Latin words are not repeated there.
    expect(indexTerms('ابريق brass')).toEqual({ exact: ['ابريق', 'brass'], stems: ['ابريق'] });
    expect(stem('الطب')).toBe('طب');
    // A dagger alef is read both ways in the index: الرحمن and العالمين as they are usually spelt.
    expect(indexTerms('ٱلرَّحْمَٰنِ ٱلْعَٰلَمِينَ').exact).toEqual(['الرحمن', 'العلمين', 'الرحمان', 'العالمين']);
  });
});
