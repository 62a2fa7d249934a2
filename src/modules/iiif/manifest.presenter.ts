import { LANGS, translator } from '../../http/i18n/locale.js';
import type { MessageKey } from '../../http/i18n/messages/en.js';
import type { LangValue } from '../common/values.schemas.js';
import type { Media } from '../media/media.schemas.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { MuseumObject, ObjectLink } from '../objects/object.schemas.js';
import { fitLimits, type Limits } from './image-request.js';

/** A IIIF language map (Presentation 3.0 §4.4): language → values; `none` where the language is not known. */
export type LanguageMap = Record<string, string[]>;

const PRESENTATION_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';

export function languageMap(values: readonly LangValue[], fallback?: string): LanguageMap {
  const map: LanguageMap = {};
  for (const v of values) {
    const lang = v.lang || 'none';
    map[lang] = [...(map[lang] ?? []), v.value];
  }
  if (!Object.keys(map).length && fallback) map.none = [fallback];
  return map;
}

/** An interface label in every language Mathaf speaks. */
function uiLabel(key: MessageKey, values?: Record<string, string | number>): LanguageMap {
  return Object.fromEntries(
    LANGS.map((lang) => [
      lang,
      [translator({ lang, tag: lang, dir: lang === 'ar' ? 'rtl' : 'ltr' })(key, values)],
    ]),
  );
}

/** Authority links as a language map: each language that any label has, each link in it (or its first label). */
function linksMap(links: readonly ObjectLink[]): LanguageMap {
  const langs = [...new Set(links.flatMap((l) => l.labels.map((x) => x.lang)))];
  return Object.fromEntries(
    langs.map((lang) => [
      lang,
      links.map((l) => (l.labels.find((x) => x.lang === lang) ?? l.labels[0])?.value ?? '').filter(Boolean),
    ]),
  );
}

function metadata(o: MuseumObject): { label: LanguageMap; value: LanguageMap }[] {
  const out: { label: LanguageMap; value: LanguageMap }[] = [
    { label: uiLabel('objects.accessionNumber'), value: { none: [o.accessionNumber] } },
  ];
  for (const field of [
    'objectNames',
    'makers',
    'places',
    'dynasties',
    'periods',
    'materials',
    'techniques',
    'collections',
  ] as const) {
    if (o[field].length) out.push({ label: uiLabel(`objects.${field}`), value: linksMap(o[field]) });
  }
  if (o.dates.length)
    out.push({ label: uiLabel('objects.dates'), value: { none: o.dates.map((d) => d.expression) } });
  if (o.dimensions.length)
    out.push({
      label: uiLabel('objects.dimensions'),
      value: {
        none: o.dimensions.map((d) => `${d.type}: ${d.value} ${d.unit}${d.part ? ` (${d.part})` : ''}`),
      },
    });
  return out;
}

export interface ManifestLinks {
  manifest: string;
  imageBase: (mediaId: string) => string;
  homepage: string | null;
  museumPage: string;
}

/** A Presentation 3.0 manifest of a public object: one canvas per image, in the museum's order. */
export function presentManifest(
  o: MuseumObject,
  museum: Museum,
  images: readonly Media[],
  links: ManifestLinks,
  limits: Limits,
) {
  const label = languageMap(o.titles, o.accessionNumber);
  const attribution = languageMap(o.creditLine.length ? o.creditLine : museum.names);
  const service = (m: Media) => [{ id: links.imageBase(m.id), type: 'ImageService3', profile: 'level2' }];
  const canvases = images.map((m, i) => {
    const { width, height } = m.derivatives!.pyramid!;
    const canvas = `${links.manifest}/canvas/${i + 1}`;
    const max = fitLimits(width, height, limits);
    return {
      id: canvas,
      type: 'Canvas',
      label: m.captions.length ? languageMap(m.captions) : uiLabel('iiif.image', { n: i + 1 }),
      width,
      height,
      ...(m.rights ? { rights: m.rights } : {}),
      ...(m.credit
        ? { requiredStatement: { label: uiLabel('iiif.attribution'), value: { none: [m.credit] } } }
        : {}),
      items: [
        {
          id: `${canvas}/page`,
          type: 'AnnotationPage',
          items: [
            {
              id: `${canvas}/page/image`,
              type: 'Annotation',
              motivation: 'painting',
              target: canvas,
              body: {
                id: `${links.imageBase(m.id)}/full/max/0/default.jpg`,
                type: 'Image',
                format: 'image/jpeg',
                width: max.width,
                height: max.height,
                service: service(m),
              },
            },
          ],
        },
      ],
    };
  });
  const main = images.find((m) => m.isMain) ?? images[0];
  const thumb = main
    ? fitLimits(main.derivatives!.pyramid!.width, main.derivatives!.pyramid!.height, {
        maxWidth: 256,
        maxHeight: 256,
        maxArea: 65_536,
      })
    : null;
  return {
    '@context': PRESENTATION_CONTEXT,
    id: links.manifest,
    type: 'Manifest',
    label,
    ...(o.descriptions.length ? { summary: languageMap(o.descriptions) } : {}),
    metadata: metadata(o),
    requiredStatement: { label: uiLabel('iiif.attribution'), value: attribution },
    ...(o.rights ? { rights: o.rights } : {}),
    provider: [{ id: links.museumPage, type: 'Agent', label: languageMap(museum.names, museum.slug) }],
    ...(links.homepage
      ? { homepage: [{ id: links.homepage, type: 'Text', label, format: 'text/html' }] }
      : {}),
    ...(main && thumb
      ? {
          thumbnail: [
            {
              id: `${links.imageBase(main.id)}/full/${thumb.width},${thumb.height}/0/default.jpg`,
              type: 'Image',
              format: 'image/jpeg',
              width: thumb.width,
              height: thumb.height,
              service: service(main),
            },
          ],
        }
      : {}),
    ...(main && main !== images[0]
      ? { start: { id: canvases[images.indexOf(main)]!.id, type: 'Canvas' } }
      : {}),
    items: canvases,
  };
}

/** A museum's public objects as a Presentation 3.0 collection of manifests. */
export function presentCollection(
  museum: Museum,
  id: string,
  manifests: { id: string; label: LanguageMap }[],
) {
  return {
    '@context': PRESENTATION_CONTEXT,
    id,
    type: 'Collection',
    label: languageMap(museum.names, museum.slug),
    items: manifests.map((m) => ({ id: m.id, type: 'Manifest', label: m.label })),
  };
}
