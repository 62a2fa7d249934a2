import { describe, expect, it } from 'vitest';
import { findTextFault, textFault } from './text.js';

describe('text that cannot be stored', () => {
  it('is a NUL or an unpaired surrogate; paired surrogates and every script are fine', () => {
    expect(textFault('a\u0000b')).toBe('nul');
    expect(textFault('\ud800')).toBe('surrogate');
    expect(textFault('x\udc00y')).toBe('surrogate');
    expect(textFault('\udc00\ud800')).toBe('surrogate');
    expect(textFault('مصحف 😀 Qurʾān \u200f\t\n')).toBeNull();
  });

  it('is found anywhere in an input, keys included, with its path', () => {
    expect(
      findTextFault({
        titles: [
          { lang: 'en', value: 'ok' },
          { lang: 'ar', value: 'a\u0000' },
        ],
      }),
    ).toMatchObject({ path: 'titles.1.value', code: 'invalid_text' });
    expect(findTextFault({ ok: { 'k\u0000': 1 } })).toMatchObject({ path: 'ok.k\\0', code: 'invalid_text' });
    expect(findTextFault(['\ud83d'])).toMatchObject({ path: '0' });
    expect(findTextFault({ a: [1, null, true, { b: 'fine' }], d: new Date() })).toBeNull();
  });

  it('walks a deeply nested input without exhausting the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findTextFault(deep)?.code).toBe('invalid_text');
  });
});
