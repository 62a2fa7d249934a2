import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { lines, str } from '../../http/forms.js';
import { Csrf } from '../../http/layout.js';
import { museumName, page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { ObjectsTable } from '../acquisitions/acquisition.views.js';
import { EXIT_REASONS } from './exit.schemas.js';

/** Object exits: the list, recording one, and its printable receipt. */
export function exitPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/exits', async (c) => {
    const { actor, museum } = await museumOf(c);
    const list = await c.get('services').exits.list(actor, museum.id);
    const v = viewOf(c);
    const { t } = v;
    return page(
      c,
      t('exits.title'),
      <>
        {list.length ? (
          <ul>
            {list.map((x) => (
              <li>
                <a href={`/staff/m/${museum.slug}/exits/${x.id}`} dir="ltr">
                  {x.number}
                </a>{' '}
                · <span dir="ltr">{x.exitOn}</span> ·{' '}
                {t(`exitReason.${x.reason as (typeof EXIT_REASONS)[number]}`)} · <bdi>{x.recipient}</bdi>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('exits.none')}</p>
        )}
        {can(actor, 'create', 'exit', museum.id) ? (
          <form method="post" action={`/staff/m/${museum.slug}/exits`}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('exits.new')}</legend>
              <div class="row">
                <div>
                  <label for="exitOn">{t('exits.exitOn')}</label>
                  <input
                    id="exitOn"
                    name="exitOn"
                    type="date"
                    required
                    value={new Date().toISOString().slice(0, 10)}
                  />
                </div>
                <div>
                  <label for="reason">{t('exits.reason')}</label>
                  <select id="reason" name="reason">
                    {EXIT_REASONS.map((x) => (
                      <option value={x}>{t(`exitReason.${x}`)}</option>
                    ))}
                  </select>
                </div>
              </div>
              <label for="recipient">{t('exits.recipient')}</label>
              <input id="recipient" name="recipient" dir="auto" required />
              <label for="accessions">{t('deaccession.accessions')}</label>
              <textarea id="accessions" name="accessions" dir="ltr" required />
              <label for="note">{t('entries.note')}</label>
              <textarea id="note" name="note" dir="auto" />
              <div class="actions">
                <button type="submit">{t('exits.new')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </>,
      { museum },
    );
  });
  r.post('/staff/m/:museum/exits', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    const x = await c.get('services').exits.record(actor, museum.id, {
      exitOn: f.exitOn,
      reason: f.reason,
      recipient: f.recipient,
      accessionNumbers: lines(f.accessions),
      ...(str(f.note) ? { note: str(f.note) } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/exits/${x.id}`, 303);
  });
  r.get('/staff/m/:museum/exits/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const x = await c.get('services').exits.get(actor, museum.id, idOf(c));
    const v = viewOf(c);
    const { t } = v;
    return page(
      c,
      t('exits.receipt', { number: x.number }),
      <article class="document">
        <p>
          <strong>{museumName(v, museum)}</strong>
        </p>
        <p>{t('exits.receiptText')}</p>
        <dl class="grid">
          <dt>{t('exits.exitOn')}</dt>
          <dd dir="ltr">{x.exitOn}</dd>
          <dt>{t('exits.reason')}</dt>
          <dd>{t(`exitReason.${x.reason}`)}</dd>
          <dt>{t('exits.recipient')}</dt>
          <dd>
            <bdi>{x.recipient}</bdi>
          </dd>
          {x.note ? (
            <>
              <dt>{t('entries.note')}</dt>
              <dd dir="auto">{x.note}</dd>
            </>
          ) : null}
        </dl>
        <ObjectsTable v={v} base={`/staff/m/${museum.slug}`} objects={x.objects} />
        <div class="signatures">
          <p>{t('entries.signMuseum')}</p>
          <p>{t('exits.recipient')}</p>
        </div>
      </article>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/exits`, label: t('exits.title') }] },
    );
  });
  return r;
}
