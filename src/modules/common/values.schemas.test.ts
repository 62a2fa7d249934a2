import { describe, expect, it } from 'vitest';
import { isCalendarDate, isoDate } from './values.schemas.js';

describe('isoDate', () => {
  it('takes days that exist and refuses those that do not (Date.parse took 2026-02-30 as 2 March)', () => {
    for (const d of ['2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '1461-04-30', '0001-01-01'])
      expect(isoDate.safeParse(d).success, d).toBe(true);
    for (const d of [
      '2026-02-30',
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-01',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
    ]) {
      expect(isoDate.safeParse(d).success, d).toBe(false);
    }
    expect(isCalendarDate('2100-02-29')).toBe(false);
  });
});
