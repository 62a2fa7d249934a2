import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { headTag } from '../../http/head.js';
import { formatDay, formatNumber, formatObjectDate } from '../../http/i18n/format.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { cacheFor, museumName, pageMarkup } from '../../http/page.js';
import { freshAnswer, keptAnswer } from '../../http/page-cache.js';
import type { View } from '../../http/view.js';
import { viewOf } from '../../http/view.js';
import { displayLabel } from '../authorities/authority.repository.js';
import { type LangValue, pickLang } from '../common/values.schemas.js';
import { LINK_FIELDS } from '../objects/object.schemas.js';
import type { PublicImage, PublicObject } from './portal.presenter.js';
import { ObjectMeta } from './object.meta.js';
import { IiifImage, ObjectCards } from './portal.views.js';

/** Licences and statements under which anyone may take a copy of the image. */
const mayDownload = (rights: string | null) =>
  !!rights &&
  (/^https?:\/\/creativecommons\.org\/(licenses|publicdomain)\//.test(rights) ||
    /^https?:\/\/rightsstatements\.org\/vocab\/NoC-/.test(rights));

/** The size of the image shown before (or without) the deep-zoom viewer: fitted within 1200 pixels. */
const SHOWN = 1200;

function fitted(img: PublicImage, max: number) {
  const scale = Math.min(1, max / img.width, max / img.height);
  return {
    width: Math.max(1, Math.round(img.width * scale)),
    height: Math.max(1, Math.round(img.height * scale)),
  };
}

function captionOf(v: View, img: PublicImage, o: PublicObject, n: number): string {
  return (
    pickLang(img.captions, [v.locale.lang])?.value ??
    `${pickLang(o.titles, [v.locale.lang])?.value ?? o.accessionNumber} — ${v.t('iiif.image', { n: formatNumber(v.locale, n) })}`
  );
}

function Values(props: { values: LangValue[] }) {
  return (
    <>
      {props.values.map((x) => (
        <p lang={x.lang} dir="auto">
          {x.value}
        </p>
      ))}
    </>
  );
}

/**
 * The chosen image: a fitted JPEG from the IIIF server, which the viewer island turns into deep
 * zoom over the tiles when scripts run. Without scripts the picture is still there.
 */
function Picture(props: { v: View; o: PublicObject; img: PublicImage; n: number }) {
  const { v, img } = props;
  const caption = captionOf(v, img, props.o, props.n);
  const size = fitted(img, SHOWN);
  return (
    <figure class="picture">
      <div class="viewer" data-iiif-info={`/iiif/3/${img.id}/info.json`} data-zoom-label={v.t('portal.zoom')}>
        <IiifImage
          id={img.id}
          width={img.width}
          height={img.height}
          box={SHOWN}
          alt={caption}
          sizes={`(max-width: 75rem) 100vw, ${size.width}px`}
        />
      </div>
      <figcaption>
        <span dir="auto">{caption}</span>
        {img.credit ? (
          <>
            {' '}
            · <bdi>{img.credit}</bdi>
          </>
        ) : null}
        {img.rights ? (
          <>
            {' '}
            ·{' '}
            <a href={img.rights} rel="license" dir="ltr">
              {v.t('portal.rightsOfImage')}
            </a>
          </>
        ) : null}
        {mayDownload(img.rights) ? (
          <>
            {' '}
            ·{' '}
            <a href={`/iiif/3/${img.id}/full/max/0/default.jpg`} download>
              {v.t('portal.download')}
            </a>
          </>
        ) : null}
        <span class="equiv"> {v.t('portal.viewer')}</span>
      </figcaption>
    </figure>
  );
}

