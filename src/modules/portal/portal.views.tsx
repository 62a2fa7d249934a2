import { formatNumber } from '../../http/i18n/format.js';
import type { View } from '../../http/view.js';
import { pickLang } from '../common/values.schemas.js';
import type { SearchOutput } from '../search/search.schemas.js';

type Item = SearchOutput['items'][number];

/**
 * An image from the IIIF server at the sizes a screen may want: `srcset` of widths fitted in the
 * given box, width and height set so the page does not move as it loads.
 */
export function IiifImage(props: {
  id: string;
  width: number;
  height: number;
  box: number;
  alt: string;
  lazy?: boolean;
  sizes?: string;
}) {
  const fitIn = (max: number) => {
    const scale = Math.min(1, max / props.width, max / props.height);
    return {
      width: Math.max(1, Math.round(props.width * scale)),
      height: Math.max(1, Math.round(props.height * scale)),
    };
  };
  const shown = fitIn(props.box);
  const widths = [...new Set([props.box / 2, props.box, props.box * 2].map((b) => fitIn(b).width))];
  const src = (w: number) => `/iiif/3/${props.id}/full/${w},/0/default.jpg`;
  return (
    <img
      src={src(shown.width)}
      srcset={widths.map((w) => `${src(w)} ${w}w`).join(', ')}
      sizes={props.sizes ?? `(max-width: 40rem) 100vw, ${shown.width}px`}
      alt={props.alt}
      width={shown.width}
      height={shown.height}
      loading={props.lazy ? 'lazy' : undefined}
      decoding="async"
    />
  );
}

/** A grid of objects, each a link to its page with its image (or its accession number). */
export function ObjectCards(props: { v: View; items: readonly Item[] }) {
  const { v } = props;
  return (
    <ul class="cards">
      {props.items.map((i) => {
        const title = pickLang(i.titles, [v.locale.lang]);
        const alt = i.image
          ? (pickLang(i.image.captions, [v.locale.lang])?.value ?? title?.value ?? i.accessionNumber)
          : '';
        return (
          <li>
            <a href={v.pub(`/m/${i.museum}/objects/${i.id}`)}>
              {i.image ? (
                <IiifImage
                  id={i.image.id}
                  width={i.image.width}
                  height={i.image.height}
                  box={240}
                  alt={alt}
                  lazy
                  sizes="(max-width: 40rem) 45vw, 240px"
                />
              ) : (
                <span class="noimage" aria-hidden="true" />
              )}
              <span class="card-title" lang={title?.lang} dir="auto">
                {title?.value ?? i.accessionNumber}
              </span>
            </a>
            <span class="equiv">
              <bdi dir="ltr">{i.accessionNumber}</bdi>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Structured data for search engines, in a script element that cannot be closed by a value
 * (`<` escaped). A data block, not a script: the Content-Security-Policy does not run it.
 */
export function JsonLd(props: { data: unknown }) {
  const json = JSON.stringify(props.data).replace(/</g, '\\u003c');
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}

export const count = (v: View, n: number) => formatNumber(v.locale, n);
