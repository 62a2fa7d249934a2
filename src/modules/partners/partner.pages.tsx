import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatTimestamp } from '../../http/i18n/format.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { nestForm } from '../../http/forms.js';
import { Csrf, Notice } from '../../http/layout.js';
import { museumName, page } from '../../http/page.js';
import { actorOf, museumOf, queryOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { pickLang } from '../common/values.schemas.js';
import { MUSEUM_TYPES } from '../directory/directory.schemas.js';
import { PARTNER_THEMES } from './partner.schemas.js';

type Row = Record<string, unknown>;
const s = (x: unknown) => (typeof x === 'string' ? x : '');

/** Finding partners: offers and needs of every museum, a museum's own, and its director's messages. */
export function partnerPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/partners', async (c) => {
    const actor = actorOf(c);
    const v = viewOf(c);
    const { t } = v;
    const services = c.get('services');
    const q = queryOf(c);
    const posts = await services.partners.search(actor, q);
    const mine = (await services.museums.listForActor(actor)).filter(
      (m) => actor.memberships.has(m.id) && can(actor, 'create', 'message', m.id),
    );
    return page(
      c,
      t('partners.title'),
      <>
        {c.req.query('sent') ? <Notice>{t('partners.sent')}</Notice> : null}
        <p>{t('partners.lead')}</p>
        <search>
          <form method="get" action="/staff/partners" class="filters">
            <div>
              <label for="p-q">{t('search.label')}</label>
              <input id="p-q" name="q" type="search" value={q.q ?? ''} dir="auto" />
            </div>
            <div>
              <label for="p-kind">{t('partners.kind')}</label>
              <select id="p-kind" name="kind">
                <option value="" />
                {(['offer', 'need'] as const).map((k) => (
                  <option value={k} selected={q.kind === k}>
                    {t(`partners.kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="p-theme">{t('partners.theme')}</label>
              <select id="p-theme" name="theme">
                <option value="" />
                {PARTNER_THEMES.map((k) => (
                  <option value={k} selected={q.theme === k}>
                    {t(`partners.theme.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="p-country">{t('directory.country')}</label>
              <input id="p-country" name="country" value={q.country ?? ''} size={3} dir="ltr" />
            </div>
            <div>
              <label for="p-type">{t('directory.type')}</label>
              <select id="p-type" name="type">
                <option value="" />
                {MUSEUM_TYPES.map((k) => (
                  <option value={k} selected={q.type === k}>
                    {t(`directory.type.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t('action.filter')}</button>
          </form>
        </search>
        {posts.length ? (
          posts.map((p) => {
            const m = p.museum;
            const name = m ? pickLang(m.names, [v.locale.lang, 'en']) : undefined;
            return (
              <article class="post">
                <h2>
                  <span lang={p.lang} dir="auto">
                    {p.title}
                  </span>
                </h2>
                <p class="equiv">
                  {t(`partners.kind.${p.kind}`)} · {t(`partners.theme.${p.theme}` as MessageKey)} ·{' '}
                  {m ? (
                    <a href={v.pub(`/m/${m.slug}`)}>
                      <span lang={name?.lang} dir="auto">
                        {name?.value ?? m.slug}
                      </span>
                    </a>
                  ) : null}
                  {p.country ? ` · ${p.country}` : ''}
                </p>
                <p lang={p.lang} dir="auto">
                  {p.body}
                </p>
                {mine.length && !actor.memberships.has(p.museumId) ? (
                  <details>
                    <summary>{t('partners.write')}</summary>
                    <form method="post" action={`/staff/partners/${p.id}/contact`}>
                      <Csrf v={v} />
                      <label for={`from-${p.id}`}>{t('partners.from')}</label>
                      <select id={`from-${p.id}`} name="fromMuseum">
                        {mine.map((x) => (
                          <option value={x.id}>{museumName(v, x)}</option>
                        ))}
                      </select>
                      <label for={`subject-${p.id}`}>{t('partners.subject')}</label>
                      <input
                        id={`subject-${p.id}`}
                        name="subject"
                        required
                        dir="auto"
                        value={`${t('partners.re')} ${p.title}`.slice(0, 200)}
                      />
                      <label for={`body-${p.id}`}>{t('partners.message')}</label>
                      <textarea id={`body-${p.id}`} name="body" required dir="auto" />
                      <p class="hint">{t('partners.private')}</p>
                      <button type="submit">{t('partners.send')}</button>
                    </form>
                  </details>
                ) : null}
              </article>
            );
          })
        ) : (
          <p>{t('partners.none')}</p>
        )}
      </>,
      { crumbs: [{ href: '/staff', label: t('nav.museums') }] },
    );
  });
  r.post('/staff/partners/:id/contact', async (c) => {
    const actor = actorOf(c);
    const services = c.get('services');
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    const post = await services.partners.postById(c.req.param('id'));
    await services.partners.contact(actor, post.museumId, post.id, {
      fromMuseum: s(form.fromMuseum),
      subject: s(form.subject),
      body: s(form.body),
    });
    return c.redirect('/staff/partners?sent=1', 303);
  });

  r.get('/staff/m/:museum/partners', async (c) => {
    const { actor, museum } = await museumOf(c);
    const v = viewOf(c);
    const { t } = v;
    const posts = await c.get('services').partners.mine(actor, museum.id);
    return page(
      c,
      `${t('partners.ours')} · ${museumName(v, museum)}`,
      <>
        <p>
          <a href="/staff/partners">{t('partners.title')}</a>
          {can(actor, 'read', 'message', museum.id) ? (
            <>
              {' '}
              · <a href={`/staff/m/${museum.slug}/messages`}>{t('partners.inbox')}</a>
            </>
          ) : null}
        </p>
        <ul>
          {posts.map((p) => (
            <li>
              <span lang={p.lang} dir="auto">
                {p.title}
              </span>{' '}
              <span class="equiv">
                ({t(`partners.kind.${p.kind}`)}, {t(`partners.theme.${p.theme}` as MessageKey)},{' '}
                {t(p.status === 'open' ? 'partners.open' : 'partners.closed')})
              </span>
              {p.status === 'open' && can(actor, 'update', 'partnership', museum.id) ? (
                <form method="post" action={`/staff/m/${museum.slug}/partners/${p.id}/close`} class="inline">
                  <Csrf v={v} /> <button type="submit">{t('partners.close')}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {can(actor, 'create', 'partnership', museum.id) ? (
          <form method="post" action={`/staff/m/${museum.slug}/partners`}>
            <Csrf v={v} />
            <h2>{t('partners.add')}</h2>
            <label for="n-kind">{t('partners.kind')}</label>
            <select id="n-kind" name="kind">
              {(['offer', 'need'] as const).map((k) => (
                <option value={k}>{t(`partners.kind.${k}`)}</option>
              ))}
            </select>
            <label for="n-theme">{t('partners.theme')}</label>
            <select id="n-theme" name="theme">
              {PARTNER_THEMES.map((k) => (
                <option value={k}>{t(`partners.theme.${k}` as MessageKey)}</option>
              ))}
            </select>
            <label for="n-title">{t('partners.subject')}</label>
            <input id="n-title" name="title" required dir="auto" />
            <label for="n-body">{t('partners.message')}</label>
            <textarea id="n-body" name="body" required dir="auto" />
            <input type="hidden" name="lang" value={museum.defaultLanguage} />
            <button type="submit">{t('partners.add')}</button>
          </form>
        ) : null}
      </>,
      { museum },
    );
  });
  r.post('/staff/m/:museum/partners', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    await c.get('services').partners.post(actor, museum.id, {
      kind: s(form.kind),
      theme: s(form.theme),
      title: s(form.title),
      body: s(form.body),
      lang: s(form.lang) || museum.defaultLanguage,
    });
    return c.redirect(`/staff/m/${museum.slug}/partners`, 303);
  });
  r.post('/staff/m/:museum/partners/:id/close', async (c) => {
    const { actor, museum } = await museumOf(c);
    await c.get('services').partners.close(actor, museum.id, c.req.param('id'));
    return c.redirect(`/staff/m/${museum.slug}/partners`, 303);
  });
  r.get('/staff/m/:museum/messages', async (c) => {
    const { actor, museum } = await museumOf(c);
    const v = viewOf(c);
    const services = c.get('services');
    const messages = await services.partners.inbox(actor, museum.id);
    return page(
      c,
      `${v.t('partners.inbox')} · ${museumName(v, museum)}`,
      messages.length ? (
        <div>
          {messages.map((m) => {
            const from = m.fromMuseum;
            const fromName = from ? pickLang(from.names, [v.locale.lang, 'en']) : undefined;
            return (
              <article class="message">
                <h2>
                  <span dir="auto">{m.subject}</span>
                </h2>
                <p class="equiv">
                  <bdi>{m.fromLabel}</bdi>,{' '}
                  {from ? (
                    <a href={v.pub(`/m/${from.slug}`)}>
                      <span lang={fromName?.lang} dir="auto">
                        {fromName?.value ?? from.slug}
                      </span>
                    </a>
                  ) : null}{' '}
                  · {formatTimestamp(v.locale, m.createdAt)}
                  {m.readAt ? '' : ` · ${v.t('partners.new')}`}
                </p>
                <p dir="auto" class="pre-line">
                  {m.body}
                </p>
              </article>
            );
          })}
        </div>
      ) : (
        <p>{v.t('partners.noMessages')}</p>
      ),
      { museum },
    );
  });
  return r;
}
