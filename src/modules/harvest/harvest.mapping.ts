import { RIGHTS } from '../common/values.schemas.js';
import type { PendingLink } from '../imports/import.mapping.js';
import { DIMENSION_TYPES, type LinkField } from '../objects/object.schemas.js';
import { all, attr, first, textOf, type XNode } from './harvest.xml.js';

/** A harvested record made into the object's input, with the names still to match and its address at the source. */
export interface HarvestDraft {
  accessionNumber: string | null;
  input: Record<string, unknown>;
  links: PendingLink[];
  url: string | null;
}

type Value = { lang: string; value: string };
const DCMI_TYPES = new Set([
  'collection',
  'dataset',
  'event',
  'image',
  'interactiveresource',
  'movingimage',
  'physicalobject',
  'service',
  'software',
  'sound',
  'stillimage',
  'text',
]);
const UNITS = new Set(['mm', 'cm', 'm', 'in', 'g', 'kg']);
const isUrl = (v: string) => /^https?:\/\//i.test(v);
const lang = (n: XNode | undefined, fallback: string) => attr(n, 'lang') ?? fallback;
const values = (nodes: XNode[], fallback: string): Value[] =>
  nodes.map((n) => ({ lang: lang(n, fallback), value: textOf(n) })).filter((v) => v.value);
const rightsOf = (v: string | undefined) =>
  v && (RIGHTS as readonly string[]).includes(v.trim()) ? v.trim() : undefined;

function link(
  field: LinkField,
  names: Value[],
  column: string,
  qualifier: string | null = null,
): PendingLink[] {
  if (!names.length) return [];
  return [{ field, column, label: names[0]!.value, lang: names[0]!.lang, qualifier, labels: names }];
}

const put = (input: Record<string, unknown>, key: string, vs: unknown[]) => {
  if (vs.length) input[key] = vs;
};

/** Simple Dublin Core: each element to the nearest field (creators as makers, subjects as keywords, types as object names). */
export function fromDublinCore(dc: XNode, defaultLang: string): HarvestDraft {
  const input: Record<string, unknown> = {};
  put(input, 'titles', values(all(dc, 'title'), defaultLang));
  put(input, 'descriptions', values(all(dc, 'description'), defaultLang));
  put(input, 'keywords', values([...all(dc, 'subject'), ...all(dc, 'coverage')], defaultLang));
  put(input, 'dates', all(dc, 'date').map(textOf).filter(Boolean));
  const rights = all(dc, 'rights')
    .map((n) => rightsOf(textOf(n)))
    .find(Boolean);
  if (rights) input.rights = rights;
  const identifiers = all(dc, 'identifier').map(textOf).filter(Boolean);
  const links = [
    ...values([...all(dc, 'creator'), ...all(dc, 'contributor')], defaultLang).flatMap((v) =>
      link('makers', [v], 'dc:creator'),
    ),
    ...values(all(dc, 'type'), defaultLang)
      .filter((v) => !DCMI_TYPES.has(v.value.toLowerCase().replace(/\s+/g, '')))
      .flatMap((v) => link('objectNames', [v], 'dc:type')),
    ...values(all(dc, 'format'), defaultLang).flatMap((v) => link('materials', [v], 'dc:format')),
  ];
  return {
    accessionNumber: identifiers.find((i) => !isUrl(i) && i.length <= 64) ?? null,
    input,
    links,
    url: identifiers.find(isUrl) ?? null,
  };
}

