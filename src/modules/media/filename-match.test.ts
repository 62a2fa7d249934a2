import { describe, expect, it } from 'vitest';
import { accessionCandidates, matchFiles } from './filename-match.js';

describe('matching file names to accession numbers', () => {
  it('cuts a name back at its separators, longest first', () => {
    expect(accessionCandidates('2026.14.3_01.tif')).toEqual(['2026.14.3_01', '2026.14.3']);
    expect(accessionCandidates('photos/W.569.4A-back.jpg')).toEqual(['W.569.4A-back', 'W.569.4A']);
    expect(accessionCandidates('MS.ARA.1977 (2).jp2')).toEqual(['MS.ARA.1977 (2)', 'MS.ARA.1977']);
    expect(accessionCandidates('2026-14-3_recto.tiff')).toEqual([
      '2026-14-3_recto',
      '2026-14-3',
      '2026-14',
      '2026',
    ]);
  });

  it('takes the longest candidate that is an accession number, and reports the others unmatched', () => {
    const lookup = new Map([
      ['2026.14.3', 'a'],
      ['2026.14.30', 'b'],
      ['W.569.4A', 'c'],
      ['W.569', 'd'],
    ]);
    expect(
      matchFiles(
        ['2026.14.3_01.tif', '2026.14.30-verso.jpg', 'w.569.4a-back.jpg', 'W.569.4B.jpg', 'IMG_2211.JPG'],
        lookup,
      ),
    ).toEqual([
      { file: '2026.14.3_01.tif', accessionNumber: '2026.14.3', objectId: 'a' },
      { file: '2026.14.30-verso.jpg', accessionNumber: '2026.14.30', objectId: 'b' },
      { file: 'w.569.4a-back.jpg', accessionNumber: 'W.569.4A', objectId: 'c' },
      { file: 'W.569.4B.jpg', accessionNumber: null, objectId: null },
      { file: 'IMG_2211.JPG', accessionNumber: null, objectId: null },
    ]);
  });
});
