import { headTag } from '../../http/head.js';
import type { View } from '../../http/view.js';
import { displayLabel } from '../authorities/authority.repository.js';
import { pickLang } from '../common/values.schemas.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { PublicObject } from './portal.presenter.js';
import { JsonLd } from './portal.views.js';

/** Years as schema.org and Dublin Core write them: `1460`, or `1450/1500` for a span. */
const span = (d: PublicObject['dates'][number]) =>
  d.earliest === null ? null : d.earliest === d.latest ? String(d.earliest) : `${d.earliest}/${d.latest}`;

/**
 * What an object's page says of it to search engines and to the places it is shared: schema.org
 * JSON-LD (a VisualArtwork held by its museum), Dublin Core meta elements, and Open Graph. Only
 * the public object's own fields; the image is the IIIF rendering the page itself shows.
 */
export function ObjectMeta(props: {
  v: View;
  o: PublicObject;
  title: string;
  museum: Museum;
  url: string;
  base: string;
}) {
  const { v, o, url, base } = props;
  const langs = [v.locale.lang, 'en'];
  const museumName =
    pickLang(props.museum.names, [v.locale.lang, props.museum.defaultLanguage])?.value ?? props.museum.slug;
  const description = pickLang(o.descriptions, [v.locale.lang])?.value;
  const img = o.images[0];
  const image = img ? `${base}/iiif/3/${img.id}/full/!1200,1200/0/default.jpg` : undefined;
  const dated = o.dates.map(span).filter((x): x is string => x !== null);
  const data = {
    '@context': 'https://schema.org',
    '@type': 'VisualArtwork',
    '@id': url,
    url,
    name: o.titles.map((t) => ({ '@language': t.lang, '@value': t.value })),
    identifier: o.accessionNumber,
    ...(o.descriptions.length
      ? { description: o.descriptions.map((d) => ({ '@language': d.lang, '@value': d.value })) }
      : {}),
    ...(image ? { image } : {}),
    ...(o.makers.length
      ? {
          creator: o.makers.map((m) => ({
            '@type': 'Person',
            name: displayLabel(m, langs),
            url: `${base}${v.pub(`/a/${m.id}`)}`,
          })),
        }
      : {}),
    ...(dated.length ? { dateCreated: dated[0] } : {}),
    ...(o.places.length
      ? { locationCreated: o.places.map((p) => ({ '@type': 'Place', name: displayLabel(p, langs) })) }
      : {}),
    ...(o.materials.length ? { artMedium: o.materials.map((m) => displayLabel(m, langs)).join(', ') } : {}),
    ...(o.objectNames.length ? { artform: displayLabel(o.objectNames[0]!, langs) } : {}),
    ...(o.rights ? { license: o.rights } : {}),
    ...(o.creditLine.length ? { creditText: pickLang(o.creditLine, [v.locale.lang])?.value } : {}),
    isPartOf: { '@type': 'Museum', name: museumName, url: `${base}${v.pub(`/m/${props.museum.slug}`)}` },
  };
  return (
    <>
      {description ? headTag('meta', { name: 'description', content: description.slice(0, 300) }) : null}
      {headTag('link', { rel: 'schema.DC', href: 'http://purl.org/dc/elements/1.1/' })}
      {headTag('meta', { name: 'DC.title', content: props.title })}
      {headTag('meta', { name: 'DC.identifier', content: o.accessionNumber })}
      {o.makers.map((m) => headTag('meta', { name: 'DC.creator', content: displayLabel(m, langs) }))}
      {dated[0] ? headTag('meta', { name: 'DC.date', content: dated[0] }) : null}
      {o.rights ? headTag('meta', { name: 'DC.rights', content: o.rights }) : null}
      {headTag('meta', { name: 'DC.publisher', content: museumName })}
      {description
        ? headTag('meta', { property: 'og:description', content: description.slice(0, 300) })
        : null}
      {image ? headTag('meta', { property: 'og:image', content: image }) : null}
      {image ? headTag('meta', { name: 'twitter:card', content: 'summary_large_image' }) : null}
      <JsonLd data={data} />
    </>
  );
}
