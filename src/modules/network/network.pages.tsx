import { type Context, Hono } from 'hono';
import { notFound } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { formatNumber } from '../../http/i18n/format.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { page } from '../../http/page.js';
import { pickLang } from '../common/values.schemas.js';
import { actorOf } from '../../http/request.js';
import { type View, viewOf } from '../../http/view.js';
import { countryName } from '../directory/directory.views.js';
import { csvLine, UTF8_BOM } from '../exports/csv.js';
import { BarChart, LineChart } from './charts.js';
import { FIGURE_TABLES, type FigureTable, type Figures } from './network.schemas.js';

const pct = (v: View, part: number, whole: number) =>
  new Intl.NumberFormat(v.locale.tag, { style: 'percent', maximumFractionDigits: 1 }).format(
    whole ? part / whole : 0,
  );

/** The headline figures as a definition list. */
function Summary(props: { v: View; f: Figures }) {
  const { v, f } = props;
  const n = (x: number) => formatNumber(v.locale, x);
  return (
    <dl class="figures grid">
      <dt>{v.t('network.museums')}</dt>
      <dd>{n(f.museums)}</dd>
      <dt>{v.t('network.online')}</dt>
      <dd>{n(f.museumsOnline)}</dd>
      <dt>{v.t('network.catalogued')}</dt>
      <dd>{n(f.objectsCatalogued)}</dd>
      <dt>{v.t('network.public')}</dt>
      <dd>{n(f.objectsPublic)}</dd>
      <dt>{v.t('network.withImages')}</dt>
      <dd>
        {n(f.objectsWithImages)} ({pct(v, f.objectsWithImages, f.objectsCatalogued)})
      </dd>
      <dt>{v.t('network.harvested')}</dt>
      <dd>{n(f.recordsHarvested)}</dd>
      <dt>{v.t('network.imagesServed')}</dt>
      <dd>
        {n(f.imagesServed)} ({v.t('network.thisMonth', { count: n(f.imagesServedThisMonth) })})
      </dd>
    </dl>
  );
}

/** The tables every figure can be downloaded as. */
async function table(c: Context<AppEnv>, which: FigureTable): Promise<(string | number)[][]> {
  const network = c.get('services').network;
  const f = await network.figures();
  if (which === 'summary')
    return [
      ['figure', 'value'],
      ...Object.entries(f)
        .filter(([, x]) => typeof x === 'number')
        .map(([k, x]) => [k, x as number]),
    ];
  if (which === 'museums-by-state')
    return [['country', 'museums'], ...Object.entries(f.museumsByState).sort()];
  if (which === 'museums-by-type') return [['type', 'museums'], ...Object.entries(f.museumsByType).sort()];
  return [
    [
      'month',
      'museums',
      'museums_online',
      'objects_catalogued',
      'objects_public',
      'objects_with_images',
      'records_harvested',
      'images_served',
    ],
    ...(await network.overTime()).map(({ month, figures: x }) => [
      month,
      x.museums,
      x.museumsOnline,
      x.objectsCatalogued,
      x.objectsPublic,
      x.objectsWithImages,
      x.recordsHarvested,
      x.imagesServed,
    ]),
  ];
}

async function charts(c: Context<AppEnv>, v: View, f: Figures) {
  const countries = new Map((await c.get('services').directory.countries()).map((x) => [x.iso2, x]));
  const states = Object.entries(f.museumsByState).sort((a, b) => b[1] - a[1]);
  const over = await c.get('services').network.overTime();
  return (
    <>
      <BarChart
        v={v}
        id="by-state"
        title={v.t('network.byState')}
        rows={states.map(([iso, n]) => ({
          label: countryName(v, countries.get(iso), iso),
          value: n,
          ...(countries.has(iso) ? { href: v.pub(`/directory/${iso.toLowerCase()}`) } : {}),
        }))}
      />
      <BarChart
        v={v}
        id="by-type"
        title={v.t('network.byType')}
        rows={Object.entries(f.museumsByType)
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => ({
            label: k === 'unknown' ? v.t('network.unknownType') : v.t(`directory.type.${k}` as MessageKey),
            value: n,
          }))}
      />
      <LineChart
        v={v}
        id="public"
        title={v.t('network.publicOverTime')}
        points={over.map((o) => ({ label: o.month, value: o.figures.objectsPublic ?? 0 }))}
      />
      <LineChart
        v={v}
        id="online"
        title={v.t('network.onlineOverTime')}
        points={over.map((o) => ({ label: o.month, value: o.figures.museumsOnline ?? 0 }))}
      />
      <p class="equiv">
        {v.t('directory.download')}{' '}
        {FIGURE_TABLES.map((t, i) => (
          <>
            {i ? ' · ' : ''}
            <a href={`/network/${t}.csv`} download="">
              {t}.csv
            </a>
          </>
        ))}
      </p>
    </>
  );
}

/** The network's figures: public at /network, and for focal points and administrators with their museums one by one. */
export function networkPages() {
  const r = new Hono<AppEnv>();
  r.get('/network', async (c) => {
    const v = viewOf(c);
    const f = await c.get('services').network.figures();
    return page(
      c,
      v.t('network.title'),
      <>
        <p>{v.t('network.lead')}</p>
        <Summary v={v} f={f} />
        {await charts(c, v, f)}
      </>,
      { public: true },
    );
  });
  r.get('/network/:table{[a-z-]+\\.csv}', async (c) => {
    const which = c.req.param('table').replace(/\.csv$/, '') as FigureTable;
    if (!(FIGURE_TABLES as readonly string[]).includes(which)) throw notFound('figure');
    const rows = await table(c, which);
    return c.body(UTF8_BOM + rows.map((row) => csvLine(row)).join(''), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${which}.csv"`,
      'Access-Control-Allow-Origin': '*',
    });
  });
  return r;
}

/** The staff dashboard: the figures, and the museums of the focal point's states one by one. */
export function networkStaffPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/network', async (c) => {
    const actor = actorOf(c);
    const v = viewOf(c);
    const services = c.get('services');
    const mine = await services.network.museums(actor);
    const f = await services.network.figures();
    const shown = mine.filter((m) => m.catalogued > 0).sort((a, b) => b.catalogued - a.catalogued);
    return page(
      c,
      v.t('network.title'),
      <>
        <Summary v={v} f={f} />
        <h2>{v.t('network.yourMuseums')}</h2>
        <p>{v.t('network.listedOnly', { count: formatNumber(v.locale, mine.length - shown.length) })}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{v.t('directory.name')}</th>
              <th scope="col">{v.t('network.catalogued')}</th>
              <th scope="col">{v.t('network.public')}</th>
              <th scope="col">{v.t('network.withImages')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => {
              const name = pickLang(m.names, [v.locale.lang, 'en']);
              return (
                <tr>
                  <td>
                    <a href={v.pub(`/m/${m.slug}`)}>
                      <span lang={name?.lang} dir="auto">
                        {name?.value ?? m.slug}
                      </span>
                    </a>
                  </td>
                  <td>{formatNumber(v.locale, m.catalogued)}</td>
                  <td>{formatNumber(v.locale, m.public)}</td>
                  <td>
                    {formatNumber(v.locale, m.withImages)} ({pct(v, m.withImages, m.catalogued)})
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {await charts(c, v, f)}
      </>,
      { crumbs: [{ href: '/staff', label: v.t('nav.museums') }] },
    );
  });
  return r;
}
