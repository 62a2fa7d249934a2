import { pickLang } from '../common/values.schemas.js';
import type { LangValue } from '../common/values.schemas.js';
import { isProductionPlace, dateText } from '../objects/object.schemas.js';
import type { PublicObject } from '../portal/portal.presenter.js';
import { type PublicRecord, recordUris } from './record-uris.js';

export const LINKED_ART_CONTEXT = 'https://linked.art/ns/v1/linked-art.json';

/** Getty AAT terms Linked Art classifies with. */
const aat = (id: string, label: string) => ({
  id: `http://vocab.getty.edu/aat/${id}`,
  type: 'Type',
  _label: label,
});
const TERMS = {
  primaryName: aat('300404670', 'Primary Name'),
  accessionNumber: aat('300312355', 'Accession Number'),
  description: aat('300435416', 'Description'),
  provenance: aat('300435438', 'Provenance Statement'),
  creditLine: aat('300435418', 'Credit Line'),
  inscription: aat('300435414', 'Inscription'),
  rights: aat('300435434', 'Copyright/Licensing Statement'),
  webPage: aat('300264578', 'Web Page'),
  digitalImage: aat('300215302', 'Digital Image'),
};
const DIMENSION = {
  height: aat('300055644', 'height'),
  width: aat('300055647', 'width'),
  depth: aat('300072633', 'depth'),
  length: aat('300055645', 'length'),
  diameter: aat('300055624', 'diameter'),
  thickness: aat('300055646', 'thickness'),
  weight: aat('300056240', 'weight'),
  circumference: aat('300055623', 'circumference'),
} as const;
const UNIT = {
  mm: { id: 'http://vocab.getty.edu/aat/300379097', _label: 'millimeters' },
  cm: { id: 'http://vocab.getty.edu/aat/300379098', _label: 'centimeters' },
  m: { id: 'http://vocab.getty.edu/aat/300379099', _label: 'meters' },
  in: { id: 'http://vocab.getty.edu/aat/300379100', _label: 'inches' },
  g: { id: 'http://vocab.getty.edu/aat/300379225', _label: 'grams' },
  kg: { id: 'http://vocab.getty.edu/aat/300379226', _label: 'kilograms' },
} as const;

type Link = PublicObject['makers'][number];
const language = (tag: string) => [
  {
    id: `http://id.loc.gov/vocabulary/iso639-1/${tag.split('-')[0]!.toLowerCase()}`,
    type: 'Language',
    _label: tag,
  },
];
const label = (labels: readonly LangValue[], lang: string) => pickLang(labels, [lang, 'en'])?.value ?? '';
const statement = (v: LangValue, kind: { id: string }) => ({
  type: 'LinguisticObject',
  content: v.value,
  language: language(v.lang),
  classified_as: [kind],
});
/** A year as the start or end of an xsd:dateTime; years before 1 CE have no form both JSON Schema and xsd read alike, so they stay in the name. */
const instant = (y: number, end: boolean) =>
  y >= 1 && y <= 9999
    ? `${String(y).padStart(4, '0')}-${end ? '12-31T23:59:59' : '01-01T00:00:00'}Z`
    : undefined;

function timespan(o: PublicObject) {
  const d = o.dates.find((x) => x.status !== 'undated');
  if (!d) return undefined;
  const begin = d.earliest !== null ? instant(d.earliest, false) : undefined;
  const end = d.latest !== null ? instant(d.latest, true) : undefined;
  return {
    type: 'TimeSpan',
    identified_by: [{ type: 'Name', content: dateText(d) }],
    ...(begin ? { begin_of_the_begin: begin } : {}),
    ...(end ? { end_of_the_end: end } : {}),
  };
}

/**
 * The Linked Art (1.0) description of a public object, from its public form only (the presenter's
 * whitelist): names in each language, the accession number, statements, production (makers,
 * place, date, culture, dynasty or period, technique), materials, dimensions, the owning museum,
 * images through the IIIF Image API, and the page and the IIIF manifest as what it is the subject of.
 */