function Details(props: {
  v: View;
  o: PublicObject;
  title: string;
  museumLabel: string;
  museumHref: string;
}) {
  const { v, o } = props;
  const { t } = v;
  const row = (label: string, body: unknown) => (
    <>
      <dt>{label}</dt>
      <dd>{body}</dd>
    </>
  );
  // The heading gives the title in the reader's language; the record's others follow, each marked with its own.
  const others = o.titles.filter((x) => x.value !== props.title);
  return (
    <dl class="grid">
      {others.length ? row(t('portal.otherTitles'), <Values values={others} />) : null}
      {row(
        t('portal.museum'),
        <a href={props.museumHref}>
          <bdi>{props.museumLabel}</bdi>
        </a>,
      )}
      {row(t('objects.accessionNumber'), <bdi>{o.accessionNumber}</bdi>)}
      {o.dates.length
        ? row(
            t('objects.dates'),
            o.dates.map((d) => {
              const f = formatObjectDate(v.locale, t, d);
              return (
                <p>
                  <bdi>{f.original}</bdi>
                  {f.equivalent ? (
                    <>
                      {' '}
                      <span class="equiv">({f.equivalent})</span>
                    </>
                  ) : null}
                </p>
              );
            }),
          )
        : null}
      {LINK_FIELDS.filter((f) => o[f].length).map((f) =>
        row(
          t(`objects.${f}` as MessageKey),
          o[f].map((l) => (
            <p>
              <a href={v.pub(`/a/${l.id}`)}>
                <bdi>{displayLabel(l, [v.locale.lang, 'en'])}</bdi>
              </a>
              {l.qualifier ? <span class="equiv"> ({l.qualifier})</span> : null}
            </p>
          )),
        ),
      )}
      {o.dimensions.length
        ? row(
            t('objects.dimensions'),
            o.dimensions.map((d) => (
              <p>
                {t(`dim.${d.type}` as MessageKey)}:{' '}
                <bdi>
                  {formatNumber(v.locale, d.value)} {d.unit}
                </bdi>
                {d.part ? ` (${d.part})` : ''}
              </p>
            )),
          )
        : null}
      {o.inscriptions.length
        ? row(
            t('objects.inscriptions'),
            o.inscriptions.map((i) => (
              <div>
                <p lang={i.lang} dir="auto">
                  {i.text}
                </p>
                {i.transliteration ? (
                  <p lang={`${i.lang ?? 'ar'}-Latn`} dir="ltr">
                    <i>{i.transliteration}</i>
                  </p>
                ) : null}
                {(i.translations ?? []).map((x) => (
                  <p lang={x.lang} dir="auto">
                    {x.value}
                  </p>
                ))}
              </div>
            )),
          )
        : null}
      {o.descriptions.length ? row(t('objects.descriptions'), <Values values={o.descriptions} />) : null}
      {o.provenance.length ? row(t('objects.provenance'), <Values values={o.provenance} />) : null}
      {o.creditLine.length ? row(t('objects.creditLine'), <Values values={o.creditLine} />) : null}
      {o.keywords.length
        ? row(
            t('objects.keywords'),
            o.keywords.map((k) => (
              <span class="badge" lang={k.lang}>
                {k.value}
              </span>
            )),
          )
        : null}
      {row(
        t('objects.rights'),
        o.rights ? (
          <a href={o.rights} rel="license" dir="ltr">
            {o.rights}
          </a>
        ) : (
          t('rights.none')
        ),
      )}
    </dl>
  );
}

/** Public pages: an object's page (the address printed on labels as a QR code). */
export function portalPages() {
  const r = new Hono<AppEnv>();
  r.get('/m/:museum/objects/:id', async (c) => {
    const services = c.get('services');
    // A reader not signed in may be given the page as it was rendered, while its record is unchanged.
    const key =
      c.get('actor') || !services.config.PAGE_CACHE_ENTRIES ? null : `${c.get('locale').tag} ${c.req.url}`;
    if (key && !services.pageCache.admit(key)) {
      // Its first reader: answered as rendered, compressed fast, and not kept.
      const { html, isPublic } = await objectPage(c);
      return isPublic ? freshAnswer(c, Buffer.from(html), true) : c.html(html);
    }
    const stamp = key ? await services.portal.objectStamp(c.req.param('id')) : null;
    const kept = key && stamp ? services.pageCache.get(key, stamp) : undefined;
    if (kept) return keptAnswer(c, kept);
    const { html, isPublic } = await objectPage(c);
    // Kept as the bytes it was rendered to (read back from an answer, they would cost a stream's round).
    if (!key || !stamp || !isPublic) return c.html(html);
    return keptAnswer(c, services.pageCache.keep(key, stamp, Buffer.from(html)));
  });
  return r;
}

