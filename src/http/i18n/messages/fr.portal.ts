import type { enPortal } from './en.portal.js';

/** Messages français du portail public. */
export const frPortal: Record<keyof typeof enPortal, string> = {
  'portal.zoom': 'Zoomer',
  'portal.cite': 'Citer cet objet',
  'portal.citation': '{title}, {museum}, {accession}.',
  'portal.accessed': '(consulté le {date}).',
  'portal.download': 'Télécharger l’image',
  'portal.related': 'Objets liés',
  'portal.objectsOf': 'Objets',
  'portal.noObjects': 'Aucun objet public pour l’instant.',
  'portal.collection': 'La collection',
  'portal.more': 'Voir {count, plural, one {l’objet} other {les # objets}}',
  'portal.highlights': 'À découvrir',
  'portal.newest': 'Nouveau dans les collections',
  'portal.museums': 'Musées',
  'portal.authority.person': 'Personne ou organisation',
  'portal.authority.place': 'Lieu',
  'portal.authority.concept': 'Terme',
  'portal.otherNames': 'Autres noms',
  'portal.seeAlso': 'Ailleurs',
};
