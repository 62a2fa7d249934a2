import { describe, expect, it } from 'vitest';
import { indexTerms, normalize, stem, words } from './normalize.js';

describe('search normalisation of Arabic script', () => {
  it('removes harakat, shadda, sukun, dagger alef, Quranic marks and tatweel', () => {
    expect(normalize('المَخْطُوطَاتُ')).toBe('المخطوطات');
    expect(normalize('مُحَمَّدٌ')).toBe('محمد');
    expect(normalize('الرَّحْمٰنِ')).toBe('الرحمن');
    expect(normalize('ذٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَۛ فِيهِۛ')).toBe('ذلك الكتب لا ريب فيه');
    expect(normalize('كـــتـــاب')).toBe('كتاب');
  });

  it('folds alef forms, alef maksura, teh marbuta and hamza seats', () => {
    for (const [a, b] of [['أحمد', 'احمد'], ['إبراهيم', 'ابراهيم'], ['آثار', 'اثار'], ['ٱلله', 'الله'], ['مصطفى', 'مصطفي'], ['مدرسة', 'مدرسه'], ['مؤرخ', 'مورخ'], ['رئيس', 'رييس'], ['سماء', 'سماء']]) {
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

  it('adds stems as extra terms beside the exact forms', () => {
    expect(indexTerms('المخطوطات المغربية')).toEqual({ exact: ['المخطوطات', 'المغربيه'], stems: ['مخطوط', 'مغرب'] });
    expect(indexTerms('الصفويون').stems).toEqual(['صفوي', 'صفو']);
    // A bare Arabic word stands for itself among the stems; Latin words are not repeated there.
    expect(indexTerms('ابريق brass')).toEqual({ exact: ['ابريق', 'brass'], stems: ['ابريق'] });
    expect(stem('الطب')).toBe('طب');
    // A dagger alef is read both ways in the index: الرحمن and العالمين as they are usually spelt.
    expect(indexTerms('ٱلرَّحْمَٰنِ ٱلْعَٰلَمِينَ').exact).toEqual(['الرحمن', 'العلمين', 'الرحمان', 'العالمين']);
  });
});
