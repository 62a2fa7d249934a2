import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatYears } from '../../http/i18n/format.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { museumName, page } from '../../http/page.js';
import { viewOf } from '../../http/view.js';
import { displayLabel } from '../authorities/authority.repository.js';
import { MuseumProfileView, museumJsonLd } from './museum.views.js';
import { count, JsonLd, ObjectCards } from './portal.views.js';
import { StoryList } from '../stories/story.public.js';

const PAGE = 24;

/** Identifiers of a person, place or term elsewhere, as links. */
const EXTERNAL: Record<string, (id: string) => string> = {
  wikidata: (id) => `https://www.wikidata.org/wiki/${id}`,
  viaf: (id) => `https://viaf.org/viaf/${id}`,
  ulan: (id) => `http://vocab.getty.edu/page/ulan/${id}`,
  tgn: (id) => `http://vocab.getty.edu/page/tgn/${id}`,
  aat: (id) => `http://vocab.getty.edu/page/aat/${id}`,
  geonames: (id) => `https://www.geonames.org/${id}`,
};

/** The public pages that lead to objects: the front page, a museum's page, a person's, place's or term's page. */
export function browsePages() {
  const r = new Hono<AppEnv>();

  r.get('/', async (c) => {
    const v = viewOf(c);
    const { highlights, museums } = await c.get('services').portal.home(12);
    const { stories } = await c.get('services').stories.published(null, 6);
    return page(
      c,
      v.t('app.tagline'),
      <>
        <p>{v.t('home.lead')}</p>
        <search>
          <form method="get" action={v.pub('/search')} class="filters">
            <div class="suggest">
              <label for="q">{v.t('search.label')}</label>
              <input id="q" name="q" type="search" dir="auto" data-suggest="" />
            </div>
            <button type="submit">{v.t('search.submit')}</button>
          </form>
        </search>
        <script src="/static/typeahead.js" defer />
        {highlights.length ? (
          <section aria-labelledby="highlights">
            <h2 id="highlights">{v.t('portal.newest')}</h2>
            <ObjectCards v={v} items={highlights} />
          </section>
        ) : null}
        {stories.length ? (
          <section aria-labelledby="stories">
            <h2 id="stories">{v.t('story.title')}</h2>
            <StoryList v={v} stories={stories} />
            <p>
              <a href={v.pub('/stories')}>{v.t('story.all')}</a>
            </p>
          </section>
        ) : null}
        <section aria-labelledby="museums">
          <h2 id="museums">{v.t('portal.museums')}</h2>
          <p>{v.t('home.museums', { count: museums.length })}</p>
          <ul class="plain">
            {/* The collections online here; every museum, listed or not, is in the directory. */}
            {museums
              .filter(({ count: n }) => n > 0)
              .map(({ museum, count: n }) => (
                <li>
                  <a href={v.pub(`/m/${museum.slug}`)}>
                    <bdi>{museumName(v, museum)}</bdi>
                  </a>{' '}
                  <span class="equiv">({count(v, n)})</span>
                </li>
              ))}
          </ul>
          <p>
            <a href={v.pub('/directory')}>{v.t('directory.title')}</a>
          </p>
        </section>
        <p>
          {v.actor ? <a href="/staff">{v.t('nav.staff')}</a> : <a href="/sign-in">{v.t('home.staff')}</a>}
        </p>
      </>,
      { public: true },
    );
  });

  r.get('/m/:museum', async (c) => {
    const v = viewOf(c);
    const { museum, objects } = await c.get('services').portal.museum(c.req.param('museum'), PAGE);
    const { stories } = await c.get('services').stories.published(museum.slug, 6);
    const name = museumName(v, museum);
    const url = `${c.get('services').config.PUBLIC_URL}${v.pub(`/m/${museum.slug}`)}`;
    const facts = await c.get('services').directory.entry(museum.slug);
    return page(
      c,
      name,
      <>
        {museum.names.length > 1 ? (
          <p class="equiv">
            {museum.names
              .filter((n) => n.value !== name)
              .map((n) => (
                <span lang={n.lang} dir="auto">
                  {n.value}{' '}
                </span>
              ))}
          </p>
        ) : null}
        <MuseumProfileView v={v} museum={museum} facts={facts} />
        {stories.length ? (
          <section aria-labelledby="stories">
            <h2 id="stories">{v.t('story.title')}</h2>
            <StoryList v={v} stories={stories} />
          </section>
        ) : null}
        <section aria-labelledby="collection">
          <h2 id="collection">{v.t('portal.collection')}</h2>
          {objects.items.length ? (
            <ObjectCards v={v} items={objects.items} />
          ) : (
            <p>{v.t('portal.noObjects')}</p>
          )}
          {objects.total > objects.items.length ? (
            <p>
              <a href={v.pub(`/search?museum=${encodeURIComponent(museum.slug)}`)}>
                {v.t('portal.more', { count: objects.total })}
              </a>
            </p>
          ) : null}
        </section>
      </>,
      { public: true, head: <JsonLd data={museumJsonLd(museum, url, facts)} /> },
    );
  });

  // Browsing: the values of each facet over every public object, each leading to its objects.
  r.get('/browse', async (c) => {
    const v = viewOf(c);
    const all = await c.get('services').searches.searchPublic({ hasImage: ['yes', 'no'], limit: '1' });
    const titles: [string, MessageKey][] = [
      ['museum', 'portal.museum'],
      ['objectName', 'objects.objectNames'],
      ['material', 'objects.materials'],
      ['technique', 'objects.techniques'],
      ['dynasty', 'objects.dynasties'],
      ['period', 'objects.periods'],
      ['place', 'objects.places'],
      ['culture', 'objects.cultures'],
      ['maker', 'objects.makers'],
      ['centuryH', 'search.centuryH'],
      ['centuryG', 'search.centuryG'],
    ];
    const link = (facet: string, value: string) =>
      facet === 'museum'
        ? v.pub(`/m/${value}`)
        : facet === 'centuryG'
          ? v.pub(`/search?century=${value}`)
          : facet === 'centuryH'
            ? v.pub(`/search?century=${value}&calendar=hijri`)
            : v.pub(`/a/${value}`);
    const label = (facet: string, x: { value: string; labels: { lang: string; value: string }[] }) =>
      facet === 'centuryG'
        ? v.t('search.centuryValueG', { n: Number(x.value) })
        : facet === 'centuryH'
          ? v.t('search.centuryValueH', { n: Number(x.value) })
          : displayLabel({ labels: x.labels.map((l) => ({ ...l, preferred: false })) }, [
              v.locale.lang,
              'en',
            ]) || x.value;
    return page(
      c,
      v.t('portal.browse'),
      <>
        <p>{v.t(all.estimated ? 'search.countAbout' : 'search.count', { count: all.total })}</p>
        <div class="browse">
          {titles
            .filter(([f]) => all.facets[f]?.length)
            .map(([f, title]) => (
              <section aria-labelledby={`b-${f}`}>
                <h2 id={`b-${f}`}>{v.t(title)}</h2>
                <ul class="plain">
                  {all.facets[f]!.map((x) => (
                    <li>
                      <a href={link(f, x.value)}>
                        <bdi>{label(f, x)}</bdi>
                      </a>{' '}
                      <span class="equiv">
                        ({all.facetsEstimated ? '≈' : ''}
                        {count(v, x.count)})
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </div>
      </>,
      { public: true },
    );
  });

  r.get('/a/:id', async (c) => {
    const v = viewOf(c);
    const offset = Math.min(10_000, Math.max(0, Number(c.req.query('offset') ?? 0) || 0));
    const {
      authority: a,
      facet,
      objects,
    } = await c.get('services').portal.authority(c.req.param('id'), { offset, limit: PAGE });
    const name = displayLabel(a, [v.locale.lang, 'en']);
    const kind: MessageKey =
      a.type === 'place'
        ? 'portal.authority.place'
        : a.type === 'concept'
          ? 'portal.authority.concept'
          : 'portal.authority.person';
    const others = a.labels.filter((l) => l.value !== name);
    const external = Object.entries(a.externalIds).filter(([k, x]) => x && EXTERNAL[k]);
    return page(
      c,
      name,
      <>
        <p>
          {v.t(kind)}
          {a.beginYear !== null || a.endYear !== null ? (
            <>
              {' '}
              ·{' '}
              <bdi>
                {a.datesText ?? formatYears(v.locale, a.beginYear ?? a.endYear!, a.endYear ?? a.beginYear!)}
              </bdi>
            </>
          ) : null}
        </p>
        {others.length ? (
          <p>
            <span class="equiv">{v.t('portal.otherNames')}: </span>
            {others.map((l, i) => (
              <>
                {i ? ' · ' : ''}
                <span lang={l.lang} dir="auto">
                  {l.value}
                </span>
              </>
            ))}
          </p>
        ) : null}
        {external.length ? (
          <p>
            <span class="equiv">{v.t('portal.seeAlso')}: </span>
            {external.map(([k, x], i) => (
              <>
                {i ? ' · ' : ''}
                <a href={EXTERNAL[k]!(x!)} dir="ltr">
                  {k} {x}
                </a>
              </>
            ))}
          </p>
        ) : null}
        <section aria-labelledby="objects">
          <h2 id="objects">
            {v.t('portal.objectsOf')} <span class="equiv">({count(v, objects.total)})</span>
          </h2>
          <ObjectCards v={v} items={objects.items} />
          <nav class="pager" aria-label={v.t('search.pages')}>
            {offset > 0 ? (
              <a href={v.pub(`/a/${a.id}?offset=${Math.max(0, offset - PAGE)}`)} rel="prev">
                {v.t('action.previous')}
              </a>
            ) : (
              <span />
            )}
            {offset + PAGE < objects.total ? (
              <a href={v.pub(`/a/${a.id}?offset=${offset + PAGE}`)} rel="next">
                {v.t('action.next')}
              </a>
            ) : (
              <span />
            )}
          </nav>
          <p>
            <a href={v.pub(`/search?${facet}=${a.id}`)}>{v.t('search.title')}</a>
          </p>
        </section>
      </>,
      { public: true },
    );
  });
  return r;
}
