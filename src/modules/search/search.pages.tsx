import { Hono } from 'hono';
import { DownloadLinks } from '../exports/export.views.js';
import type { AppEnv } from '../../http/env.js';
import { formatNumber } from '../../http/i18n/format.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Text } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { queryAll } from '../../http/request.js';
import type { View } from '../../http/view.js';
import { viewOf } from '../../http/view.js';
import { pickLang } from '../common/values.schemas.js';
import type { Facet } from './search.document.js';
import { SEARCH_SORTS } from './search.repository.js';
import type { SearchOutput } from './search.schemas.js';

const PAGE = 20;
/** The query parameters the page passes on to the search (anything else is dropped, not refused). */
const KEPT = [
  'q',
  'museum',
  'objectName',
  'maker',
  'place',
  'culture',
  'dynasty',
  'period',
  'material',
  'technique',
  'collection',
  'rights',
  'century',
  'hasImage',
  'calendar',
  'from',
  'to',
  'sort',
  'order',
];
const FACET_TITLE: Record<Facet, MessageKey> = {
  museum: 'portal.museum',
  objectName: 'objects.objectNames',
  maker: 'objects.makers',
  place: 'objects.places',
  culture: 'objects.cultures',
  dynasty: 'objects.dynasties',
  period: 'objects.periods',
  material: 'objects.materials',
  technique: 'objects.techniques',
  collection: 'objects.collections',
  centuryG: 'search.centuryG',
  centuryH: 'search.centuryH',
  rights: 'objects.rights',
  hasImage: 'search.hasImage',
  visibility: 'objects.visibility',
  digitization: 'digitization.title',
  location: 'search.location',
};
/** The query parameter that filters by a facet. */
const PARAM: Record<Facet, string> = {
  ...Object.fromEntries(Object.keys(FACET_TITLE).map((f) => [f, f])),
  centuryG: 'century',
  centuryH: 'century',
} as Record<Facet, string>;

/** A text with its matched words in <mark>. */
function Marked(props: { text: string; marks: [number, number][]; lang: string }) {
  const parts: unknown[] = [];
  let at = 0;
  for (const [a, b] of props.marks) {
    if (a < at) continue;
    parts.push(props.text.slice(at, a), <mark>{props.text.slice(a, b)}</mark>);
    at = b;
  }
  parts.push(props.text.slice(at));
  return (
    <span lang={props.lang} dir="auto">
      {parts}
    </span>
  );
}

