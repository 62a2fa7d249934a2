import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatNumber } from '../../http/i18n/format.js';
import { Text } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { queryOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { pickLang } from '../common/values.schemas.js';

const PAGE = 20;

/** The public search page: one box, results linking to each object's page, pages by link. */
export function searchPages() {
  const r = new Hono<AppEnv>();
  r.get('/search', async (c) => {
    const v = viewOf(c);
    const { t } = v;
    const query = queryOf(c);
    const offset = Math.max(0, Number(query.offset ?? 0) || 0);
    const q = (query.q ?? '').slice(0, 500);
    const result = await c.get('services').searches.searchPublic({ q, limit: String(PAGE), offset: String(Math.min(offset, 10_000)) });
    const link = (o: number) => `/search?${new URLSearchParams({ q, ...(o ? { offset: String(o) } : {}) })}`;
    return page(c, t('search.title'), (
      <>
        <search>
          <form method="get" action="/search">
            <label for="q">{t('search.label')}</label>
            <input id="q" name="q" type="search" value={q} dir="auto" />
            <button type="submit">{t('search.submit')}</button>
          </form>
        </search>
        {q ? <p role="status">{t('search.count', { count: result.total })}</p> : null}
        {result.items.length ? (
          <ol class="results" start={offset + 1}>
            {result.items.map((i) => {
              const title = pickLang(i.titles, [v.locale.lang]);
              return (
                <li>
                  <a href={`/m/${i.museum}/objects/${i.id}`}>{title ? <Text value={title.value} lang={title.lang} /> : <bdi>{i.accessionNumber}</bdi>}</a>
                  <span class="equiv"> · <bdi dir="ltr">{i.accessionNumber}</bdi></span>
                </li>
              );
            })}
          </ol>
        ) : null}
        {result.total > PAGE ? (
          <nav class="pager" aria-label={t('search.pages')}>
            {offset > 0 ? <a href={link(Math.max(0, offset - PAGE))} rel="prev">{t('action.previous')}</a> : <span />}
            <span>{formatNumber(v.locale, offset + 1)}–{formatNumber(v.locale, Math.min(result.total, offset + PAGE))}</span>
            {offset + PAGE < result.total ? <a href={link(offset + PAGE)} rel="next">{t('action.next')}</a> : <span />}
          </nav>
        ) : null}
      </>
    ));
  });
  return r;
}
