import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Notice } from '../../http/layout.js';
import { cacheFor, museumName, page } from '../../http/page.js';
import type { View } from '../../http/view.js';
import { viewOf } from '../../http/view.js';
import { type LangValue, pickLang } from '../common/values.schemas.js';
import { IiifImage, JsonLd } from '../portal/portal.views.js';
import type { Section, Story } from './story.schemas.js';
import type { ShownObject } from './story.service.js';

/** The reader's language if the text has it, else the first, with its language marked. */
function One(props: { v: View; values: LangValue[]; as?: 'h2' | 'p' | 'figcaption' }) {
  const x = pickLang(props.values, [props.v.locale.lang]);
  if (!x) return null;
  const Tag = props.as ?? 'p';
  return (
    <Tag lang={x.lang} dir="auto">
      {x.value}
    </Tag>
  );
}

/** A body text: paragraphs separated by blank lines. */
function Body(props: { v: View; values: LangValue[] }) {
  const x = pickLang(props.values, [props.v.locale.lang]);
  if (!x) return null;
  return (
    <>
      {x.value.split(/\n\s*\n/).map((p) => (
        <p lang={x.lang} dir="auto">
          {p}
        </p>
      ))}
    </>
  );
}

function ObjectFigure(props: {
  v: View;
  o: ShownObject;
  captions: LangValue[];
  region?: { x: number; y: number; w: number; h: number };
  mediaId?: string;
}) {
  const { v, o } = props;
  const title = pickLang(o.titles, [v.locale.lang])?.value ?? o.accessionNumber;
  const href = v.pub(`/m/${o.museum}/objects/${o.id}${props.mediaId ? `?image=${props.mediaId}` : ''}`);
  const caption = pickLang(props.captions, [v.locale.lang])?.value;
  const r = props.region;
  return (
    <figure>
      <a href={href}>
        {r && props.mediaId ? (
          <img
            src={`/iiif/3/${props.mediaId}/${r.x},${r.y},${r.w},${r.h}/!960,960/0/default.jpg`}
            alt={caption ?? title}
            width={Math.round(r.w * Math.min(1, 960 / r.w, 960 / r.h))}
            height={Math.round(r.h * Math.min(1, 960 / r.w, 960 / r.h))}
            loading="lazy"
          />
        ) : o.image ? (
          <IiifImage
            id={o.image.id}
            width={o.image.width}
            height={o.image.height}
            box={960}
            alt={caption ?? title}
            lazy
          />
        ) : null}
      </a>
      <figcaption>
        {caption ? <span dir="auto">{caption} · </span> : null}
        <a href={href}>
          <bdi>{title}</bdi>
        </a>{' '}
        <span class="equiv">
          (<bdi dir="ltr">{o.accessionNumber}</bdi>)
        </span>
      </figcaption>
    </figure>
  );
}

function SectionView(props: { v: View; s: Section; objects: Map<string, ShownObject> }) {
  const { v, s } = props;
  const inner = (() => {
    switch (s.type) {
      case 'text':
        return (
          <>
            <One v={v} values={s.headings} as="h2" />
            <Body v={v} values={s.bodies} />
          </>
        );
      case 'quote':
        return (
          <figure>
            <blockquote>
              {s.texts.map((x) => (
                <p lang={x.lang} dir="auto">
                  {x.value}
                </p>
              ))}
            </blockquote>
            {s.source ? (
              <figcaption>
                — <cite dir="auto">{s.source}</cite>
              </figcaption>
            ) : null}
          </figure>
        );
      case 'object':
      case 'detail': {
        const o = props.objects.get(s.objectId);
        if (!o) return null;
        return s.type === 'detail' ? (
          <ObjectFigure v={v} o={o} captions={s.captions} region={s.region} mediaId={s.mediaId} />
        ) : (
          <ObjectFigure v={v} o={o} captions={s.captions} />
        );
      }
    }
  })();
  if (!inner) return null;
  return (
    <section id={`s-${s.id}`} class={`story-${s.type}`}>
      {inner}
      <p class="noprint share">
        <a href={`#s-${s.id}`} aria-label={v.t('story.linkToSection')}>
          #
        </a>
      </p>
    </section>
  );
}

/** Published stories as a list of links with their summaries. */
export function StoryList(props: { v: View; stories: (Story & { museumSlug: string })[] }) {
  const { v } = props;
  return (
    <ul class="plain">
      {props.stories.map((s) => {
        const t = pickLang(s.titles, [v.locale.lang]);
        return (
          <li>
            <a href={v.pub(`/m/${s.museumSlug}/stories/${s.slug}`)}>
              <span lang={t?.lang} dir="auto">
                {t?.value ?? s.slug}
              </span>
            </a>
            <span class="equiv"> · {v.t(`story.kind.${s.kind}` as MessageKey)}</span>
            <One v={v} values={s.summaries} />
          </li>
        );
      })}
    </ul>
  );
}

/** Public pages of stories and exhibitions: one story, a museum's, all of the platform's. */
export function storyPublicPages() {
  const r = new Hono<AppEnv>();
  r.get('/m/:museum/stories/:slug', async (c) => {
    const v = viewOf(c);
    const { museum, story, objects, preview } = await c
      .get('services')
      .stories.read(c.get('actor'), c.req.param('museum'), c.req.param('slug'));
    const title = pickLang(story.titles, [v.locale.lang])?.value ?? story.slug;
    const url = `${c.get('services').config.PUBLIC_URL}${v.pub(`/m/${museum.slug}/stories/${story.slug}`)}`;
    if (preview) cacheFor(c, 'private, no-store');
    return page(
      c,
      title,
      <article class="story">
        {preview ? <Notice kind="error">{v.t('story.previewNotice')}</Notice> : null}
        <p class="equiv">
          {v.t(`story.kind.${story.kind}` as MessageKey)} ·{' '}
          <a href={v.pub(`/m/${museum.slug}`)}>
            <bdi>{museumName(v, museum)}</bdi>
          </a>
        </p>
        <One v={v} values={story.summaries} />
        {story.sections.map((s) => (
          <SectionView v={v} s={s} objects={objects} />
        ))}
      </article>,
      {
        public: !preview,
        head: (
          <JsonLd
            data={{
              '@context': 'https://schema.org',
              '@type': 'CreativeWork',
              '@id': url,
              url,
              name: story.titles.map((t) => ({ '@language': t.lang, '@value': t.value })),
              publisher: { '@type': 'Museum', name: museumName(v, museum) },
              ...(story.publishedAt ? { datePublished: story.publishedAt.slice(0, 10) } : {}),
            }}
          />
        ),
      },
    );
  });

  const list = async (c: Context<AppEnv>, museumSlug: string | null) => {
    const v = viewOf(c);
    const { museum, stories } = await c.get('services').stories.published(museumSlug, 100);
    return page(
      c,
      museum ? `${v.t('story.title')} · ${museumName(v, museum)}` : v.t('story.title'),
      stories.length ? <StoryList v={v} stories={stories} /> : <p>{v.t('story.none')}</p>,
      { public: true },
    );
  };
  r.get('/stories', (c) => list(c, null));
  r.get('/m/:museum/stories', (c) => list(c, c.req.param('museum')));
  return r;
}