function FacetList(props: {
  v: View;
  facets: SearchOutput['facets'];
  params: URLSearchParams;
  estimated: boolean;
}) {
  const { v, params } = props;
  const { t } = v;
  const toggle = (facet: Facet, value: string) => {
    const p = new URLSearchParams(params);
    p.delete('offset');
    const name = PARAM[facet];
    const current = p.getAll(name);
    p.delete(name);
    for (const x of current.includes(value) ? current.filter((c) => c !== value) : [...current, value])
      p.append(name, x);
    if (facet === 'centuryH') p.set('calendar', 'hijri');
    if (facet === 'centuryG') p.delete('calendar');
    return v.pub(`/search?${p}`);
  };
  return (
    <aside class="facets" aria-label={t('search.refine')}>
      {(Object.entries(props.facets) as [Facet, SearchOutput['facets'][string]][])
        .filter(([, vs]) => vs.length)
        .map(([facet, values]) => (
          <details open>
            <summary>{t(FACET_TITLE[facet])}</summary>
            <ul>
              {values.map((x) => {
                const label =
                  facet === 'centuryG' || facet === 'centuryH'
                    ? t(facet === 'centuryH' ? 'search.centuryValueH' : 'search.centuryValueG', {
                        n: Number(x.value),
                      })
                    : facet === 'hasImage'
                      ? t(x.value === 'yes' ? 'search.hasImage.yes' : 'search.hasImage.no')
                      : (pickLang(x.labels, [v.locale.lang, 'en'])?.value ?? x.value);
                const on = params.getAll(PARAM[facet]).includes(x.value);
                return (
                  <li>
                    <a href={toggle(facet, x.value)} aria-current={on ? 'true' : undefined}>
                      <span dir="auto">{label}</span>{' '}
                      <span class="equiv">
                        ({props.estimated ? '≈' : ''}
                        {formatNumber(v.locale, x.count)})
                      </span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </details>
        ))}
    </aside>
  );
}

/** The public search page: one box, facets to narrow by, results linking to each object's page. Every search is a URL. */
export function searchPages() {
  const r = new Hono<AppEnv>();
  r.get('/search', async (c) => {
    const v = viewOf(c);
    const { t } = v;
    const all = queryAll(c);
    const input = Object.fromEntries(Object.entries(all).filter(([k]) => KEPT.includes(k)));
    const q = String([input.q ?? ''].flat()[0]).slice(0, 500);
    const offset = Math.min(10_000, Math.max(0, Number(all.offset ?? 0) || 0));
    const result = await c
      .get('services')
      .searches.searchPublic({ ...input, q, limit: String(PAGE), offset: String(offset) })
      .catch(
        (): SearchOutput => ({
          total: 0,
          estimated: false,
          facetsEstimated: false,
          next: null,
          didYouMean: null,
          items: [],
          facets: {},
        }),
      );
    const params = new URLSearchParams(
      Object.entries(input).flatMap(([k, x]) => [x].flat().map((y) => [k, k === 'q' ? q : String(y)])),
    );
    const link = (o: number) => {
      const p = new URLSearchParams(params);
      if (o) p.set('offset', String(o));
      return v.pub(`/search?${p}`);
    };
    return page(
      c,
      t('search.title'),
      <>
        <search>
          <form method="get" action={v.pub('/search')} class="filters">
            <div class="suggest">
              <label for="q">{t('search.label')}</label>
              <input id="q" name="q" type="search" value={q} dir="auto" data-suggest="" />
            </div>
            <div>
              <label for="sort">{t('objects.sort')}</label>
              <select id="sort" name="sort">
                {SEARCH_SORTS.map((s) => (
                  <option value={s} selected={params.get('sort') === s}>
                    {t(`search.sort.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t('search.submit')}</button>
          </form>
        </search>
        <script src="/static/typeahead.js" defer />
        {q || result.total ? (
          <p role="status">
            {t(result.estimated ? 'search.countAbout' : 'search.count', { count: result.total })}
          </p>
        ) : null}
        {result.didYouMean ? (
          <p>
            {t('search.didYouMean')}{' '}
            <a href={v.pub(`/search?${new URLSearchParams({ q: result.didYouMean })}`)} dir="auto">
              {result.didYouMean}
            </a>
          </p>
        ) : null}
        <div class="search-layout">
          <FacetList v={v} facets={result.facets} params={params} estimated={result.facetsEstimated} />
          <div>
            {result.items.length ? (
              <ol class="results" start={offset + 1}>
                {result.items.map((i) => {
                  const title = pickLang(i.titles, [v.locale.lang]);
                  return (
                    <li>
                      <a href={v.pub(`/m/${i.museum}/objects/${i.id}`)}>
                        {title ? (
                          <Text value={title.value} lang={title.lang} />
                        ) : (
                          <bdi>{i.accessionNumber}</bdi>
                        )}
                      </a>
                      <span class="equiv">
                        {' '}
                        · <bdi dir="ltr">{i.accessionNumber}</bdi>
                      </span>
                      {i.highlight && i.highlight.text !== title?.value ? (
                        <p class="hint">
                          <Marked {...i.highlight} />
                        </p>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            ) : null}
            {result.total ? (
              <DownloadLinks
                v={v}
                label="search.download"
                href={(format) =>
                  v.pub(`/search/export?${new URLSearchParams([...params, ['format', format]])}`)
                }
              />
            ) : null}
            {result.total > PAGE ? (
              <nav class="pager" aria-label={t('search.pages')}>
                {offset > 0 ? (
                  <a href={link(Math.max(0, offset - PAGE))} rel="prev">
                    {t('action.previous')}
                  </a>
                ) : (
                  <span />
                )}
                <span>
                  {formatNumber(v.locale, offset + 1)}–
                  {formatNumber(v.locale, Math.min(result.total, offset + PAGE))}
                </span>
                {offset + PAGE < result.total ? (
                  <a href={link(offset + PAGE)} rel="next">
                    {t('action.next')}
                  </a>
                ) : (
                  <span />
                )}
              </nav>
            ) : null}
          </div>
        </div>
      </>,
      { public: true },
    );
  });
  return r;
}
