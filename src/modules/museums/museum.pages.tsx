import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { nestForm } from '../../http/forms.js';
import { formatTimestamp } from '../../http/i18n/format.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Csrf, Notice } from '../../http/layout.js';
import { localiseFields } from '../../http/middleware/errors.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { actorOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import type { FieldError } from '../../errors.js';
import { authorize, can } from '../access/policy.js';
import { MUSEUM_ROLES } from '../access/roles.js';
import { CONTENT_LANGS } from '../common/values.schemas.js';
import type { View } from '../../http/view.js';
import type { Invitation, Member, Museum } from './museum.schemas.js';

/** The staff home (the museums one works in), creating a museum, and a museum's staff. */
export function museumPages() {
  const r = new Hono<AppEnv>();

  r.get('/staff', async (c) => {
    const actor = actorOf(c);
    const museums = await c.get('services').museums.listForActor(actor);
    const v = viewOf(c);
    return page(
      c,
      v.t('museums.title'),
      <>
        {museums.length ? (
          <ul>
            {museums.map((m) => (
              <li>
                <a href={`/staff/m/${m.slug}/objects`}>{museumName(v, m)}</a>
                {actor.memberships.get(m.id) ? (
                  <>
                    {' '}
                    <span class="badge">{v.t(`role.${actor.memberships.get(m.id)!}` as MessageKey)}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{v.t('museums.none')}</p>
        )}
        <div class="actions">
          {can(actor, 'create', 'museum', null) ? (
            <a class="button" href="/staff/museums/new">
              {v.t('museums.new')}
            </a>
          ) : null}
          <a href="/staff/tokens">{v.t('nav.tokens')}</a>
          <a href="/staff/password">{v.t('nav.password')}</a>
          {can(actor, 'read', 'harvest', null) ? <a href="/staff/harvest">{v.t('nav.harvest')}</a> : null}
          {actor.platformRole === 'admin' || actor.focalPoints?.size ? (
            <a href="/staff/directory">{v.t('directory.review')}</a>
          ) : null}
          {actor.platformRole === 'admin' || actor.focalPoints?.size ? (
            <a href="/staff/network">{v.t('network.title')}</a>
          ) : null}
        </div>
      </>,
    );
  });

  r.get('/staff/m/:museum', async (c) => {
    const { museum } = await museumOf(c);
    return c.redirect(`/staff/m/${museum.slug}/objects`, 303);
  });

  r.get('/staff/museums/new', (c) => {
    authorize(actorOf(c), 'create', 'museum', null);
    return renderNewMuseum(c, {}, []);
  });
  r.post('/staff/museums/new', async (c) => {
    const actor = actorOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as Record<string, unknown>;
    try {
      const m = await c.get('services').museums.create(actor, {
        slug: form.slug ?? '',
        names: form.names ?? [],
        defaultLanguage: form.defaultLanguage || undefined,
        countryCode: form.countryCode || null,
        city: form.city || null,
      });
      return c.redirect(`/staff/m/${m.slug}/members?done=created`, 303);
    } catch (e) {
      return renderNewMuseum(c, form, formErrors(e), 400);
    }
  });

  r.get('/staff/m/:museum/members', async (c) => {
    const { museum } = await museumOf(c);
    return renderMembers(c, museum);
  });
  r.post('/staff/m/:museum/members/:user/role', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = await c.req.parseBody();
    await c.get('services').museums.changeRole(actor, museum.id, c.req.param('user'), {
      role: typeof form.role === 'string' ? form.role : '',
    });
    return c.redirect(`/staff/m/${museum.slug}/members?done=role`, 303);
  });
  r.post('/staff/m/:museum/members/:user/suspend', async (c) => {
    const { actor, museum } = await museumOf(c);
    await c.get('services').museums.suspend(actor, museum.id, c.req.param('user'));
    return c.redirect(`/staff/m/${museum.slug}/members?done=suspended`, 303);
  });
  r.post('/staff/m/:museum/members/:user/reinstate', async (c) => {
    const { actor, museum } = await museumOf(c);
    await c.get('services').museums.reinstate(actor, museum.id, c.req.param('user'));
    return c.redirect(`/staff/m/${museum.slug}/members?done=reinstated`, 303);
  });
  r.post('/staff/m/:museum/members', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody()) as Record<string, unknown>;
    try {
      const inv = await c
        .get('services')
        .museums.invite(actor, museum.id, { email: form.email ?? '', role: form.role ?? '' });
      return renderMembers(c, museum, [], inv, 201);
    } catch (e) {
      return renderMembers(c, museum, formErrors(e), undefined, 400);
    }
  });
  return r;
}

function renderNewMuseum(
  c: Context<AppEnv>,
  form: Record<string, unknown>,
  errors: FieldError[],
  status = 200,
) {
  const v = viewOf(c);
  const { t } = v;
  const fields = localiseFields(errors, t, v.locale.lang);
  const names = (form.names as { lang?: string; value?: string }[] | undefined) ?? [];
  const rows = [
    ...names,
    { lang: 'ar', value: '' },
    { lang: 'en', value: '' },
    { lang: 'fr', value: '' },
  ].slice(0, Math.max(3, names.length + 1));
  return page(
    c,
    t('museums.new'),
    <form method="post" action="/staff/museums/new">
      <Csrf v={v} />
      {fields.length ? (
        <Notice kind="error">
          {t('error.summary', { count: fields.length })}
          <ul>
            {fields.map((f) => (
              <li>
                <code>{f.path}</code> {f.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <label for="slug">{t('museums.slug')}</label>
      <input id="slug" name="slug" required dir="ltr" value={String(form.slug ?? '')} pattern="[a-z0-9-]+" />
      <fieldset>
        <legend>{t('museums.names')}</legend>
        {rows.map((n, i) => (
          <div class="row">
            <div>
              <label for={`n-${i}-lang`}>{t('objects.lang')}</label>
              <select id={`n-${i}-lang`} name={`names[${i}][lang]`}>
                {CONTENT_LANGS.map((l) => (
                  <option value={l.tag} selected={l.tag === n.lang}>
                    {l.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for={`n-${i}-value`}>{t('objects.value')}</label>
              <input id={`n-${i}-value`} name={`names[${i}][value]`} dir="auto" value={n.value ?? ''} />
            </div>
          </div>
        ))}
      </fieldset>
      <label for="countryCode">{t('museums.country')}</label>
      <input
        id="countryCode"
        name="countryCode"
        dir="ltr"
        maxlength={2}
        value={String(form.countryCode ?? '')}
      />
      <label for="city">{t('museums.city')}</label>
      <input id="city" name="city" dir="auto" value={String(form.city ?? '')} />
      <label for="defaultLanguage">{t('museums.defaultLanguage')}</label>
      <select id="defaultLanguage" name="defaultLanguage">
        {CONTENT_LANGS.map((l) => (
          <option value={l.tag} selected={l.tag === (form.defaultLanguage ?? 'ar')}>
            {l.name}
          </option>
        ))}
      </select>
      <div class="actions">
        <button type="submit">{t('action.create')}</button>
      </div>
    </form>,
    { status },
  );
}

const DONE = new Set(['role', 'suspended', 'reinstated']);

/** A member of staff: their role (which their director may change) and whether they are suspended. */
function MemberRow(props: { v: View; base: string; member: Member; self: boolean }) {
  const { v, base, member: m } = props;
  const { t } = v;
  const id = `role-${m.userId}`;
  return (
    <tr>
      <td>
        <bdi>{m.name}</bdi>
        {props.self ? <> ({t('members.you')})</> : null}
      </td>
      <td dir="ltr">{m.email}</td>
      <td>
        {props.self ? (
          t(`role.${m.role}` as MessageKey)
        ) : (
          <form method="post" action={`${base}/role`} class="inline">
            <Csrf v={v} />
            <label for={id} class="visually-hidden">
              {t('members.role')}
            </label>
            <select id={id} name="role">
              {MUSEUM_ROLES.map((r) => (
                <option value={r} selected={r === m.role}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>{' '}
            <button type="submit">{t('members.changeRole')}</button>
          </form>
        )}
      </td>
      <td>
        {m.suspendedAt
          ? t('members.suspended', { date: formatTimestamp(v.locale, m.suspendedAt) })
          : t('members.active')}
        {props.self ? null : (
          <form method="post" action={`${base}/${m.suspendedAt ? 'reinstate' : 'suspend'}`} class="inline">
            <Csrf v={v} />{' '}
            <button type="submit" class={m.suspendedAt ? undefined : 'danger'}>
              {t(m.suspendedAt ? 'members.reinstate' : 'members.suspend')}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

async function renderMembers(
  c: Context<AppEnv>,
  museum: Museum,
  errors: FieldError[] = [],
  created?: Invitation,
  status = 200,
) {
  const actor = actorOf(c);
  const v = viewOf(c);
  const { t } = v;
  const { members, invitations } = await c.get('services').museums.members(actor, museum.id);
  const fields = localiseFields(errors, t, v.locale.lang);
  const link = created ? `${c.get('services').config.PUBLIC_URL}/invite/${created.id}` : null;
  return page(
    c,
    t('members.title'),
    <>
      {c.req.query('done') === 'created' ? <Notice>{t('museums.created')}</Notice> : null}
      {DONE.has(c.req.query('done') ?? '') ? (
        <Notice>{t(`members.done.${c.req.query('done')}` as MessageKey)}</Notice>
      ) : null}
      {created && link ? (
        <div class="notice" role="status">
          <p>
            {t('members.inviteLink', {
              email: created.email,
              date: formatTimestamp(v.locale, created.expiresAt),
            })}
          </p>
          <code class="token" dir="ltr">
            {link}
          </code>
        </div>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('members.name')}</th>
            <th scope="col">{t('members.email')}</th>
            <th scope="col">{t('members.role')}</th>
            <th scope="col">{t('members.status')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <MemberRow
              v={v}
              base={`/staff/m/${museum.slug}/members/${m.userId}`}
              member={m}
              self={m.userId === actor.userId}
            />
          ))}
        </tbody>
      </table>
      {invitations.length ? (
        <>
          <h2>{t('members.pending')}</h2>
          <ul>
            {invitations.map((i) => (
              <li>
                <bdi>{i.email}</bdi> — {t(`role.${i.role}` as MessageKey)} — {t('members.expires')}{' '}
                {formatTimestamp(v.locale, i.expiresAt)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('members.invite')}</h2>
      <form method="post" action={`/staff/m/${museum.slug}/members`}>
        <Csrf v={v} />
        {fields.length ? (
          <Notice kind="error">
            {fields.map((f) => (
              <span>{f.message} </span>
            ))}
          </Notice>
        ) : null}
        <label for="email">{t('members.email')}</label>
        <input id="email" name="email" type="email" required dir="ltr" />
        <label for="role">{t('members.role')}</label>
        <select id="role" name="role">
          {MUSEUM_ROLES.map((r) => (
            <option value={r}>{t(`role.${r}`)}</option>
          ))}
        </select>
        <div class="actions">
          <button type="submit">{t('action.invite')}</button>
        </div>
      </form>
    </>,
    {
      museum,
      status,
      crumbs: [
        { href: '/staff', label: t('nav.museums') },
        { href: `/staff/m/${museum.slug}/objects`, label: museumName(v, museum) },
      ],
    },
  );
}
