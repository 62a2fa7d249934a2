import { readFileSync } from 'node:fs';
import { SYSTEM_ACTOR } from '../modules/access/roles.js';
import type { Services } from '../services.js';
import type { TermIndex } from './terms.js';
import { TERMS } from './vocabularies.js';

/** The fields of a Walters record that the demo reads (see data/samples/walters/SOURCE.md). */
export interface WaltersRecord {
  ObjectID: number;
  ObjectNumber: string;
  Title: string | null;
  ObjectName: string | null;
  Culture: string | null;
  Dynasty: string | null;
  DateText: string | null;
  Medium: string | null;
  Dimensions: string | null;
  CreditLine: string | null;
  Provenance: string | null;
  Keywords: string | null;
  Inscriptions: string | null;
  Description: string | null;
  Creators: { ConcatDisplayName: string; Role: string | null }[] | null;
  Geographies:
    | {
        GeographyID: number;
        GeographyTerm: string;
        GeoType: string | null;
        LatitudeNumber: number | null;
        LongitudeNumber: number | null;
      }[]
    | null;
  ResourceURL: string | null;
}

const split = (s: string | null, re = /;/) =>
  (s ?? '')
    .split(re)
    .map((x) => x.trim())
    .filter(Boolean);
const DIM_TYPES: Record<string, string> = {
  h: 'height',
  w: 'width',
  d: 'depth',
  l: 'length',
  diam: 'diameter',
  th: 'thickness',
  wt: 'weight',
  circ: 'circumference',
};

/** `Folio H: 11 7/16 x W: 6 7/8 in. (29 x 17.5 cm)` → metric dimensions, labelled by part. */
export function parseWaltersDimensions(
  text: string | null,
): { type: string; value: number; unit: string; part?: string }[] {
  const out: { type: string; value: number; unit: string; part?: string }[] = [];
  for (const seg of split(text)) {
    const metric = /\(([^)]*?)\s*(mm|cm|m|g|kg)\)/.exec(seg);
    const labels = [...seg.replace(/\(.*$/, '').matchAll(/\b(H|W|D|L|Diam|Th|Wt|Circ)\s*[:.]/gi)].map(
      (m) => DIM_TYPES[m[1]!.toLowerCase()],
    );
    if (!metric || labels.length === 0) continue;
    const values = metric[1]!.split(/\s*x\s*/).map(Number);
    if (values.length !== labels.length || values.some((v) => !(v > 0))) continue;
    const part = seg.slice(0, seg.search(/\b(H|W|D|L|Diam|Th|Wt|Circ)\s*[:.]/i)).trim();
    for (const [i, value] of values.entries())
      out.push({ type: labels[i]!, value, unit: metric[2]!, ...(part ? { part } : {}) });
  }
  return out;
}

const stripHtml = (html: string) =>
  html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();

/** The Walters record as Mathaf object input; authorities are found or created through `terms`. */
export async function waltersToInput(
  r: WaltersRecord,
  museumId: string,
  terms: TermIndex,
): Promise<Record<string, unknown>> {
  const concept = (scheme: string) => (label: string) =>
    terms.resolve({ type: 'concept', scheme }, label, museumId);
  const dynastyNames = split((r.Dynasty ?? '').replace(/\(\?\)|\bearly\b|\bDynasty\b/gi, ''), /;|,|\bor\b/);
  const materials = TERMS.filter((x) => x.scheme === 'material').filter((x) =>
    [x.en, ...(x.aliases ?? [])].some((w) => new RegExp(`\\b${w}\\b`, 'i').test(r.Medium ?? '')),
  );
  // The same place is sometimes listed twice with the same role: once is enough.
  const places = (r.Geographies ?? []).filter(
    (g, i, all) =>
      g.GeographyTerm &&
      all.findIndex((x) => x.GeographyTerm === g.GeographyTerm && x.GeoType === g.GeoType) === i,
  );
  return {
    accessionNumber: r.ObjectNumber,
    visibility: 'public',
    titles: [{ lang: 'en', value: r.Title?.trim() || r.ObjectNumber }],
    descriptions: [
      ...(r.Medium ? [{ lang: 'en', value: `Medium: ${r.Medium}` }] : []),
      ...(r.Description
        ? [
            {
              lang: 'en',
              value: `${stripHtml(r.Description)}\n\n(Text: The Walters Art Museum, GNU FDL 1.3)`,
            },
          ]
        : []),
    ],
    otherNumbers: [{ type: 'Walters object id', value: String(r.ObjectID) }],
    objectNames: await Promise.all(
      split(r.ObjectName).map(async (n) => ({ id: await concept('object_name')(n) })),
    ),
    cultures: await Promise.all(split(r.Culture).map(async (n) => ({ id: await concept('culture')(n) }))),
    dynasties: await Promise.all(
      [...new Set(dynastyNames)].map(async (n) => ({ id: await concept('dynasty')(n) })),
    ),
    materials: await Promise.all(materials.map(async (m) => ({ id: await concept('material')(m.en) }))),
    makers: await Promise.all(
      (r.Creators ?? [])
        .filter((c) => c.ConcatDisplayName)
        .map(async (c) => ({
          id: await terms.resolve({ type: 'person' }, c.ConcatDisplayName, museumId),
          ...(c.Role ? { qualifier: c.Role.toLowerCase() } : {}),
        })),
    ),
    places: await Promise.all(
      places.map(async (g) => ({
        id: await terms.resolve(
          { type: 'place' },
          g.GeographyTerm,
          museumId,
          g.LatitudeNumber != null && g.LongitudeNumber != null
            ? { latitude: g.LatitudeNumber, longitude: g.LongitudeNumber }
            : {},
        ),
        qualifier: (g.GeoType ?? 'place of origin').toLowerCase(),
      })),
    ),
    dates: r.DateText ? [r.DateText] : [],
    dimensions: parseWaltersDimensions(r.Dimensions),
    inscriptions: split(r.Inscriptions).map((text) => {
      const m = /^([^:]{1,40}):\s*(.+)$/s.exec(text);
      return m ? { type: m[1]!.trim(), text: m[2]!.trim(), lang: 'en' } : { text, lang: 'en' };
    }),
    provenance: r.Provenance ? [{ lang: 'en', value: r.Provenance }] : [],
    creditLine: r.CreditLine ? [{ lang: 'en', value: r.CreditLine }] : [],
    keywords: [...new Set(split(r.Keywords))].slice(0, 200).map((value) => ({ lang: 'en', value })),
    rights: 'https://creativecommons.org/publicdomain/zero/1.0/',
  };
}

/** Loads every record of the Walters sample into a museum, through the object service (validated and audited). */
export async function loadWalters(
  s: Services,
  museumId: string,
  file: string,
  terms: TermIndex,
  progress?: (n: number) => void,
  limit = Number.POSITIVE_INFINITY,
): Promise<number> {
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (n >= limit) break;
    const rec = line.trim() ? (JSON.parse(line) as WaltersRecord | null) : null;
    if (!rec) continue;
    await s.objects.create(SYSTEM_ACTOR, museumId, await waltersToInput(rec, museumId, terms), {
      keepUnreadDates: true,
    });
    if (++n % 250 === 0) progress?.(n);
  }
  return n;
}
