/** English messages of the public portal. */
export const enPortal = {
  'portal.cite': 'Cite this object',
  'portal.citation': '{title}, {museum}, {accession}. {url} (accessed {date}).',
  'portal.download': 'Download the image',
  'portal.related': 'Related objects',
  'portal.objectsOf': 'Objects',
  'portal.noObjects': 'No public object yet.',
  'portal.collection': 'The collection',
  'portal.more': 'See all {count, plural, one {# object} other {# objects}}',
  'portal.highlights': 'Highlights',
  'portal.newest': 'New in the collections',
  'portal.museums': 'Museums',
  'portal.authority.person': 'Person or organisation',
  'portal.authority.place': 'Place',
  'portal.authority.concept': 'Term',
  'portal.otherNames': 'Other names',
  'portal.seeAlso': 'Elsewhere',
} as const;
