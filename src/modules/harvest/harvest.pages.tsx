import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatNumber, formatTimestamp } from '../../http/i18n/format.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { nestForm, num, str } from '../../http/forms.js';
import { Csrf, Notice } from '../../http/layout.js';
import { formErrors, page } from '../../http/page.js';
import { actorOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import type { FieldError } from '../../errors.js';
import { HARVEST_PREFIXES, type HarvestRun } from './harvest.schemas.js';

type Row = Record<string, unknown>;

/** A run's report in one line: what was added, changed, removed and refused, and why it stopped. */
function RunLine(props: { c: Context<AppEnv>; run: HarvestRun }) {
  const v = viewOf(props.c);
  const r = props.run.report;
  return (
    <tr>
      <td>{formatTimestamp(v.locale, props.run.startedAt)}</td>
      <td>{v.t(`harvest.mode.${props.run.mode}` as MessageKey)}</td>
      <td>{v.t(`harvest.status.${props.run.status}` as MessageKey)}</td>
      <td>
        {v.t('harvest.counts', {
          added: formatNumber(v.locale, r.added),
          updated: formatNumber(v.locale, r.updated),
          deleted: formatNumber(v.locale, r.deleted),
          rejected: formatNumber(v.locale, r.rejected),
          pages: formatNumber(v.locale, r.pages),
        })}
      </td>
      <td>
        {r.error ? <span dir="auto">{r.error}</span> : null}
        {r.rejections.length ? (
          <details>
            <summary>{v.t('harvest.rejections')}</summary>
            <ul>
              {r.rejections.map((x) => (
                <li>
                  <bdi dir="ltr">{x.identifier}</bdi>: <span dir="auto">{x.reason}</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </td>
    </tr>
  );
}

async function listPage(
  c: Context<AppEnv>,
  form: Row = {},
  errors: FieldError[] = [],
  status: 200 | 400 = 200,
) {
  const actor = actorOf(c);
  const v = viewOf(c);
  const { t } = v;
  const sources = await c.get('services').harvests.list(actor);
  const err = (path: string) =>
    errors.filter((e) => e.path === path).map((e) => <span class="error">{e.message}</span>);
  return page(
    c,
    t('harvest.title'),
    <>
      <p>{t('harvest.lead')}</p>
      {errors.length ? <Notice kind="error">{t('error.summary', { count: errors.length })}</Notice> : null}
      {sources.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('harvest.name')}</th>
              <th scope="col">{t('harvest.baseUrl')}</th>
              <th scope="col">{t('harvest.prefix')}</th>
              <th scope="col">{t('harvest.until')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr>
                <td>
                  <a href={`/staff/harvest/${s.id}`}>
                    <bdi>{s.name}</bdi>
                  </a>
                </td>
                <td>
                  <bdi dir="ltr">{s.baseUrl}</bdi>
                </td>
                <td>{s.metadataPrefix}</td>
                <td>{s.harvestedUntil ? formatTimestamp(v.locale, s.harvestedUntil) : '—'}</td>
                <td>
                  <form method="post" action={`/staff/harvest/${s.id}/run`}>
                    <Csrf v={v} />
                    <button type="submit">{t('harvest.run')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('harvest.none')}</p>
      )}
      <form method="post" action="/staff/harvest">
        <Csrf v={v} />
        <h2>{t('harvest.add')}</h2>
        <label for="h-name">{t('harvest.name')}</label>
        <input id="h-name" name="name" value={str(form.name) ?? ''} required dir="auto" />
        {err('name')}
        <label for="h-url">{t('harvest.baseUrl')}</label>
        <input id="h-url" name="baseUrl" type="url" value={str(form.baseUrl) ?? ''} required dir="ltr" />
        {err('baseUrl')}
        <label for="h-slug">{t('harvest.slug')}</label>
        <input id="h-slug" name="slug" value={str(form.slug) ?? ''} required dir="ltr" />
        {err('slug')}
        <label for="h-prefix">{t('harvest.prefix')}</label>
        <select id="h-prefix" name="metadataPrefix">
          {HARVEST_PREFIXES.map((p) => (
            <option value={p} selected={form.metadataPrefix === p}>
              {p}
            </option>
          ))}
        </select>
        <label for="h-set">{t('harvest.set')}</label>
        <input id="h-set" name="set" value={str(form.set) ?? ''} dir="ltr" />
        {err('set')}
        <label for="h-interval">{t('harvest.interval')}</label>
        <input
          id="h-interval"
          name="intervalHours"
          type="number"
          min="0"
          value={String(form.intervalHours ?? 24)}
        />
        {err('intervalHours')}
        <label for="h-lang">{t('harvest.lang')}</label>
        <input id="h-lang" name="defaultLanguage" value={str(form.defaultLanguage) ?? 'en'} size={4} />
        {err('defaultLanguage')}
        <label>
          <input type="checkbox" name="allowPrivate" value="1" checked={form.allowPrivate === '1'} />{' '}
          {t('harvest.allowPrivate')}
        </label>
        <p>
          <button type="submit">{t('harvest.add')}</button>
        </p>
      </form>
    </>,
    { status, crumbs: [{ href: '/staff', label: t('nav.museums') }] },
  );
}

/** The hub's harvest pages (platform administrators): sources, a form to add one, each source's runs and reports. */
export function harvestPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/harvest', (c) => listPage(c));
  r.post('/staff/harvest', async (c) => {
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    try {
      const s = await c.get('services').harvests.register(actorOf(c), {
        name: str(form.name) ?? '',
        baseUrl: str(form.baseUrl) ?? '',
        slug: str(form.slug) ?? '',
        metadataPrefix: str(form.metadataPrefix) ?? 'oai_dc',
        ...(str(form.set) ? { set: str(form.set) } : {}),
        intervalHours: num(form.intervalHours) ?? 24,
        allowPrivate: form.allowPrivate === '1',
        defaultLanguage: str(form.defaultLanguage) ?? 'en',
      });
      return c.redirect(`/staff/harvest/${s.id}`, 303);
    } catch (e) {
      return listPage(c, form, formErrors(e), 400);
    }
  });
  r.get('/staff/harvest/:id', async (c) => {
    const actor = actorOf(c);
    const v = viewOf(c);
    const { t } = v;
    const harvests = c.get('services').harvests;
    const s = await harvests.get(actor, c.req.param('id'));
    const runs = await harvests.runs(actor, s.id);
    const running = runs[0]?.status === 'running';
    return page(
      c,
      s.name,
      <>
        <dl>
          <dt>{t('harvest.baseUrl')}</dt>
          <dd>
            <bdi dir="ltr">{s.baseUrl}</bdi>
          </dd>
          <dt>{t('harvest.prefix')}</dt>
          <dd>
            {s.metadataPrefix}
            {s.set ? ` · ${s.set}` : ''}
          </dd>
          <dt>{t('harvest.until')}</dt>
          <dd>{s.harvestedUntil ? formatTimestamp(v.locale, s.harvestedUntil) : '—'}</dd>
          {s.resume ? (
            <>
              <dt>{t('harvest.resume')}</dt>
              <dd>
                <bdi dir="ltr">{s.resume.token}</bdi>
              </dd>
            </>
          ) : null}
        </dl>
        <form method="post" action={`/staff/harvest/${s.id}/run`} class="filters">
          <Csrf v={v} />
          <label>
            <input type="checkbox" name="full" value="1" /> {t('harvest.full')}
          </label>
          <button type="submit">{t('harvest.run')}</button>
        </form>
        <h2>{t('harvest.runs')}</h2>
        {runs.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('imports.when')}</th>
                <th scope="col">{t('harvest.mode')}</th>
                <th scope="col">{t('imports.status')}</th>
                <th scope="col">{t('imports.report')}</th>
                <th scope="col">{t('imports.why')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <RunLine c={c} run={run} />
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('harvest.noRuns')}</p>
        )}
      </>,
      {
        ...(running ? { head: <meta http-equiv="refresh" content="5" /> } : {}),
        crumbs: [
          { href: '/staff', label: t('nav.museums') },
          { href: '/staff/harvest', label: t('harvest.title') },
        ],
      },
    );
  });
  r.post('/staff/harvest/:id/run', async (c) => {
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    await c.get('services').harvests.request(actorOf(c), c.req.param('id'), { full: form.full === '1' });
    return c.redirect(`/staff/harvest/${c.req.param('id')}`, 303);
  });
  return r;
}
