import type { AuthorityLabel } from '../authorities/authority.schemas.js';
import type { LangValue } from '../common/values.schemas.js';
import { esc } from '../common/xml.js';
import { isProductionPlace, dateText } from '../objects/object.schemas.js';
import type { PublicObject } from '../portal/portal.presenter.js';
import { type PublicRecord, recordUris } from './record-uris.js';

export const LIDO_NS = 'http://www.lido-schema.org';
export const LIDO_SCHEMA = 'http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd';

type Link = PublicObject['makers'][number];
const attrs = (a: Record<string, string | undefined>) =>
  Object.entries(a)
    .filter(([, v]) => v)
    .map(([k, v]) => ` ${k}="${esc(v!)}"`)
    .join('');
const el = (name: string, body: string, a: Record<string, string | undefined> = {}) =>
  body ? `<lido:${name}${attrs(a)}>${body}</lido:${name}>` : '';
const text = (name: string, value: string, lang?: string) =>
  `<lido:${name}${attrs({ 'xml:lang': lang })}>${esc(value)}</lido:${name}>`;
const values = (name: string, vs: readonly (LangValue | AuthorityLabel)[]) =>
  vs.map((v) => text(name, v.value, v.lang)).join('');
const year = (y: number) => (y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0'));

/** A concept: our own URI for it, then its labels in every language. */
function concept(
  name: string,
  link: Link,
  uri: (id: string) => string,
  a: Record<string, string | undefined> = {},
): string {
  return el(
    name,
    `<lido:conceptID lido:type="URI">${esc(uri(link.id))}</lido:conceptID>${values('term', link.labels)}`,
    a,
  );
}

function actor(link: Link, uri: (id: string) => string): string {
  const id = `<lido:actorID lido:type="URI">${esc(uri(link.id))}</lido:actorID>`;
  const role = link.qualifier
    ? `<lido:roleActor><lido:term>${esc(link.qualifier)}</lido:term></lido:roleActor>`
    : '';
  return `<lido:eventActor><lido:actorInRole><lido:actor>${id}<lido:nameActorSet>${values('appellationValue', link.labels)}</lido:nameActorSet></lido:actor>${role}</lido:actorInRole></lido:eventActor>`;
}

function place(link: Link, uri: (id: string) => string): string {
  return `<lido:place><lido:placeID lido:type="URI">${esc(uri(link.id))}</lido:placeID><lido:namePlaceSet>${values('appellationValue', link.labels)}</lido:namePlaceSet></lido:place>`;
}

/** The one event Mathaf records: production, with its makers, culture, date, period, place, materials and techniques. */
function production(o: PublicObject, uri: (id: string) => string): string {
  const places = o.places.filter((p) => isProductionPlace(p.qualifier));
  const date = o.dates.find((d) => d.status !== 'undated');
  const eventDate = date
    ? `<lido:eventDate>${text('displayDate', dateText(date))}${date.earliest !== null && date.latest !== null ? `<lido:date><lido:earliestDate>${year(date.earliest)}</lido:earliestDate><lido:latestDate>${year(date.latest)}</lido:latestDate></lido:date>` : ''}</lido:eventDate>`
    : '';
  const body = [
    '<lido:eventType><lido:conceptID lido:type="URI">http://terminology.lido-schema.org/lido00007</lido:conceptID><lido:term xml:lang="en">Production</lido:term></lido:eventType>',
    ...o.makers.map((m) => actor(m, uri)),
    ...o.cultures.map((c) => concept('culture', c, uri)),
    eventDate,
    ...o.dynasties.map((p) => concept('periodName', p, uri, { 'lido:type': 'dynasty' })),
    ...o.periods.map((p) => concept('periodName', p, uri, { 'lido:type': 'period' })),
    ...places.map((p) => `<lido:eventPlace>${place(p, uri)}</lido:eventPlace>`),
    o.materials.length || o.techniques.length
      ? `<lido:eventMaterialsTech><lido:materialsTech>${[...o.materials.map((m) => concept('termMaterialsTech', m, uri, { 'lido:type': 'material' })), ...o.techniques.map((t) => concept('termMaterialsTech', t, uri, { 'lido:type': 'technique' }))].join('')}</lido:materialsTech></lido:eventMaterialsTech>`
      : '',
  ];
  return `<lido:eventSet><lido:event>${body.join('')}</lido:event></lido:eventSet>`;
}

function measurements(o: PublicObject): string {
  return o.dimensions
    .map(
      (d) =>
        `<lido:objectMeasurementsSet><lido:displayObjectMeasurements>${esc(`${d.type} ${d.value} ${d.unit}${d.part ? ` (${d.part})` : ''}`)}</lido:displayObjectMeasurements><lido:objectMeasurements><lido:measurementsSet><lido:measurementType>${d.type}</lido:measurementType><lido:measurementUnit>${d.unit}</lido:measurementUnit><lido:measurementValue>${d.value}</lido:measurementValue></lido:measurementsSet>${d.part ? `<lido:extentMeasurements>${esc(d.part)}</lido:extentMeasurements>` : ''}</lido:objectMeasurements></lido:objectMeasurementsSet>`,
    )
    .join('');
}

function inscriptions(o: PublicObject): string {
  return o.inscriptions
    .map((i) => {
      const transcription = `<lido:inscriptionTranscription${attrs({ 'xml:lang': i.lang })}>${esc(i.text)}</lido:inscriptionTranscription>`;
      const notes = [
        ...(i.transliteration ? [{ lang: `${i.lang ?? 'ar'}-Latn`, value: i.transliteration }] : []),
        ...(i.translations ?? []),
      ];
      return `<lido:inscriptions${attrs({ 'lido:type': i.type })}>${transcription}${notes.length ? `<lido:inscriptionDescription>${values('descriptiveNoteValue', notes)}</lido:inscriptionDescription>` : ''}</lido:inscriptions>`;
    })
    .join('');
}

function subjects(o: PublicObject, uri: (id: string) => string): string {
  const depicted = o.places.filter((p) => !isProductionPlace(p.qualifier));
  if (!o.keywords.length && !depicted.length) return '';
  const keywords = o.keywords
    .map((k) => `<lido:subjectConcept>${text('term', k.value, k.lang)}</lido:subjectConcept>`)
    .join('');
  const places = depicted.map((p) => `<lido:subjectPlace>${place(p, uri)}</lido:subjectPlace>`).join('');
  return `<lido:objectRelationWrap><lido:subjectWrap><lido:subjectSet><lido:subject>${keywords}${places}</lido:subject></lido:subjectSet></lido:subjectWrap></lido:objectRelationWrap>`;
}

/**
 * A LIDO 1.1 record of a public object, written from its public form only (the presenter's
 * whitelist). One descriptive section in the museum's language whose values keep their own
 * `xml:lang`; people, places and terms carry the URIs of their pages here.
 */
export function lidoRecord(record: PublicRecord, namespaces = true): string {
  const { object: o, museum } = record;
  const uris = recordUris(record);
  const lang = museum.defaultLanguage;
  const legalBody = `<lido:legalBodyID lido:type="URI">${esc(uris.museum)}</lido:legalBodyID><lido:legalBodyName>${values('appellationValue', museum.names)}</lido:legalBodyName><lido:legalBodyWeblink>${esc(uris.museum)}</lido:legalBodyWeblink>`;
  const workType = o.objectNames.length
    ? o.objectNames.map((n) => concept('objectWorkType', n, uris.authority)).join('')
    : '<lido:objectWorkType><lido:term xml:lang="en">object</lido:term></lido:objectWorkType>';
  const classifications = o.collections
    .map((c) => concept('classification', c, uris.authority, { 'lido:type': 'collection' }))
    .join('');
  const description = [...o.descriptions, ...o.provenance].length
    ? `<lido:objectDescriptionWrap>${o.descriptions.length ? `<lido:objectDescriptionSet>${values('descriptiveNoteValue', o.descriptions)}</lido:objectDescriptionSet>` : ''}${o.provenance.length ? `<lido:objectDescriptionSet lido:type="provenance">${values('descriptiveNoteValue', o.provenance)}</lido:objectDescriptionSet>` : ''}</lido:objectDescriptionWrap>`
    : '';
  const rights = o.rights
    ? `<lido:rightsType><lido:conceptID lido:type="URI">${esc(o.rights)}</lido:conceptID></lido:rightsType>`
    : '';
  const credit = o.creditLine.length
    ? `<lido:creditLine>${o.creditLine.map((c) => esc(c.value)).join(' / ')}</lido:creditLine>`
    : '';
  const resources = o.images
    .map((img) => {
      const imgRights = img.rights
        ? `<lido:rightsResource><lido:rightsType><lido:conceptID lido:type="URI">${esc(img.rights)}</lido:conceptID></lido:rightsType>${img.credit ? `<lido:creditLine>${esc(img.credit)}</lido:creditLine>` : ''}</lido:rightsResource>`
        : '';
      const captions = img.captions.length
        ? `<lido:resourceDescription>${img.captions.map((c) => esc(c.value)).join(' / ')}</lido:resourceDescription>`
        : '';
      return `<lido:resourceSet><lido:resourceID lido:type="URI">${esc(uris.image(img.id))}</lido:resourceID><lido:resourceRepresentation lido:type="http://terminology.lido-schema.org/lido00451"><lido:linkResource lido:formatResource="image/jpeg">${esc(uris.imageFile(img.id, Math.min(img.width, 1600)))}</lido:linkResource></lido:resourceRepresentation><lido:resourceRepresentation lido:type="http://iiif.io/api/image"><lido:linkResource>${esc(`${uris.image(img.id)}/info.json`)}</lido:linkResource></lido:resourceRepresentation><lido:resourceType><lido:term xml:lang="en">image</lido:term></lido:resourceType>${captions}${imgRights}</lido:resourceSet>`;
    })
    .join('');
  const ns = namespaces
    ? ` xmlns:lido="${LIDO_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${LIDO_NS} ${LIDO_SCHEMA}"`
    : '';
  return (
    `<lido:lido${ns}>` +
    `<lido:lidoRecID lido:type="URI">${esc(uris.page())}</lido:lidoRecID>` +
    '<lido:category><lido:conceptID lido:type="URI">http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object</lido:conceptID><lido:term xml:lang="en">Human-Made Object</lido:term></lido:category>' +
    `<lido:descriptiveMetadata xml:lang="${esc(lang)}">` +
    `<lido:objectClassificationWrap><lido:objectWorkTypeWrap>${workType}</lido:objectWorkTypeWrap>${classifications ? `<lido:classificationWrap>${classifications}</lido:classificationWrap>` : ''}</lido:objectClassificationWrap>` +
    '<lido:objectIdentificationWrap>' +
    `<lido:titleWrap><lido:titleSet>${values('appellationValue', o.titles)}</lido:titleSet></lido:titleWrap>` +
    (o.inscriptions.length ? `<lido:inscriptionsWrap>${inscriptions(o)}</lido:inscriptionsWrap>` : '') +
    `<lido:repositoryWrap><lido:repositorySet lido:type="current"><lido:repositoryName>${legalBody}</lido:repositoryName><lido:workID lido:type="inventory number">${esc(o.accessionNumber)}</lido:workID></lido:repositorySet></lido:repositoryWrap>` +
    description +
    (o.dimensions.length
      ? `<lido:objectMeasurementsWrap>${measurements(o)}</lido:objectMeasurementsWrap>`
      : '') +
    '</lido:objectIdentificationWrap>' +
    `<lido:eventWrap>${production(o, uris.authority)}</lido:eventWrap>` +
    subjects(o, uris.authority) +
    '</lido:descriptiveMetadata>' +
    `<lido:administrativeMetadata xml:lang="${esc(lang)}">` +
    (rights || credit
      ? `<lido:rightsWorkWrap><lido:rightsWorkSet>${rights}${credit}</lido:rightsWorkSet></lido:rightsWorkWrap>`
      : '') +
    `<lido:recordWrap><lido:recordID lido:type="local">${esc(o.id)}</lido:recordID><lido:recordType><lido:conceptID lido:type="URI">http://terminology.lido-schema.org/lido00141</lido:conceptID><lido:term xml:lang="en">item</lido:term></lido:recordType><lido:recordSource>${legalBody}</lido:recordSource>` +
    `<lido:recordInfoSet><lido:recordInfoLink>${esc(uris.page())}</lido:recordInfoLink></lido:recordInfoSet></lido:recordWrap>` +
    (resources ? `<lido:resourceWrap>${resources}</lido:resourceWrap>` : '') +
    '</lido:administrativeMetadata></lido:lido>'
  );
}

/** The opening and closing of a document of several records, apart so that an export can stream what goes between. */
export const LIDO_WRAP_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<lido:lidoWrap xmlns:lido="${LIDO_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${LIDO_NS} ${LIDO_SCHEMA}">\n`;
export const LIDO_WRAP_TAIL = '</lido:lidoWrap>\n';

/** Several records in one document (records made with `namespaces` false). */
export const lidoWrap = (records: Iterable<string>) =>
  `${LIDO_WRAP_HEAD}${[...records].map((r) => `${r}\n`).join('')}${LIDO_WRAP_TAIL}`;
