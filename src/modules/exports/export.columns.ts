import { dateText } from '../objects/object.schemas.js';
import { type LangValue, pickLang } from '../common/values.schemas.js';
import type { MuseumObject } from '../objects/object.schemas.js';
import type { PublicObject } from '../portal/portal.presenter.js';
import type { Valuation } from '../valuations/valuation.schemas.js';
import type { CsvValue } from './csv.js';
import { type PublicRecord, recordUris } from './record-uris.js';

/** What a staff export adds to a record: the whole object as staff read it, where it is, and its value for those allowed. */
export interface StaffExtras {
  object: MuseumObject;
  location: { id: string; code: string } | null;
  /** Absent when the reader may not read valuations; null when the object has none. */
  valuation?: Pick<Valuation, 'amount' | 'currency' | 'valuedOn'> | null;
}

/** One object of an export: its public form always (the columns every export has), and for staff what only they may see. */
export interface ExportRow {
  record: PublicRecord;
  staff?: StaffExtras;
}

export interface Column {
  name: string;
  value: (row: ExportRow) => CsvValue;
}

/** Repeated values in one cell: a separator that catalogue text rarely holds, and that an import splits on by default. */
export const SEPARATOR = ' | ';
const join = (values: readonly string[]) => values.join(SEPARATOR);

type Link = PublicObject['makers'][number];

/**
 * The columns of a CSV export, in order. Text in several languages gets a column per language of
 * the platform (`title_ar`, `title_en`…) and one for the others (`ur: …`); linked people, places
 * and terms are named in the language the reader chose (else the museum's, else any), with
 * their role where it was catalogued. Staff columns come only with staff extras, and the value
 * columns only when the reader may read valuations.
 */
export function exportColumns(
  langs: readonly string[],
  lang: string,
  staff: { valuations: boolean } | null,
): Column[] {
  const o = (r: ExportRow) => r.record.object;
  const label = (r: ExportRow, l: Link) => {
    const name = pickLang(l.labels, [lang, r.record.museum.defaultLanguage, 'en'])?.value ?? l.id;
    return l.qualifier ? `${name} (${l.qualifier})` : name;
  };
  const inLang = (vs: readonly LangValue[], l: string) =>
    join(vs.filter((v) => v.lang === l).map((v) => v.value));
  const others = (vs: readonly LangValue[]) =>
    join(vs.filter((v) => !langs.includes(v.lang)).map((v) => `${v.lang}: ${v.value}`));
  const localised = (name: string, get: (r: ExportRow) => readonly LangValue[]): Column[] => [
    ...langs.map((l) => ({ name: `${name}_${l}`, value: (r: ExportRow) => inLang(get(r), l) })),
    { name: `${name}_other`, value: (r) => others(get(r)) },
  ];
  const links = (
    name: string,
    field: keyof Pick<
      PublicObject,
      | 'objectNames'
      | 'makers'
      | 'places'
      | 'cultures'
      | 'dynasties'
      | 'periods'
      | 'materials'
      | 'techniques'
      | 'collections'
    >,
  ): Column => ({ name, value: (r) => join(o(r)[field].map((l) => label(r, l))) });
  const years = (r: ExportRow, which: 'earliest' | 'latest') => {
    const ys = o(r)
      .dates.map((d) => d[which])
      .filter((y): y is number => y !== null);
    return ys.length ? (which === 'earliest' ? Math.min(...ys) : Math.max(...ys)) : null;
  };
  const columns: Column[] = [
    { name: 'id', value: (r) => o(r).id },
    { name: 'museum', value: (r) => r.record.museum.slug },
    { name: 'accession_number', value: (r) => o(r).accessionNumber },
    ...localised('title', (r) => o(r).titles),
    ...localised('description', (r) => o(r).descriptions),
    links('object_names', 'objectNames'),
    links('makers', 'makers'),
    links('places', 'places'),
    links('cultures', 'cultures'),
    links('dynasties', 'dynasties'),
    links('periods', 'periods'),
    links('materials', 'materials'),
    links('techniques', 'techniques'),
    links('collections', 'collections'),
    { name: 'dates', value: (r) => join(o(r).dates.map((d) => dateText(d))) },
    { name: 'date_calendars', value: (r) => join(o(r).dates.map((d) => d.calendar)) },
    { name: 'earliest_year', value: (r) => years(r, 'earliest') },
    { name: 'latest_year', value: (r) => years(r, 'latest') },
    {
      name: 'dimensions',
      value: (r) =>
        join(o(r).dimensions.map((d) => `${d.type} ${d.value} ${d.unit}${d.part ? ` (${d.part})` : ''}`)),
    },
    { name: 'inscriptions', value: (r) => join(o(r).inscriptions.map((i) => i.text)) },
    ...localised('provenance', (r) => o(r).provenance),
    ...localised('credit_line', (r) => o(r).creditLine),
    { name: 'rights', value: (r) => o(r).rights },
    ...localised('keywords', (r) => o(r).keywords),
    { name: 'url', value: (r) => recordUris(r.record).page(lang) },
    {
      name: 'images',
      value: (r) =>
        join(o(r).images.map((i) => recordUris(r.record).imageFile(i.id, Math.min(i.width, 1600)))),
    },
    { name: 'iiif_manifest', value: (r) => (o(r).images.length ? recordUris(r.record).manifest : null) },
  ];
  if (!staff) return columns;
  const s = (r: ExportRow) => r.staff!;
  columns.push(
    { name: 'visibility', value: (r) => s(r).object.visibility },
    { name: 'collection_status', value: (r) => s(r).object.collectionStatus },
    { name: 'accessioned_at', value: (r) => s(r).object.accessionedAt },
    {
      name: 'other_numbers',
      value: (r) => join(s(r).object.otherNumbers.map((n) => `${n.type}: ${n.value}`)),
    },
    { name: 'location', value: (r) => s(r).location?.code ?? null },
    { name: 'updated_at', value: (r) => s(r).object.updatedAt },
  );
  if (staff.valuations) {
    columns.push(
      { name: 'valuation_amount', value: (r) => s(r).valuation?.amount ?? null },
      { name: 'valuation_currency', value: (r) => s(r).valuation?.currency ?? null },
      { name: 'valuation_date', value: (r) => s(r).valuation?.valuedOn ?? null },
    );
  }
  return columns;
}
