import type { PublicObject } from '../portal/portal.presenter.js';
import type { PublicRecord } from './record-uris.js';

const link = (id: string, labels: [string, string][], qualifier: string | null = null, type = 'concept') => ({
  id,
  type,
  qualifier,
  labels: labels.map(([lang, value]) => ({ lang, value })),
});

/** A public object with every public field filled, in several languages and scripts. */
export const fullObject: PublicObject = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  accessionNumber: 'W.563 <&>',
  titles: [
    { lang: 'ar', value: 'مصحف شريف' },
    { lang: 'en', value: 'Qurʾan manuscript' },
  ],
  descriptions: [{ lang: 'en', value: 'Thirty folios in Maghribi script & gold.' }],
  objectNames: [
    link('0190a0b0-0000-7000-8000-0000000000a1', [
      ['ar', 'مخطوط'],
      ['en', 'manuscript'],
    ]),
  ],
  makers: [
    link(
      '0190a0b0-0000-7000-8000-0000000000a2',
      [
        ['ar', 'ابن البواب'],
        ['en', 'Ibn al-Bawwab'],
      ],
      'calligrapher',
      'person',
    ),
  ],
  places: [
    link(
      '0190a0b0-0000-7000-8000-0000000000a3',
      [
        ['ar', 'فاس'],
        ['en', 'Fez'],
      ],
      'place of production',
      'place',
    ),
    link(
      '0190a0b0-0000-7000-8000-0000000000a4',
      [
        ['ar', 'مكة'],
        ['en', 'Mecca'],
      ],
      'depicted',
      'place',
    ),
  ],
  cultures: [link('0190a0b0-0000-7000-8000-0000000000a5', [['en', 'Maghribi']])],
  dynasties: [
    link('0190a0b0-0000-7000-8000-0000000000a6', [
      ['ar', 'المرينيون'],
      ['en', 'Marinid'],
      ['fr', 'Mérinides'],
    ]),
  ],
  periods: [],
  materials: [link('0190a0b0-0000-7000-8000-0000000000a7', [['en', 'parchment']])],
  techniques: [link('0190a0b0-0000-7000-8000-0000000000a8', [['en', 'gilding']])],
  collections: [link('0190a0b0-0000-7000-8000-0000000000a9', [['en', 'Manuscripts']])],
  dates: [
    {
      label: 'Folio',
      expression: '٧٠٠ هـ',
      calendar: 'islamic',
      earliest: 1300,
      latest: 1301,
      approximate: false,
      uncertain: false,
      status: 'parsed',
    },
  ],
  dimensions: [
    { type: 'height', value: 27.5, unit: 'cm' },
    { type: 'width', value: 20, unit: 'cm', part: 'folio' },
  ],
  inscriptions: [
    {
      text: 'بسم الله الرحمن الرحيم',
      lang: 'ar',
      script: 'Arab',
      type: 'basmala',
      transliteration: 'bismi llāhi r-raḥmāni r-raḥīm',
      translations: [{ lang: 'en', value: 'In the name of God' }],
    },
  ],
  provenance: [{ lang: 'en', value: 'Acquired by Henry Walters, 1931.' }],
  creditLine: [{ lang: 'en', value: 'Acquired by Henry Walters' }],
  rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
  keywords: [{ lang: 'en', value: 'Qurʾan' }],
  images: [
    {
      id: '0190a0b0-0000-7000-8000-0000000000b1',
      width: 4000,
      height: 3000,
      captions: [{ lang: 'en', value: 'Folio 1 recto' }],
      rights: 'https://creativecommons.org/licenses/by/4.0/',
      credit: 'Photo: the museum',
      isMain: true,
    },
  ],
};

export const fullRecord: PublicRecord = {
  object: fullObject,
  museum: {
    slug: 'walters',
    names: [
      { lang: 'en', value: 'The Walters Art Museum' },
      { lang: 'ar', value: 'متحف والترز' },
    ],
    defaultLanguage: 'en',
  },
  base: 'https://mathaf.example',
};

/** The same object with nothing but what a record must have. */
export const bareRecord: PublicRecord = {
  ...fullRecord,
  object: {
    ...fullObject,
    descriptions: [],
    objectNames: [],
    makers: [],
    places: [],
    cultures: [],
    dynasties: [],
    materials: [],
    techniques: [],
    collections: [],
    dates: [],
    dimensions: [],
    inscriptions: [],
    provenance: [],
    creditLine: [],
    rights: null,
    keywords: [],
    images: [],
  },
};
