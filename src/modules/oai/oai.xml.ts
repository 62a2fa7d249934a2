import { dateText } from '../objects/object.schemas.js';
import { esc } from '../common/xml.js';
import { pickLang } from '../common/values.schemas.js';
import type { PublicObject } from '../portal/portal.presenter.js';

/** A datestamp in the repository's granularity (seconds, UTC). */
export const datestamp = (iso: string) => `${iso.slice(0, 19)}Z`;

export function envelope(responseDate: string, request: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>${responseDate}</responseDate>
${request}
${body}
</OAI-PMH>
`;
}

export function header(identifier: string, stamp: string, setSpecs: string[], deleted: boolean): string {
  return `<header${deleted ? ' status="deleted"' : ''}><identifier>${esc(identifier)}</identifier><datestamp>${datestamp(stamp)}</datestamp>${setSpecs.map((s) => `<setSpec>${esc(s)}</setSpec>`).join('')}</header>`;
}

const el = (name: string, value: string, lang?: string) =>
  `<dc:${name}${lang ? ` xml:lang="${esc(lang)}"` : ''}>${esc(value)}</dc:${name}>`;
const labels = (links: PublicObject['makers']) =>
  links.map((l) => pickLang(l.labels, ['en'])).filter((x): x is NonNullable<typeof x> => !!x);

/**
 * Simple Dublin Core of a public object, from its public form only (the presenter's whitelist):
 * every title and description in its language, makers as creators, object names as types,
 * materials and techniques as formats, places, cultures, dynasties and periods as coverage, keywords and subjects, rights and the page's address.
 */
export function oaiDc(o: PublicObject, museum: string, page: string): string {
  const parts = [
    ...o.titles.map((t) => el('title', t.value, t.lang)),
    ...labels(o.makers).map((l) => el('creator', l.value, l.lang)),
    ...o.keywords.map((l) => el('subject', l.value, l.lang)),
    ...o.descriptions.map((d) => el('description', d.value, d.lang)),
    el('publisher', museum),
    ...o.dates.map((d) => el('date', dateText(d))),
    el('type', 'PhysicalObject'),
    ...labels(o.objectNames).map((l) => el('type', l.value, l.lang)),
    ...[...labels(o.materials), ...labels(o.techniques)].map((l) => el('format', l.value, l.lang)),
    el('identifier', page),
    el('identifier', o.accessionNumber),
    ...[...labels(o.places), ...labels(o.cultures), ...labels(o.dynasties), ...labels(o.periods)].map((l) =>
      el('coverage', l.value, l.lang),
    ),
    ...(o.rights ? [el('rights', o.rights)] : []),
  ];
  return `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">${parts.join('')}</oai_dc:dc>`;
}
