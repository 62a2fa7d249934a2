import { describe, expect, it } from 'vitest';
import { nestForm, safeNext } from './forms.js';

describe('nestForm', () => {
  it('nests bracketed names into objects and arrays and drops empty rows', () => {
    expect(nestForm({
      accessionNumber: '1',
      'titles[0][lang]': 'ar', 'titles[0][value]': 'عنوان',
      'titles[1][lang]': '', 'titles[1][value]': '',
      'nameParts[ism]': 'الحسين',
      dynasties: ['a', 'b'],
      _csrf: 'x',
    })).toEqual({ accessionNumber: '1', titles: [{ lang: 'ar', value: 'عنوان' }], nameParts: { ism: 'الحسين' }, dynasties: ['a', 'b'] });
  });
});

describe('safeNext', () => {
  it('returns only paths of this site', () => {
    expect(safeNext('/staff/m/x?y=1')).toBe('/staff/m/x?y=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', undefined]) expect(safeNext(bad)).toBe('/staff');
  });
});
