import type { LangValue } from '../common/values.schemas.js';
import type { PublicObject } from '../portal/portal.presenter.js';

/** The museum a public record is shown with: enough to name it and to build its addresses. */
export interface RecordMuseum {
  slug: string;
  names: LangValue[];
  defaultLanguage: string;
}

/** A public object together with what every export of it needs (its museum and the platform's address). */
export interface PublicRecord {
  object: PublicObject;
  museum: RecordMuseum;
  base: string;
}

/**
 * The addresses of a public record and of what it links to. One place for them so that LIDO,
 * Linked Art, OAI-PMH and the CSV exports name a thing by the same URI as the portal serves it at.
 */
export function recordUris({ object, museum, base }: PublicRecord) {
  const path = `/m/${museum.slug}/objects/${object.id}`;
  return {
    page: (lang = museum.defaultLanguage) => `${base}/${lang}${path}`,
    linkedArt: `${base}${path}.jsonld`,
    lido: `${base}${path}.lido.xml`,
    manifest: `${base}/iiif/3/manifest/${object.id}`,
    museum: `${base}/m/${museum.slug}`,
    authority: (id: string) => `${base}/a/${id}`,
    image: (id: string) => `${base}/iiif/3/${id}`,
    imageFile: (id: string, width: number) => `${base}/iiif/3/${id}/full/${width},/0/default.jpg`,
  };
}
