import { describe, expect, it } from 'vitest';
import { checkForm, FORM_LIMITS, nestForm, safeNext } from './forms.js';

describe('nestForm', () => {
  it('nests bracketed names into objects and arrays and drops empty rows', () => {
    expect(
      nestForm({
        accessionNumber: '1',
        'titles[0][lang]': 'ar',
        'titles[0][value]': 'عنوان',
        'titles[1][lang]': '',
        'titles[1][value]': '',
        'nameParts[ism]': 'الحسين',
        dynasties: ['a', 'b'],
        _csrf: 'x',
      }),
    ).toEqual({
      accessionNumber: '1',
      titles: [{ lang: 'ar', value: 'عنوان' }],
      nameParts: { ism: 'الحسين' },
      dynasties: ['a', 'b'],
    });
  });
});

describe('safeNext', () => {
  it('returns only paths of this site', () => {
    expect(safeNext('/staff/m/x?y=1')).toBe('/staff/m/x?y=1');
    for (const bad of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      undefined,
    ])
      expect(safeNext(bad)).toBe('/staff');
  });
});

describe('nestForm and checkForm within the form limits', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (
        (e as { status: number; details?: { fields?: { code: string }[] } }).details?.fields?.[0]?.code ??
        `status ${(e as { status: number }).status}`
      );
    }
    return 'accepted';
  };

  it('takes time linear in the fields whatever their row numbers, and refuses a row number past the limit', () => {
    const started = performance.now();
    // 64 bytes that, building a sparse array and walking its length, took 38 s.
    expect(code(() => nestForm({ 'x[400000000]': '1' }))).toBe('index_too_large');
    expect(code(() => nestForm({ [`x[${FORM_LIMITS.index + 1}]`]: '1' }))).toBe('index_too_large');
    expect(code(() => nestForm({ 'x[000000000001]': '1' }))).toBe('index_too_large');
    // The highest row number allowed, alone, is a list of one row.
    expect(nestForm({ [`x[${FORM_LIMITS.index}][v]`]: 'a', 'x[3][v]': 'b' })).toEqual({
      x: [{ v: 'b' }, { v: 'a' }],
    });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('reads every `[` as opening a key, as before', () => {
    expect(nestForm({ 'sections[0][texts[0][lang]]': 'ar', 'sections[0][texts][0][value]': 'نور' })).toEqual({
      sections: [{ texts: [{ lang: 'ar', value: 'نور' }] }],
    });
  });

  it('refuses names nested past the limit, and a field that is both a value and a group', () => {
    const deep = `a${'[b]'.repeat(FORM_LIMITS.depth)}`;
    expect(code(() => nestForm({ [deep]: '1' }))).toBe('too_deep');
    expect(code(() => nestForm({ [`a${'[b]'.repeat(FORM_LIMITS.depth - 1)}`]: '1' }))).toBe('accepted');
    // Before, assigning a property to the string '1' threw a TypeError: a 500.
    expect(code(() => nestForm({ a: '1', 'a[b]': '2' }))).toBe('invalid_name');
    expect(code(() => nestForm({ 'a[b]': '2', a: '1' }))).toBe('invalid_name');
    expect(code(() => nestForm({ 'a[0]': '1', 'a[b]': '2' }))).toBe('invalid_name');
  });

  it('never reaches a prototype', () => {
    for (const name of [
      '__proto__[polluted]',
      'constructor[polluted]',
      'a[__proto__][polluted]',
      'a[0][constructor][prototype][polluted]',
    ]) {
      expect(
        code(() => nestForm({ [name]: 'yes' })),
        name,
      ).toBe('invalid_name');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses more fields than the limit, and text that cannot be stored in names, values and file names', () => {
    const many = Object.fromEntries(Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => [`f${i}`, '1']));
    expect(code(() => checkForm(many))).toBe('too_many_fields');
    expect(code(() => checkForm({ a: Array.from({ length: FORM_LIMITS.fields + 1 }, () => '1') }))).toBe(
      'too_many_fields',
    );
    expect(code(() => checkForm({ a: 'x\u0000y' }))).toBe('invalid_text');
    expect(code(() => checkForm({ 'a\u0000': 'x' }))).toBe('invalid_text');
    expect(code(() => checkForm({ a: ['ok', 'bad \ud800'] }))).toBe('invalid_text');
    expect(code(() => checkForm({ file: new File(['x'], 'a\u0000.csv') }))).toBe('invalid_text');
    expect(code(() => checkForm({ 'titles[0][value]': 'كتاب 😀', file: new File(['x'], 'ok.csv') }))).toBe(
      'accepted',
    );
  });
});