/** LIDO 1.0 or 1.1: titles, descriptions, the production event (makers and roles, culture, date, periods, places, materials and techniques), measurements, inscriptions, subjects, rights. */
export function fromLido(lido: XNode, defaultLang: string): HarvestDraft {
  const input: Record<string, unknown> = {};
  const links: PendingLink[] = [];
  for (const d of all(lido, 'descriptiveMetadata')) {
    const fallback = attr(d, 'lang') ?? defaultLang;
    const id = first(d, 'objectIdentificationWrap');
    put(input, 'titles', [
      ...((input.titles as Value[]) ?? []),
      ...values(all(id, 'titleWrap', 'titleSet', 'appellationValue'), fallback),
    ]);
    for (const set of all(id, 'objectDescriptionWrap', 'objectDescriptionSet')) {
      const key = attr(set, 'type') === 'provenance' ? 'provenance' : 'descriptions';
      put(input, key, [
        ...((input[key] as Value[]) ?? []),
        ...values(all(set, 'descriptiveNoteValue'), fallback),
      ]);
    }
    const work = first(id, 'repositoryWrap', 'repositorySet', 'workID');
    if (work && !input.accessionNumber) input.accessionNumber = textOf(work);
    put(
      input,
      'dimensions',
      all(id, 'objectMeasurementsWrap', 'objectMeasurementsSet', 'objectMeasurements').flatMap((m) => {
        const part = textOf(first(m, 'extentMeasurements'));
        return all(m, 'measurementsSet').flatMap((s) => {
          const type = textOf(first(s, 'measurementType')).toLowerCase();
          const unit = textOf(first(s, 'measurementUnit')).toLowerCase();
          const value = Number(textOf(first(s, 'measurementValue')));
          return (DIMENSION_TYPES as readonly string[]).includes(type) && UNITS.has(unit) && value > 0
            ? [{ type, value, unit, ...(part ? { part } : {}) }]
            : [];
        });
      }),
    );
    put(
      input,
      'inscriptions',
      all(id, 'inscriptionsWrap', 'inscriptions').flatMap((i) => {
        const t = first(i, 'inscriptionTranscription');
        if (!textOf(t)) return [];
        const notes = values(all(i, 'inscriptionDescription', 'descriptiveNoteValue'), fallback);
        const script = attr(t, 'lang');
        const transliteration = notes.find((n) => n.lang.endsWith('-Latn'));
        const translations = notes.filter((n) => n !== transliteration);
        return [
          {
            text: textOf(t),
            ...(script ? { lang: script } : {}),
            ...(attr(i, 'type') ? { type: attr(i, 'type') } : {}),
            ...(transliteration ? { transliteration: transliteration.value } : {}),
            ...(translations.length ? { translations } : {}),
          },
        ];
      }),
    );
    const cls = first(d, 'objectClassificationWrap');
    for (const t of all(cls, 'objectWorkTypeWrap', 'objectWorkType')) {
      const names = values(all(t, 'term'), fallback);
      if (!(names.length === 1 && names[0]!.value === 'object'))
        links.push(...link('objectNames', names, 'lido:objectWorkType'));
    }
    for (const c of all(cls, 'classificationWrap', 'classification'))
      links.push(
        ...link(
          attr(c, 'type') === 'collection' ? 'collections' : 'cultures',
          values(all(c, 'term'), fallback),
          'lido:classification',
        ),
      );
    for (const e of all(d, 'eventWrap', 'eventSet', 'event')) {
      for (const a of all(e, 'eventActor', 'actorInRole')) {
        const role = textOf(first(a, 'roleActor', 'term')) || null;
        links.push(
          ...link(
            'makers',
            values(all(a, 'actor', 'nameActorSet', 'appellationValue'), fallback),
            'lido:eventActor',
            role,
          ),
        );
      }
      for (const c of all(e, 'culture'))
        links.push(...link('cultures', values(all(c, 'term'), fallback), 'lido:culture'));
      for (const p of all(e, 'periodName'))
        links.push(
          ...link(
            attr(p, 'type') === 'dynasty' ? 'dynasties' : 'periods',
            values(all(p, 'term'), fallback),
            'lido:periodName',
          ),
        );
      for (const p of all(e, 'eventPlace', 'place'))
        links.push(
          ...link('places', values(all(p, 'namePlaceSet', 'appellationValue'), fallback), 'lido:eventPlace'),
        );
      for (const m of all(e, 'eventMaterialsTech', 'materialsTech', 'termMaterialsTech'))
        links.push(
          ...link(
            attr(m, 'type') === 'technique' ? 'techniques' : 'materials',
            values(all(m, 'term'), fallback),
            'lido:termMaterialsTech',
          ),
        );
      const date = textOf(first(e, 'eventDate', 'displayDate'));
      if (date) put(input, 'dates', [...((input.dates as string[]) ?? []), date]);
    }
    for (const s of all(d, 'objectRelationWrap', 'subjectWrap', 'subjectSet', 'subject')) {
      put(input, 'keywords', [
        ...((input.keywords as Value[]) ?? []),
        ...all(s, 'subjectConcept').flatMap((c) => values(all(c, 'term'), fallback)),
      ]);
      for (const p of all(s, 'subjectPlace', 'place'))
        links.push(
          ...link(
            'places',
            values(all(p, 'namePlaceSet', 'appellationValue'), fallback),
            'lido:subjectPlace',
            'depicted',
          ),
        );
    }
  }
  let url: string | null = null;
  for (const a of all(lido, 'administrativeMetadata')) {
    const fallback = attr(a, 'lang') ?? defaultLang;
    const set = first(a, 'rightsWorkWrap', 'rightsWorkSet');
    const rights = rightsOf(textOf(first(set, 'rightsType', 'conceptID')));
    if (rights) input.rights = rights;
    const credit = textOf(first(set, 'creditLine'));
    if (credit) input.creditLine = [{ lang: fallback, value: credit }];
    url ??= textOf(first(a, 'recordWrap', 'recordInfoSet', 'recordInfoLink')) || null;
  }
  url ??= isUrl(textOf(first(lido, 'lidoRecID'))) ? textOf(first(lido, 'lidoRecID')) : null;
  const accession =
    typeof input.accessionNumber === 'string' && input.accessionNumber.length <= 64
      ? input.accessionNumber
      : null;
  delete input.accessionNumber;
  return { accessionNumber: accession, input, links, url };
}
