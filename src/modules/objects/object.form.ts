import type { FieldError } from '../../errors.js';
import { lines, num, str } from '../../http/forms.js';
import type { Authority } from '../authorities/authority.schemas.js';
import type { ObjectInput } from './object.schemas.js';

/** The object form's fields, as strings, nested the way the form names them. */
export interface ObjectForm {
  accessionNumber?: string;
  visibility?: string;
  version?: string;
  titles?: { lang?: string; value?: string }[];
  descriptions?: { lang?: string; value?: string }[];
  otherNumbers?: { type?: string; value?: string }[];
  objectNames?: string | string[];
  cultures?: string | string[];
  dynasties?: string | string[];
  periods?: string | string[];
  materials?: string | string[];
  techniques?: string | string[];
  collections?: string | string[];
  makers?: { label?: string; qualifier?: string }[];
  places?: { label?: string; qualifier?: string }[];
  dates?: string;
  keepUnreadDates?: string;
  dimensions?: { type?: string; value?: string; unit?: string; part?: string }[];
  inscriptions?: {
    text?: string;
    lang?: string;
    script?: string;
    type?: string;
    transliteration?: string;
    translationLang?: string;
    translation?: string;
    position?: string;
  }[];
  provenance?: { lang?: string; value?: string }[];
  creditLine?: { lang?: string; value?: string }[];
  keywords?: { lang?: string; value?: string }[];
  rights?: string;
}

export const CONCEPT_FIELDS = [
  ['objectNames', 'object_name'],
  ['cultures', 'culture'],
  ['dynasties', 'dynasty'],
  ['periods', 'period'],
  ['materials', 'material'],
  ['techniques', 'technique'],
  ['collections', 'collection'],
] as const;

const ids = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v ? [v] : []).filter(Boolean).map((id) => ({ id }));
const langRows = (rows: { lang?: string; value?: string }[] = []) =>
  rows.filter((r) => str(r.value)).map((r) => ({ lang: str(r.lang) ?? '', value: r.value!.trim() }));

/** Finds an authority by label for a form row; undefined when none matches. */
export type LabelResolver = (kind: 'makers' | 'places', label: string) => Promise<Authority | undefined>;

/**
 * Turns the submitted form into the API's input shape. People and places are typed by name in
 * the form (with type-ahead); a name that matches no record becomes a field error.
 */
export async function formToInput(
  f: ObjectForm,
  resolve: LabelResolver,
): Promise<{ input: Record<string, unknown>; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const linked = async (kind: 'makers' | 'places') => {
    const out: { id: string; qualifier?: string }[] = [];
    for (const [i, row] of (f[kind] ?? []).entries()) {
      const label = str(row.label);
      if (!label) continue;
      const a = await resolve(kind, label);
      if (!a)
        errors.push({
          path: `${kind}.${i}.label`,
          code: 'unknown_label',
          message: `No record named ${label}`,
        });
      else out.push({ id: a.id, ...(str(row.qualifier) ? { qualifier: str(row.qualifier)! } : {}) });
    }
    return out;
  };
  const input: Record<string, unknown> = {
    accessionNumber: f.accessionNumber ?? '',
    visibility: str(f.visibility),
    titles: langRows(f.titles),
    descriptions: langRows(f.descriptions),
    otherNumbers: (f.otherNumbers ?? [])
      .filter((r) => str(r.value) || str(r.type))
      .map((r) => ({ type: r.type ?? '', value: r.value ?? '' })),
    ...Object.fromEntries(CONCEPT_FIELDS.map(([field]) => [field, ids(f[field])])),
    makers: await linked('makers'),
    places: await linked('places'),
    dates: lines(f.dates),
    dimensions: (f.dimensions ?? [])
      .filter((d) => str(d.value))
      .map((d) => ({
        type: d.type,
        value: num(d.value),
        unit: d.unit,
        ...(str(d.part) ? { part: str(d.part) } : {}),
      })),
    inscriptions: (f.inscriptions ?? [])
      .filter((i) => str(i.text))
      .map((i) => ({
        text: i.text!.trim(),
        ...(str(i.lang) ? { lang: str(i.lang) } : {}),
        ...(str(i.script) ? { script: str(i.script) } : {}),
        ...(str(i.type) ? { type: str(i.type) } : {}),
        ...(str(i.transliteration) ? { transliteration: str(i.transliteration) } : {}),
        ...(str(i.translation)
          ? { translations: [{ lang: str(i.translationLang) ?? 'en', value: str(i.translation) }] }
          : {}),
        ...(str(i.position) ? { position: str(i.position) } : {}),
      })),
    provenance: langRows(f.provenance),
    creditLine: langRows(f.creditLine),
    keywords: (f.keywords ?? []).flatMap((r) =>
      lines(r.value).map((value) => ({ lang: str(r.lang) ?? '', value })),
    ),
    rights: str(f.rights) ?? null,
    ...(str(f.version) ? { version: Number(f.version) } : {}),
  };
  return { input, errors };
}

/** The form's fields for an existing object (or an input), with linked records named by label. */
export function inputToForm(i: ObjectInput, labelOf: (id: string) => string): ObjectForm {
  const keywordsByLang = new Map<string, string[]>();
  for (const k of i.keywords ?? [])
    keywordsByLang.set(k.lang, [...(keywordsByLang.get(k.lang) ?? []), k.value]);
  return {
    accessionNumber: i.accessionNumber,
    visibility: i.visibility,
    titles: i.titles,
    descriptions: i.descriptions ?? [],
    otherNumbers: i.otherNumbers ?? [],
    ...Object.fromEntries(CONCEPT_FIELDS.map(([field]) => [field, (i[field] ?? []).map((l) => l.id)])),
    makers: (i.makers ?? []).map((l) => ({ label: labelOf(l.id), qualifier: l.qualifier ?? '' })),
    places: (i.places ?? []).map((l) => ({ label: labelOf(l.id), qualifier: l.qualifier ?? '' })),
    dates: (i.dates ?? []).join('\n'),
    dimensions: (i.dimensions ?? []).map((d) => ({
      type: d.type,
      value: String(d.value),
      unit: d.unit,
      part: d.part ?? '',
    })),
    inscriptions: (i.inscriptions ?? []).map((x) => ({
      text: x.text,
      lang: x.lang ?? '',
      script: x.script ?? '',
      type: x.type ?? '',
      transliteration: x.transliteration ?? '',
      translationLang: x.translations?.[0]?.lang ?? '',
      translation: x.translations?.[0]?.value ?? '',
      position: x.position ?? '',
    })),
    provenance: i.provenance ?? [],
    creditLine: i.creditLine ?? [],
    keywords: [...keywordsByLang].map(([lang, values]) => ({ lang, value: values.join('\n') })),
    rights: i.rights ?? '',
  };
}
