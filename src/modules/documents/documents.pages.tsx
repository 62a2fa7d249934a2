import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatNumber } from '../../http/i18n/format.js';
import { museumName, page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { pickLang } from '../common/values.schemas.js';
import { TitleOf } from '../objects/object.views.js';
import { publicObjectUrl, qrSvg } from './qr.js';

/**
 * Print-ready documents (A4, print stylesheet, right to left in Arabic): object labels with a
 * QR code to the public page, the loan agreement, and a condition report form.
 */
export function documentPages() {
  const r = new Hono<AppEnv>();

  // Labels for everything at a location (and inside it), or for one object.
  r.get('/staff/m/:museum/labels', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const objectId = c.req.query('object');
    const locationId = c.req.query('location');
    const objects = objectId
      ? [await s.objects.get(actor, museum.id, objectId)].map((o) => ({
          id: o.id,
          accessionNumber: o.accessionNumber,
          titles: o.titles,
        }))
      : locationId
        ? (await s.locations.objectsAt(actor, museum.id, locationId, { limit: '1000' })).items
        : [];
    const v = viewOf(c);
    const labels = await Promise.all(
      objects.map(async (o) => ({
        ...o,
        qr: await qrSvg(publicObjectUrl(s.config.PUBLIC_URL, museum.slug, o.id)),
      })),
    );
    return page(
      c,
      v.t('docs.labels'),
      <div class="labels">
        {labels.map((l) => (
          <div class="label">
            <span role="img" aria-label={v.t('docs.scan')} dangerouslySetInnerHTML={{ __html: l.qr }} />
            <div>
              <div class="acc" dir="ltr">
                {l.accessionNumber}
              </div>
              <div>
                <TitleOf titles={l.titles} v={v} />
              </div>
              <div class="hint">{museumName(v, museum)}</div>
            </div>
          </div>
        ))}
      </div>,
      { museum },
    );
  });

  r.get('/staff/m/:museum/loans/:id/agreement', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const l = await s.loans.get(actor, museum.id, idOf(c));
    const v = viewOf(c);
    const party = (id: string | null, names: { lang: string; value: string }[]) =>
      id ? (pickLang(names, [v.locale.lang, 'en'])?.value ?? '') : (l.externalParty ?? '');
    const [lender, borrower] = [
      party(l.lenderMuseumId, l.lenderNames),
      party(l.borrowerMuseumId, l.borrowerNames),
    ];
    const { t } = v;
    return page(
      c,
      t('docs.agreement', { number: l.number }),
      <article class="document">
        <p>{t('docs.agreementText')}</p>
        <dl class="grid">
          <dt>{t('loans.lender')}</dt>
          <dd>
            <bdi>{lender}</bdi>
          </dd>
          <dt>{t('loans.borrower')}</dt>
          <dd>
            <bdi>{borrower}</bdi>
          </dd>
          <dt>{t('loans.purpose')}</dt>
          <dd>
            {t(`loanPurpose.${l.purpose}`)} — <span dir="auto">{l.title}</span>
          </dd>
          <dt>{t('loans.period')}</dt>
          <dd dir="ltr">
            {l.startsOn} → {l.endsOn}
          </dd>
          {l.venues.length ? (
            <>
              <dt>{t('loans.exhibition')}</dt>
              <dd>
                {l.venues.map((x) => (
                  <p>
                    <bdi>{x.name}</bdi>
                    {x.city ? `, ${x.city}` : ''}
                  </p>
                ))}
              </dd>
            </>
          ) : null}
          {l.conditions ? (
            <>
              <dt>{t('loans.conditions')}</dt>
              <dd dir="auto">{l.conditions}</dd>
            </>
          ) : null}
          {l.agreement ? (
            <>
              <dt>{t('loans.agreementRef')}</dt>
              <dd>
                <bdi>{l.agreement.reference}</bdi>
              </dd>
            </>
          ) : null}
        </dl>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('objects.accessionNumber')}</th>
              <th scope="col">{t('objects.titles')}</th>
              <th scope="col">{t('loans.insurance')}</th>
            </tr>
          </thead>
          <tbody>
            {l.objects.map((o) => (
              <tr>
                <td dir="ltr">{o.accessionNumber}</td>
                <td>
                  <TitleOf titles={o.titles} v={v} />
                </td>
                <td dir="ltr">
                  {o.insuranceValue
                    ? `${formatNumber(v.locale, Number(o.insuranceValue.amount))} ${o.insuranceValue.currency}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="signatures">
          <p>{t('docs.signLender')}</p>
          <p>{t('docs.signBorrower')}</p>
        </div>
      </article>,
      { museum },
    );
  });

  r.get('/staff/m/:museum/objects/:id/condition/form', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const o = await s.objects.get(actor, museum.id, idOf(c));
    const latest = await s.conservation.latest(actor, museum.id, o.id);
    const v = viewOf(c);
    const { t } = v;
    return page(
      c,
      t('docs.conditionForm', { accession: o.accessionNumber }),
      <article class="document">
        <p>
          <strong>
            <bdi>{pickLang(o.titles, [v.locale.lang])?.value}</bdi>
          </strong>{' '}
          · {museumName(v, museum)}
        </p>
        <p>{t('docs.conditionFormText')}</p>
        <dl class="grid">
          <dt>{t('objects.dimensions')}</dt>
          <dd>
            {o.dimensions
              .map((d) => `${t(`dim.${d.type}`)} ${formatNumber(v.locale, d.value)} ${d.unit}`)
              .join(' · ') || '—'}
          </dd>
          <dt>{t('conservation.latest')}</dt>
          <dd>
            {latest ? (
              <>
                {t(`condition.${latest.overall}`)} · <span dir="ltr">{latest.checkedOn}</span> ·{' '}
                {latest.damages
                  .map(
                    (d) =>
                      `${t(`damage.${d.type}`)} (${t(`severity.${d.severity}`)})${d.location ? ` ${d.location}` : ''}`,
                  )
                  .join('; ')}
              </>
            ) : (
              t('conservation.none')
            )}
          </dd>
        </dl>
        <h2>{t('conservation.overall')}</h2>
        <p>
          {(['good', 'fair', 'poor', 'unacceptable'] as const).map((x) => (
            <span>☐ {t(`condition.${x}`)} </span>
          ))}
        </p>
        <h2>{t('docs.observations')}</h2>
        {[1, 2, 3, 4, 5, 6].map(() => (
          <div class="lines" />
        ))}
        <div class="signatures">
          <p>{t('docs.signChecker')}</p>
          <p>{t('docs.signChecker')}</p>
        </div>
      </article>,
      { museum },
    );
  });
  return r;
}
