import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { linkedArtErrors } from '../../../test/linked-art.js';
import { bareRecord, fullRecord } from './fixture.test-data.js';
import { LINKED_ART_CONTEXT, linkedArt } from './linked-art.js';

const CONTEXT = JSON.parse(
  readFileSync(new URL('../../../data/linked-art/linked-art.json', import.meta.url), 'utf8'),
);

/** Expands with the bundled context only (no network); `safe` mode fails on any term the context does not define. */
async function expand(doc: object) {
  const documentLoader = async (url: string) => {
    if (url !== LINKED_ART_CONTEXT) throw new Error(`no network: ${url}`);
    return { contextUrl: undefined, documentUrl: url, document: CONTEXT };
  };
  return jsonld.expand(doc, { documentLoader, safe: true } as jsonld.Options.Expand);
}

/** The parts of a document the test reads. */
interface Doc {
  id: string;
  _label: string;
  identified_by: unknown[];
  produced_by: { timespan: unknown; part: unknown[]; took_place_at: { _label: string }[] };
  subject_of: unknown;
  representation: { digitally_shown_by: { access_point: { id: string }[] }[] }[];
  dimension: unknown[];
}

describe('a Linked Art document', () => {
  it('is valid against the Linked Art object schema, full or bare', () => {
    for (const r of [fullRecord, bareRecord]) expect(linkedArtErrors(linkedArt(r))).toEqual([]);
    // The check itself catches a wrong document.
    expect(
      linkedArtErrors({
        ...linkedArt(bareRecord),
        produced_by: { type: 'Production', timespan: { type: 'TimeSpan', begin_of_the_begin: '700 AH' } },
      }),
    ).not.toEqual([]);
  });

  it('uses only terms of the Linked Art context', async () => {
    const expanded = await expand(linkedArt(fullRecord));
    const text = JSON.stringify(expanded);
    expect(text).toContain('http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object');
    expect(text).toContain('http://www.cidoc-crm.org/cidoc-crm/P108i_was_produced_by');
  });

  it('names each value in its language and links the page, the manifest and the images', () => {
    const doc = linkedArt(fullRecord) as unknown as Doc;
    expect(doc.id).toBe(
      'https://mathaf.example/m/walters/objects/0190a0b0-0000-7000-8000-000000000001.jsonld',
    );
    expect(doc._label).toBe('Qurʾan manuscript');
    expect(doc.identified_by).toContainEqual({
      type: 'Name',
      content: 'مصحف شريف',
      language: [{ id: 'http://id.loc.gov/vocabulary/iso639-1/ar', type: 'Language', _label: 'ar' }],
    });
    expect(doc.identified_by).toContainEqual(
      expect.objectContaining({ type: 'Identifier', content: 'W.563 <&>' }),
    );
    expect(doc.produced_by.timespan).toEqual({
      type: 'TimeSpan',
      identified_by: [{ type: 'Name', content: 'Folio: ٧٠٠ هـ' }],
      begin_of_the_begin: '1300-01-01T00:00:00Z',
      end_of_the_end: '1301-12-31T23:59:59Z',
    });
    expect(doc.produced_by.part[0]).toEqual({
      type: 'Production',
      _label: 'calligrapher',
      carried_out_by: [
        {
          id: 'https://mathaf.example/a/0190a0b0-0000-7000-8000-0000000000a2',
          type: 'Person',
          _label: 'Ibn al-Bawwab',
        },
      ],
    });
    expect(doc.produced_by.took_place_at.map((p: { _label: string }) => p._label)).toEqual(['Fez']);
    expect(JSON.stringify(doc.subject_of)).toContain(
      'https://mathaf.example/iiif/3/manifest/0190a0b0-0000-7000-8000-000000000001',
    );
    expect(JSON.stringify(doc.subject_of)).toContain(
      'https://mathaf.example/en/m/walters/objects/0190a0b0-0000-7000-8000-000000000001',
    );
    expect(doc.representation[0]?.digitally_shown_by[0]?.access_point[0]?.id).toBe(
      'https://mathaf.example/iiif/3/0190a0b0-0000-7000-8000-0000000000b1',
    );
    expect(doc.dimension[0]).toMatchObject({
      value: 27.5,
      unit: { _label: 'centimeters' },
      classified_as: [{ _label: 'height' }],
    });
  });
});