/** An object's public page: its images, fields, citation and related objects; whether its record is public (a draft is shown to staff alone). */
async function objectPage(c: Context<AppEnv>): Promise<{ html: string; isPublic: boolean }> {
  const v = viewOf(c);
  const {
    museum,
    object: o,
    isPublic,
    origin,
  } = await c.get('services').portal.object(c.get('actor'), c.req.param('museum')!, c.req.param('id')!);
  const chosen = Math.max(
    0,
    o.images.findIndex((i) => i.id === c.req.query('image')),
  );
  const img = o.images[chosen];
  const title = pickLang(o.titles, [v.locale.lang])?.value ?? o.accessionNumber;
  const base = v.pub(`/m/${museum.slug}/objects/${o.id}`);
  const services = c.get('services');
  const canonical = `${services.config.PUBLIC_URL}${base}`;
  const related = isPublic ? await services.portal.related(o) : [];
  if (!isPublic) cacheFor(c, 'private, no-store');
  const html = await pageMarkup(
    c,
    title,
    <article>
      {img ? <Picture v={v} o={o} img={img} n={chosen + 1} /> : null}
      {o.images.length > 1 ? (
        <nav aria-label={v.t('portal.otherImages')}>
          <ul class="thumbs">
            {o.images.map((x, i) => (
              <li>
                <a
                  href={`${base}?image=${x.id}`}
                  aria-current={i === chosen ? 'true' : undefined}
                  aria-label={v.t('portal.showImage', { n: formatNumber(v.locale, i + 1) })}
                >
                  <img
                    src={`/iiif/3/${x.id}/full/!160,160/0/default.jpg`}
                    alt={captionOf(v, x, o, i + 1)}
                    loading="lazy"
                    {...fitted(x, 160)}
                  />
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Details
        v={v}
        o={o}
        title={title}
        museumLabel={museumName(v, museum)}
        museumHref={v.pub(`/m/${museum.slug}`)}
      />
      {o.images.length ? (
        <p>
          <a href={`/iiif/3/manifest/${o.id}`} type="application/ld+json">
            {v.t('portal.manifest')}
          </a>
        </p>
      ) : null}
      {origin ? (
        <p>
          {v.t('portal.harvestedFrom')} <bdi>{origin.sourceName}</bdi>
          {origin.url && /^https?:\/\//.test(origin.url) ? (
            <>
              {' '}
              ·{' '}
              <a href={origin.url} rel="external nofollow">
                {v.t('portal.original')}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {isPublic ? (
        <p>
          {v.t('portal.data')}{' '}
          <a href={`/m/${museum.slug}/objects/${o.id}.jsonld`} type="application/ld+json" dir="ltr">
            {v.t('portal.linkedArt')}
          </a>{' '}
          ·{' '}
          <a href={`/m/${museum.slug}/objects/${o.id}.lido.xml`} type="application/xml" dir="ltr">
            {v.t('portal.lido')}
          </a>
        </p>
      ) : null}
      <section aria-labelledby="cite">
        <h2 id="cite">{v.t('portal.cite')}</h2>
        <p class="citation">
          {v.t('portal.citation', { title, museum: museumName(v, museum), accession: o.accessionNumber })}{' '}
          <bdi>
            <a href={canonical} dir="ltr">
              {canonical}
            </a>
          </bdi>{' '}
          {v.t('portal.accessed', { date: formatDay(v.locale, new Date()) })}
        </p>
      </section>
      {related.length ? (
        <section aria-labelledby="related">
          <h2 id="related">{v.t('portal.related')}</h2>
          <ObjectCards v={v} items={related} />
        </section>
      ) : null}
    </article>,
    {
      public: isPublic,
      head: (
        <>
          <ObjectMeta
            v={v}
            o={o}
            title={title}
            museum={museum}
            url={canonical}
            base={services.config.PUBLIC_URL}
          />
          {isPublic
            ? headTag('link', {
                rel: 'alternate',
                type: 'application/ld+json',
                href: `/m/${museum.slug}/objects/${o.id}.jsonld`,
                title: 'Linked Art',
              })
            : null}
          {img ? (
            <>
              {headTag('link', {
                rel: 'alternate',
                type: 'application/ld+json',
                href: `/iiif/3/manifest/${o.id}`,
              })}
              <script src="/static/viewer.js" defer />
            </>
          ) : null}
        </>
      ),
    },
  );
  return { html, isPublic };
}