export function linkedArt(record: PublicRecord): Record<string, unknown> {
  const { object: o, museum } = record;
  const uris = recordUris(record);
  const lang = museum.defaultLanguage;
  const ref = (type: string) => (l: Link) => ({
    id: uris.authority(l.id),
    type,
    _label: label(l.labels, lang),
  });
  const actor = (l: Link) => ref(l.type === 'organization' ? 'Group' : 'Person')(l);
  const places = o.places.filter((p) => isProductionPlace(p.qualifier));
  const unqualified = o.makers.filter((m) => !m.qualifier);
  const roles = o.makers.filter((m) => m.qualifier);
  const span = timespan(o);
  const produced = {
    type: 'Production',
    ...(unqualified.length ? { carried_out_by: unqualified.map(actor) } : {}),
    ...(roles.length
      ? { part: roles.map((m) => ({ type: 'Production', _label: m.qualifier!, carried_out_by: [actor(m)] })) }
      : {}),
    ...(places.length ? { took_place_at: places.map(ref('Place')) } : {}),
    ...(span ? { timespan: span } : {}),
    ...(o.techniques.length ? { technique: o.techniques.map(ref('Type')) } : {}),
    ...(o.cultures.length ? { classified_as: o.cultures.map(ref('Type')) } : {}),
    ...(o.dynasties.length || o.periods.length
      ? { during: [...o.dynasties, ...o.periods].map(ref('Period')) }
      : {}),
  };
  const referred = [
    ...o.descriptions.map((d) => statement(d, TERMS.description)),
    ...o.provenance.map((d) => statement(d, TERMS.provenance)),
    ...o.creditLine.map((d) => statement(d, TERMS.creditLine)),
    ...o.inscriptions.map((i) => ({
      type: 'LinguisticObject',
      content: i.text,
      ...(i.lang ? { language: language(i.lang) } : {}),
      classified_as: [TERMS.inscription],
    })),
    ...(o.rights ? [{ type: 'LinguisticObject', content: o.rights, classified_as: [TERMS.rights] }] : []),
  ];
  const title = pickLang(o.titles, [lang, 'en']);
  return {
    '@context': LINKED_ART_CONTEXT,
    id: uris.linkedArt,
    type: 'HumanMadeObject',
    _label: title?.value ?? o.accessionNumber,
    identified_by: [
      ...o.titles.map((t) => ({
        type: 'Name',
        content: t.value,
        language: language(t.lang),
        ...(t === title ? { classified_as: [TERMS.primaryName] } : {}),
      })),
      { type: 'Identifier', content: o.accessionNumber, classified_as: [TERMS.accessionNumber] },
    ],
    ...(o.objectNames.length ? { classified_as: o.objectNames.map(ref('Type')) } : {}),
    ...(referred.length ? { referred_to_by: referred } : {}),
    ...(o.images.length
      ? {
          representation: o.images.map((img) => ({
            type: 'VisualItem',
            digitally_shown_by: [
              {
                type: 'DigitalObject',
                classified_as: [TERMS.digitalImage],
                access_point: [{ id: uris.image(img.id), type: 'DigitalObject' }],
                conforms_to: [{ id: 'http://iiif.io/api/image', type: 'InformationObject' }],
              },
            ],
          })),
        }
      : {}),
    ...(o.collections.length ? { member_of: o.collections.map(ref('Set')) } : {}),
    subject_of: [
      {
        type: 'LinguisticObject',
        digitally_carried_by: [
          {
            type: 'DigitalObject',
            classified_as: [TERMS.webPage],
            format: 'text/html',
            access_point: [{ id: uris.page(), type: 'DigitalObject' }],
          },
        ],
      },
      ...(o.images.length
        ? [
            {
              type: 'LinguisticObject',
              digitally_carried_by: [
                {
                  type: 'DigitalObject',
                  format: 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
                  access_point: [{ id: uris.manifest, type: 'DigitalObject' }],
                  conforms_to: [{ id: 'http://iiif.io/api/presentation', type: 'InformationObject' }],
                },
              ],
            },
          ]
        : []),
    ],
    ...(o.dimensions.length
      ? {
          dimension: o.dimensions.map((d) => ({
            type: 'Dimension',
            value: d.value,
            unit: { ...UNIT[d.unit], type: 'MeasurementUnit' },
            classified_as: [DIMENSION[d.type]],
            ...(d.part ? { _label: d.part } : {}),
          })),
        }
      : {}),
    ...(o.materials.length ? { made_of: o.materials.map(ref('Material')) } : {}),
    current_owner: [{ id: uris.museum, type: 'Group', _label: label(museum.names, lang) || museum.slug }],
    produced_by: produced,
  };
}
