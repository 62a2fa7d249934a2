import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { nestForm, num, str } from '../../http/forms.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Notice } from '../../http/layout.js';
import { localiseFields } from '../../http/middleware/errors.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { idOf, museumOf, queryOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import type { FieldError } from '../../errors.js';
import { can } from '../access/policy.js';
import type { Museum } from '../museums/museum.schemas.js';
import { HistoryTable, TitleOf } from '../objects/object.views.js';
import { displayLabel } from './authority.repository.js';
import { AuthorityFormView, type AuthorityForm } from './authority.form-view.js';
import { AUTHORITY_TYPES, type Authority, CONCEPT_SCHEMES } from './authority.schemas.js';

const base = (m: Museum) => `/staff/m/${m.slug}/authorities`;

/** Staff pages for authorities: list and filter, show with linked objects, create and edit. */
export function authorityPages() {
  const r = new Hono<AppEnv>();

  r.get('/staff/m/:museum/authorities', async (c) => {
    const { actor, museum } = await museumOf(c);
    const { done: _d, ...q } = queryOf(c);
    const items = await c.get('services').authorities.list(actor, museum.id, { limit: '200', ...q });
    const v = viewOf(c);
    const { t } = v;
    return page(
      c,
      t('authorities.title'),
      <>
        {c.req.query('done') === 'deleted' ? <Notice>{t('authorities.deleted')}</Notice> : null}
        {can(actor, 'create', 'authority', museum.id) ? (
          <p>
            <a class="button" href={`${base(museum)}/new`}>
              {t('authorities.new')}
            </a>
          </p>
        ) : null}
        <search>
          <form method="get" class="filters">
            <div>
              <label for="q">{t('authorities.search')}</label>
              <input id="q" name="q" type="search" dir="auto" value={q.q ?? ''} />
            </div>
            <div>
              <label for="type">{t('authorities.type')}</label>
              <select id="type" name="type">
                <option value="" />
                {AUTHORITY_TYPES.map((x) => (
                  <option value={x} selected={q.type === x}>
                    {t(`type.${x}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="scheme">{t('authorities.scheme')}</label>
              <select id="scheme" name="scheme">
                <option value="" />
                {CONCEPT_SCHEMES.map((x) => (
                  <option value={x} selected={q.scheme === x}>
                    {t(`scheme.${x}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t('action.filter')}</button>
          </form>
        </search>
        {items.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('objects.name')}</th>
                <th scope="col">{t('authorities.type')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr>
                  <td>
                    <a href={`${base(museum)}/${a.id}`}>
                      <bdi>{displayLabel(a, [v.locale.lang, 'en'])}</bdi>
                    </a>
                  </td>
                  <td>
                    {t(`type.${a.type}`)}
                    {a.scheme ? ` · ${t(`scheme.${a.scheme}`)}` : ''}
                  </td>
                  <td>
                    <span class="badge">{a.museumId ? t('authorities.own') : t('authorities.shared')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('authorities.empty')}</p>
        )}
      </>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/objects`, label: museumName(v, museum) }] },
    );
  });

  r.get('/staff/m/:museum/authorities/new', async (c) => {
    const { museum } = await museumOf(c);
    return renderForm(
      c,
      museum,
      { type: c.req.query('type') ?? 'person', scheme: c.req.query('scheme') ?? '' },
      [],
    );
  });
  r.post('/staff/m/:museum/authorities/new', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as AuthorityForm;
    try {
      const a = await c.get('services').authorities.create(actor, museum.id, formToInput(form));
      return c.redirect(`${base(museum)}/${a.id}?done=created`, 303);
    } catch (e) {
      return renderForm(c, museum, form, formErrors(e), undefined, 400);
    }
  });

  r.get('/staff/m/:museum/authorities/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const a = await s.authorities.get(actor, museum.id, idOf(c));
    const linked = await s.objects.list(actor, museum.id, { authority: a.id, limit: '100' });
    const v = viewOf(c);
    const { t } = v;
    return page(
      c,
      displayLabel(a, [v.locale.lang, 'en']),
      <>
        {c.req.query('done') ? (
          <Notice>
            {t(c.req.query('done') === 'created' ? 'authorities.created' : 'authorities.updated')}
          </Notice>
        ) : null}
        <div class="actions">
          {s.authorities.canEdit(actor, a) ? (
            <a class="button" href={`${base(museum)}/${a.id}/edit`}>
              {t('action.edit')}
            </a>
          ) : null}
          <a href={`${base(museum)}/${a.id}/history`}>{t('action.history')}</a>
        </div>
        <AuthorityDetail a={a} v={v} />
        <h2>{t('authorities.linkedObjects')}</h2>
        <p>{t('objects.count', { count: linked.total })}</p>
        <ul>
          {linked.items.map((o) => (
            <li>
              <a href={`/staff/m/${museum.slug}/objects/${o.id}`} dir="ltr">
                {o.accessionNumber}
              </a>{' '}
              <TitleOf titles={o.titles} v={v} />
            </li>
          ))}
        </ul>
      </>,
      { museum, crumbs: [{ href: base(museum), label: t('authorities.title') }] },
    );
  });

  r.get('/staff/m/:museum/authorities/:id/history', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const a = await s.authorities.get(actor, museum.id, idOf(c));
    const events = await s.authorities.history(actor, museum.id, a.id);
    const v = viewOf(c);
    const label = displayLabel(a, [v.locale.lang, 'en']);
    return page(c, v.t('history.title', { accession: label }), <HistoryTable v={v} events={events} />, {
      museum,
      crumbs: [
        { href: base(museum), label: v.t('authorities.title') },
        { href: `${base(museum)}/${a.id}`, label },
      ],
    });
  });

  r.get('/staff/m/:museum/authorities/:id/edit', async (c) => {
    const { actor, museum } = await museumOf(c);
    const a = await c.get('services').authorities.get(actor, museum.id, idOf(c));
    return renderForm(c, museum, toForm(a), [], a);
  });
  r.post('/staff/m/:museum/authorities/:id/edit', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const a = await s.authorities.get(actor, museum.id, idOf(c));
    const form = nestForm(await c.req.parseBody({ all: true })) as AuthorityForm;
    try {
      await s.authorities.update(actor, museum.id, a.id, formToInput({ ...form, type: a.type }));
      return c.redirect(`${base(museum)}/${a.id}?done=updated`, 303);
    } catch (e) {
      return renderForm(c, museum, form, formErrors(e), a, 400);
    }
  });
  return r;
}

function AuthorityDetail(props: { a: Authority; v: ReturnType<typeof viewOf> }) {
  const { a, v } = props;
  const { t } = v;
  return (
    <dl class="grid">
      <dt>{t('authorities.type')}</dt>
      <dd>
        {t(`type.${a.type}`)}
        {a.scheme ? ` · ${t(`scheme.${a.scheme}`)}` : ''}
      </dd>
      <dt>{t('authorities.labels')}</dt>
      <dd>
        {a.labels.map((l) => (
          <p lang={l.lang} dir="auto">
            {l.value}
            {l.preferred ? ' ★' : ''} <span class="badge">{l.lang}</span>
          </p>
        ))}
      </dd>
      {a.nameParts ? (
        <>
          <dt>{t('authorities.nameParts')}</dt>
          <dd>
            {Object.entries(a.nameParts).map(([k, x]) => (
              <p>
                {t(`nameParts.${k}` as MessageKey)}: <bdi>{x}</bdi>
              </p>
            ))}
          </dd>
        </>
      ) : null}
      {a.beginYear != null || a.endYear != null || a.datesText ? (
        <>
          <dt>{t('authorities.years')}</dt>
          <dd>
            <bdi>{a.datesText ?? `${a.beginYear ?? '?'}–${a.endYear ?? '?'}`}</bdi>
          </dd>
        </>
      ) : null}
      {a.latitude != null ? (
        <>
          <dt>
            {t('authorities.latitude')} / {t('authorities.longitude')}
          </dt>
          <dd dir="ltr">
            {a.latitude}, {a.longitude}
          </dd>
        </>
      ) : null}
      {Object.keys(a.externalIds).length ? (
        <>
          <dt>{t('authorities.externalIds')}</dt>
          <dd>
            {Object.entries(a.externalIds).map(([k, x]) => (
              <p dir="ltr">
                {k}: {x}
              </p>
            ))}
          </dd>
        </>
      ) : null}
      <dt>{t('authorities.shared')}</dt>
      <dd>{a.museumId ? t('authorities.own') : t('authorities.shared')}</dd>
    </dl>
  );
}

function toForm(a: Authority): AuthorityForm {
  return {
    type: a.type,
    scheme: a.scheme ?? '',
    labels: a.labels.map((l) => ({ lang: l.lang, value: l.value, preferred: l.preferred ? '1' : '' })),
    nameParts: (a.nameParts ?? {}) as Record<string, string>,
    beginYear: a.beginYear?.toString() ?? '',
    endYear: a.endYear?.toString() ?? '',
    datesText: a.datesText ?? '',
    latitude: a.latitude?.toString() ?? '',
    longitude: a.longitude?.toString() ?? '',
    externalIds: a.externalIds as Record<string, string>,
  };
}

function formToInput(f: AuthorityForm): Record<string, unknown> {
  const parts = Object.fromEntries(
    Object.entries(f.nameParts ?? {})
      .filter(([, x]) => str(x))
      .map(([k, x]) => [k, str(x)]),
  );
  const ids = Object.fromEntries(
    Object.entries(f.externalIds ?? {})
      .filter(([, x]) => str(x))
      .map(([k, x]) => [k, str(x)]),
  );
  return {
    type: f.type,
    scheme: str(f.scheme) ?? null,
    labels: (f.labels ?? [])
      .filter((l) => str(l.value))
      .map((l) => ({
        lang: str(l.lang) ?? '',
        value: l.value!.trim(),
        ...(l.preferred ? { preferred: true } : {}),
      })),
    nameParts: Object.keys(parts).length ? parts : null,
    beginYear: num(f.beginYear) ?? null,
    endYear: num(f.endYear) ?? null,
    datesText: str(f.datesText) ?? null,
    latitude: num(f.latitude) ?? null,
    longitude: num(f.longitude) ?? null,
    externalIds: ids,
    ...(f.shared === '1' ? { shared: true } : {}),
  };
}

function renderForm(
  c: Context<AppEnv>,
  museum: Museum,
  form: AuthorityForm,
  errors: FieldError[],
  existing?: Authority,
  status = 200,
) {
  const v = viewOf(c);
  const title = existing
    ? v.t('authorities.edit', { label: displayLabel(existing, [v.locale.lang, 'en']) })
    : v.t('authorities.new');
  const action = existing ? `${base(museum)}/${existing.id}/edit` : `${base(museum)}/new`;
  return page(
    c,
    title,
    <AuthorityFormView
      v={v}
      form={form}
      errors={localiseFields(errors, v.t, v.locale.lang)}
      action={action}
      typeFixed={!!existing}
      canShare={v.actor?.platformRole === 'admin'}
      defaultLang={museum.defaultLanguage}
    />,
    { museum, status, crumbs: [{ href: base(museum), label: v.t('authorities.title') }] },
  );
}
