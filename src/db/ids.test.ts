import { describe, expect, it } from 'vitest';
import { newId, UUID_RE } from './ids.js';

describe('newId', () => {
  it('makes version-7 UUIDs that sort in the order they were made, even within one millisecond', () => {
    const t = Date.now();
    const ids = Array.from({ length: 5000 }, () => newId(t));
    expect(ids.every((id) => UUID_RE.test(id) && id[14] === '7')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
