import { Hono } from 'hono';
import { notFound } from '../../errors.js';
import { cspWithImages, tileOrigin } from '../../http/csp.js';
import type { AppEnv } from '../../http/env.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { page } from '../../http/page.js';
import { queryAll } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { pickLang } from '../common/values.schemas.js';
import { count } from '../portal/portal.views.js';
import type { DirectoryEntry } from './directory.schemas.js';
import { countryName, DirectoryFilters, EntryList } from './directory.views.js';

const PAGE = 50;
const KEPT = ['q', 'country', 'city', 'type', 'service', 'online'];

/** The map's points: museums placed by their own coordinates or, marked so, by their city's. */
const points = (v: ReturnType<typeof viewOf>, entries: DirectoryEntry[]) =>
  entries
    .filter((e) => e.latitude !== null)
    .map((e) => ({
      lat: e.latitude,
      lon: e.longitude,
      n: 1,
      name: pickLang(e.names, [v.locale.lang, 'en'])?.value ?? e.slug,
      label: e.approximate ? v.t('directory.approximate') : (e.city ?? ''),
      href: v.pub(`/m/${e.slug}`),
    }));

/** The public directory: every museum of the network, filtered, listed, mapped, downloadable; a page per member state. */
export function directoryPages() {
  const r = new Hono<AppEnv>();
  r.get('/directory', async (c) => {
    const v = viewOf(c);
    const { t } = v;
    const services = c.get('services');
    const all = queryAll(c);
    const input = Object.fromEntries(Object.entries(all).filter(([k]) => KEPT.includes(k)));
    const offset = Math.max(0, Number(all.offset ?? 0) || 0);
    const found = await services.directory
      .search({ ...input, limit: String(PAGE), offset: String(offset) })
      .catch(() => services.directory.search({ limit: String(PAGE) }));
    const everything = await services.directory.search({ ...input, limit: '5000' }).catch(() => found);
    const countries = await services.directory.countries();
    const byIso = new Map(countries.map((x) => [x.iso2, x]));
    const params = new URLSearchParams(
      Object.entries(input).flatMap(([k, x]) => [x].flat().map((y) => [k, String(y)])),
    );
    const at = (o: number) =>
      v.pub(`/directory?${new URLSearchParams([...params, ...(o ? [['offset', String(o)]] : [])])}`);
    const tiles = services.config.MAP_TILE_URL;
    const mapped = points(v, everything.items);
    const drawn = tiles && mapped.length > 0;
    if (drawn) c.header('Content-Security-Policy', cspWithImages([tileOrigin(tiles)]));
    return page(
      c,
      t('directory.title'),
      <>
        <p>
          {t('directory.lead')} <a href="/directory/propose">{t('directory.propose')}</a> ·{' '}
          <a href={v.pub('/network')}>{t('network.title')}</a>
        </p>
        <DirectoryFilters v={v} action={v.pub('/directory')} countries={countries} q={input} />
        <p role="status">{t('directory.count', { total: found.total, online: found.counts.online })}</p>
        <p class="equiv">
          {t('directory.download')}{' '}
          {(['csv', 'json', 'geojson'] as const).map((f, i) => (
            <>
              {i ? ' · ' : ''}
              <a href={`/directory.${f}${params.size ? `?${params}` : ''}`} download="">
                {f.toUpperCase()}
              </a>
            </>
          ))}
        </p>
        {drawn ? (
          <>
            <section
              id="map"
              class="map"
              hidden
              dir="ltr"
              aria-label={t('directory.map')}
              data-tiles={tiles}
              data-attribution={services.config.MAP_TILE_ATTRIBUTION}
              data-places={JSON.stringify(mapped)}
            />
            <script src="/static/leaflet.js" defer />
            <script src="/static/map.js" defer />
          </>
        ) : null}
        <EntryList v={v} entries={found.items} countries={byIso} />
        {found.total > PAGE ? (
          <nav class="pager" aria-label={t('search.pages')}>
            {offset > 0 ? (
              <a href={at(Math.max(0, offset - PAGE))} rel="prev">
                {t('action.previous')}
              </a>
            ) : (
              <span />
            )}
            <span>
              {count(v, offset + 1)}–{count(v, Math.min(found.total, offset + PAGE))}
            </span>
            {offset + PAGE < found.total ? (
              <a href={at(offset + PAGE)} rel="next">
                {t('action.next')}
              </a>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
        <section aria-labelledby="states">
          <h2 id="states">{t('directory.states')}</h2>
          <ul class="browse plain">
            {countries
              .filter((x) => everything.counts.country[x.iso2])
              .sort((a, b) => countryName(v, a, null).localeCompare(countryName(v, b, null), v.locale.lang))
              .map((x) => (
                <li>
                  <a href={v.pub(`/directory/${x.iso2.toLowerCase()}`)}>{countryName(v, x, null)}</a>{' '}
                  <span class="equiv">({count(v, everything.counts.country[x.iso2]!)})</span>
                </li>
              ))}
          </ul>
        </section>
      </>,
      { public: true, head: drawn ? <link rel="stylesheet" href="/static/leaflet.css" /> : undefined },
    );
  });

  r.get('/directory/:country{[a-z]{2}}', async (c) => {
    const v = viewOf(c);
    const { t } = v;
    const services = c.get('services');
    const iso2 = c.req.param('country').toUpperCase();
    const state = (await services.directory.countries()).find((x) => x.iso2 === iso2);
    if (!state) throw notFound('member state');
    const found = await services.directory.search({ country: iso2, limit: '5000' });
    const objects = found.items.reduce((n, e) => n + e.objects, 0);
    return page(
      c,
      countryName(v, state, iso2),
      <>
        <dl class="figures">
          <dt>{t('directory.museums')}</dt>
          <dd>{count(v, found.total)}</dd>
          <dt>{t('directory.online.yes')}</dt>
          <dd>{count(v, found.counts.online)}</dd>
          <dt>{t('directory.publicObjects')}</dt>
          <dd>{count(v, objects)}</dd>
          {state.oicJoined ? (
            <>
              <dt>{t('directory.oicJoined')}</dt>
              <dd>{state.oicJoined}</dd>
            </>
          ) : null}
        </dl>
        {Object.keys(found.counts.type).length ? (
          <p>
            {Object.entries(found.counts.type)
              .sort((a, b) => b[1] - a[1])
              .map(([k, n], i) => (
                <>
                  {i ? ' · ' : ''}
                  <a href={v.pub(`/directory?country=${iso2}&type=${k}`)}>
                    {t(`directory.type.${k}` as MessageKey)}
                  </a>{' '}
                  ({count(v, n)})
                </>
              ))}
          </p>
        ) : null}
        {found.total ? (
          <EntryList v={v} entries={found.items} countries={new Map([[iso2, state]])} />
        ) : (
          <p>{t('directory.none')}</p>
        )}
      </>,
      { public: true, crumbs: [{ href: v.pub('/directory'), label: t('directory.title') }] },
    );
  });
  return r;
}
