import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { str } from '../../http/forms.js';
import { formatNumber } from '../../http/i18n/format.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { VALUATION_REASONS } from './valuation.schemas.js';

/** An object's valuations and insurance, for the roles allowed to see them. */
export function valuationPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/objects/:id/valuation', async (c) => {
    const { actor, museum } = await museumOf(c);
    const o = await c.get('services').objects.get(actor, museum.id, idOf(c));
    const { valuations, policies } = await c.get('services').valuations.ofObject(actor, museum.id, o.id);
    const v = viewOf(c);
    const { t } = v;
    const money = (amount: string, currency: string) =>
      `${formatNumber(v.locale, Number(amount))} ${currency}`;
    return page(
      c,
      t('valuation.title', { accession: o.accessionNumber }),
      <>
        <h2>{t('valuation.valuations')}</h2>
        {valuations.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('valuation.valuedOn')}</th>
                <th scope="col">{t('valuation.amount')}</th>
                <th scope="col">{t('valuation.valuer')}</th>
                <th scope="col">{t('valuation.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {valuations.map((x) => (
                <tr>
                  <td dir="ltr">{x.valuedOn}</td>
                  <td dir="ltr">{money(x.amount, x.currency)}</td>
                  <td>
                    <bdi>{x.valuer}</bdi>
                  </td>
                  <td>
                    {t(`valuationReason.${x.reason}`)}
                    {x.note ? (
                      <>
                        {' '}
                        — <span dir="auto">{x.note}</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('valuation.none')}</p>
        )}
        <form method="post" action={`/staff/m/${museum.slug}/objects/${o.id}/valuation`}>
          <Csrf v={v} />
          <fieldset>
            <legend>{t('valuation.add')}</legend>
            <div class="row">
              <div>
                <label for="amount">{t('valuation.amount')}</label>
                <input id="amount" name="amount" inputmode="decimal" required dir="ltr" />
              </div>
              <div>
                <label for="currency">{t('valuation.currency')}</label>
                <input id="currency" name="currency" required maxlength={3} dir="ltr" value="MAD" />
              </div>
              <div>
                <label for="valuedOn">{t('valuation.valuedOn')}</label>
                <input
                  id="valuedOn"
                  name="valuedOn"
                  type="date"
                  required
                  value={new Date().toISOString().slice(0, 10)}
                />
              </div>
              <div>
                <label for="reason">{t('valuation.reason')}</label>
                <select id="reason" name="reason">
                  {VALUATION_REASONS.map((x) => (
                    <option value={x}>{t(`valuationReason.${x}`)}</option>
                  ))}
                </select>
              </div>
            </div>
            <label for="valuer">{t('valuation.valuer')}</label>
            <input id="valuer" name="valuer" required dir="auto" />
            <label for="note">{t('valuation.note')}</label>
            <textarea id="note" name="note" dir="auto" />
            <div class="actions">
              <button type="submit">{t('valuation.add')}</button>
            </div>
          </fieldset>
        </form>
        <h2>{t('valuation.policies')}</h2>
        <ul>
          {policies.map((p) => (
            <li>
              <bdi>{p.insurer}</bdi> · {t('valuation.policy')} <bdi dir="ltr">{p.policyNumber}</bdi> ·{' '}
              <span dir="ltr">
                {p.startsOn} → {p.endsOn}
              </span>{' '}
              · {t('valuation.insured')}{' '}
              <span dir="ltr">{money(p.objects[0]!.amount, p.objects[0]!.currency)}</span>
            </li>
          ))}
        </ul>
      </>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/objects/${o.id}`, label: o.accessionNumber }] },
    );
  });
  r.post('/staff/m/:museum/objects/:id/valuation', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').valuations.value(actor, museum.id, idOf(c), {
      amount: f.amount,
      currency: typeof f.currency === 'string' ? f.currency.toUpperCase() : f.currency,
      valuedOn: f.valuedOn,
      valuer: f.valuer,
      reason: f.reason,
      ...(str(f.note) ? { note: str(f.note) } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/objects/${idOf(c)}/valuation`, 303);
  });
  return r;
}
