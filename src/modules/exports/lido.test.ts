import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../../test/xml.js';
import { bareRecord, fullRecord } from './fixture.test-data.js';
import { lidoRecord, lidoWrap } from './lido.js';

describe('a LIDO record', () => {
  it('is valid LIDO 1.1 with every public field, and with none but the required ones', () => {
    expect(
      schemaErrors(lidoWrap([lidoRecord(fullRecord, false), lidoRecord(bareRecord, false)]), 'lido'),
    ).toBe('');
    expect(schemaErrors(`<?xml version="1.0" encoding="UTF-8"?>\n${lidoRecord(fullRecord)}`, 'lido')).toBe(
      '',
    );
  });

  it('keeps every value in its language and names people, places and terms by their pages', () => {
    const xml = lidoRecord(fullRecord);
    expect(xml).toContain('<lido:appellationValue xml:lang="ar">مصحف شريف</lido:appellationValue>');
    expect(xml).toContain('<lido:workID lido:type="inventory number">W.563 &lt;&amp;&gt;</lido:workID>');
    expect(xml).toContain(
      '<lido:actorID lido:type="URI">https://mathaf.example/a/0190a0b0-0000-7000-8000-0000000000a2</lido:actorID>',
    );
    expect(xml).toContain('<lido:roleActor><lido:term>calligrapher</lido:term></lido:roleActor>');
    expect(xml).toContain('<lido:term xml:lang="fr">Mérinides</lido:term>');
    expect(xml).toContain(
      '<lido:displayDate>Folio: ٧٠٠ هـ</lido:displayDate><lido:date><lido:earliestDate>1300</lido:earliestDate><lido:latestDate>1301</lido:latestDate>',
    );
    // Fez is where it was made; Mecca is what it shows.
    expect(xml).toMatch(/<lido:eventPlace><lido:place>.*Fez.*<\/lido:eventPlace>/);
    expect(xml).toMatch(/<lido:subjectPlace><lido:place>.*Mecca.*<\/lido:subjectPlace>/);
    expect(xml).toContain('lido:type="material"');
    expect(xml).toContain(
      'https://mathaf.example/iiif/3/0190a0b0-0000-7000-8000-0000000000b1/full/1600,/0/default.jpg',
    );
    expect(xml).toContain(
      '<lido:recordInfoLink>https://mathaf.example/en/m/walters/objects/0190a0b0-0000-7000-8000-000000000001</lido:recordInfoLink>',
    );
  });
});
