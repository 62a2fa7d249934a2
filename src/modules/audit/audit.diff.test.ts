import { describe, expect, it } from 'vitest';
import { diffRecords } from './audit.diff.js';

describe('diffRecords', () => {
  it('records what a new record has, and not the empty lists and texts it lacks', () => {
    expect(
      diffRecords(null, {
        titles: [{ lang: 'ar', value: 'إبريق' }],
        descriptions: [],
        rights: null,
        note: '',
        version: 1,
      }),
    ).toEqual({ titles: [null, [{ lang: 'ar', value: 'إبريق' }]] });
  });

  it('records a change by value, both sides, and an emptied list as a change', () => {
    expect(
      diffRecords(
        { titles: [{ lang: 'en', value: 'Ewer' }], keywords: ['brass'], updatedAt: 'a' },
        { titles: [{ lang: 'en', value: 'Ewer' }], keywords: [], updatedAt: 'b' },
      ),
    ).toEqual({ keywords: [['brass'], []] });
  });

  it('records what a deleted record had', () => {
    expect(diffRecords({ accessionNumber: 'W.1' }, null)).toEqual({ accessionNumber: ['W.1', null] });
  });
});
