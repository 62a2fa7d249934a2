import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { lines, str } from '../../http/forms.js';
import { formatNumber } from '../../http/i18n/format.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import type { View } from '../../http/view.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { pickLang } from '../common/values.schemas.js';
import { TitleOf } from '../objects/object.views.js';
import { type Loan, LOAN_PURPOSES, LOAN_STEPS } from './loan.schemas.js';

/** Loans seen from one museum: the list, a new request, and a loan with the steps this museum may take. */
export function loanPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/loans', async (c) => {
    const { actor, museum } = await museumOf(c);
    const loans = await c.get('services').loans.list(actor, museum.id);
    const v = viewOf(c);
    const { t } = v;
    const party = (id: string | null, names: { lang: string; value: string }[], external: string | null) =>
      id === museum.id
        ? t('loans.us')
        : id
          ? (pickLang(names, [v.locale.lang, 'en'])?.value ?? '—')
          : (external ?? '—');
    return page(
      c,
      t('loans.title'),
      <>
        {loans.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('loans.number')}</th>
                <th scope="col">{t('loans.exhibition')}</th>
                <th scope="col">{t('loans.lender')}</th>
                <th scope="col">{t('loans.borrower')}</th>
                <th scope="col">{t('loans.period')}</th>
                <th scope="col">{t('loans.status')}</th>
              </tr>
            </thead>
            <tbody>
              {loans.map((l) => (
                <tr>
                  <td>
                    <a href={`/staff/m/${museum.slug}/loans/${l.id}`} dir="ltr">
                      {l.number}
                    </a>
                  </td>
                  <td dir="auto">{l.title}</td>
                  <td>
                    <bdi>{party(l.lenderMuseumId, l.lenderNames, l.externalParty)}</bdi>
                  </td>
                  <td>
                    <bdi>{party(l.borrowerMuseumId, l.borrowerNames, l.externalParty)}</bdi>
                  </td>
                  <td dir="ltr">
                    {l.startsOn} → {l.endsOn}
                  </td>
                  <td>
                    <span class="badge">{t(`loanStatus.${l.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('loans.none')}</p>
        )}
        {can(actor, 'create', 'loan', museum.id) ? (
          <form method="post" action={`/staff/m/${museum.slug}/loans`}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('loans.new')}</legend>
              <p class="hint">{t('loans.museumSlug')}</p>
              <div class="row">
                <div>
                  <label for="lenderMuseum">{t('loans.lender')}</label>
                  <input id="lenderMuseum" name="lenderMuseum" dir="ltr" value={museum.slug} />
                </div>
                <div>
                  <label for="borrowerMuseum">{t('loans.borrower')}</label>
                  <input id="borrowerMuseum" name="borrowerMuseum" dir="ltr" />
                </div>
                <div>
                  <label for="externalParty">{t('loans.external')}</label>
                  <input id="externalParty" name="externalParty" dir="auto" />
                </div>
              </div>
              <div class="row">
                <div>
                  <label for="purpose">{t('loans.purpose')}</label>
                  <select id="purpose" name="purpose">
                    {LOAN_PURPOSES.map((p) => (
                      <option value={p}>{t(`loanPurpose.${p}`)}</option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for="title">{t('loans.exhibition')}</label>
                  <input id="title" name="title" dir="auto" required />
                </div>
                <div>
                  <label for="startsOn">{t('loans.startsOn')}</label>
                  <input id="startsOn" name="startsOn" type="date" required />
                </div>
                <div>
                  <label for="endsOn">{t('loans.endsOn')}</label>
                  <input id="endsOn" name="endsOn" type="date" required />
                </div>
              </div>
              <label for="requestNote">{t('loans.request')}</label>
              <textarea id="requestNote" name="requestNote" dir="auto" />
              {[0, 1].map((i) => (
                <div class="row">
                  <div>
                    <label for={`venue${i}Name`}>
                      {t('loans.venue')} {i + 1}
                    </label>
                    <input id={`venue${i}Name`} name={`venue${i}Name`} dir="auto" />
                  </div>
                  <div>
                    <label for={`venue${i}City`}>{t('loans.venueCity')}</label>
                    <input id={`venue${i}City`} name={`venue${i}City`} dir="auto" />
                  </div>
                  <div>
                    <label for={`venue${i}Country`}>{t('loans.venueCountry')}</label>
                    <input
                      id={`venue${i}Country`}
                      name={`venue${i}Country`}
                      dir="ltr"
                      size={2}
                      maxlength={2}
                      pattern="[A-Z]{2}"
                    />
                  </div>
                </div>
              ))}
              <label for="couriers">{t('loans.couriers')}</label>
              <textarea id="couriers" name="couriers" dir="auto" aria-describedby="couriers-help" />
              <p class="hint" id="couriers-help">
                {t('loans.couriersHelp')}
              </p>
              <label for="conditions">{t('loans.conditions')}</label>
              <textarea id="conditions" name="conditions" dir="auto" />
              <div class="actions">
                <button type="submit">{t('loans.new')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </>,
      { museum },
    );
  });
  r.post('/staff/m/:museum/loans', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    const input = Object.fromEntries(
      Object.entries({
        lenderMuseum: str(f.lenderMuseum),
        borrowerMuseum: str(f.borrowerMuseum),
        externalParty: str(f.externalParty),
        purpose: f.purpose,
        title: f.title,
        startsOn: f.startsOn,
        endsOn: f.endsOn,
        requestNote: str(f.requestNote),
        conditions: str(f.conditions),
        venues: [0, 1].flatMap((i) => {
          const name = str(f[`venue${i}Name`]);
          if (!name) return [];
          return [
            Object.fromEntries(
              Object.entries({
                name,
                city: str(f[`venue${i}City`]),
                country: str(f[`venue${i}Country`])?.toUpperCase(),
              }).filter(([, x]) => x !== undefined),
            ),
          ];
        }),
        // One courier a line: a name, then after a dash what they accompany.
        couriers: (str(f.couriers) ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [name, ...note] = line.split(/\s+[—–-]\s+/);
            return note.length ? { name: name!.trim(), note: note.join(' — ').trim() } : { name: line };
          }),
      }).filter(([, x]) => x !== undefined),
    );
    const l = await c.get('services').loans.create(actor, museum.id, input);
    return c.redirect(`/staff/m/${museum.slug}/loans/${l.id}`, 303);
  });
  r.get('/staff/m/:museum/loans/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const l = await c.get('services').loans.get(actor, museum.id, idOf(c));
    const v = viewOf(c);
    return page(
      c,
      `${v.t('loans.number')} ${l.number} — ${l.title}`,
      <LoanDetail v={v} slug={museum.slug} museumId={museum.id} l={l} />,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/loans`, label: v.t('loans.title') }] },
    );
  });
  r.post('/staff/m/:museum/loans/:id/objects', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const f = await c.req.parseBody();
    const ids = await s.objects.idsForAccessions(
      actor,
      museum.id,
      lines(f.accessions),
      (i) => `accessions.${i}`,
    );
    await s.loans.setObjects(actor, museum.id, idOf(c), { objects: ids.map((objectId) => ({ objectId })) });
    return c.redirect(`/staff/m/${museum.slug}/loans/${idOf(c)}`, 303);
  });
  r.post('/staff/m/:museum/loans/:id/steps', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    const agreement = str(f.agreementRef)
      ? { agreement: { reference: str(f.agreementRef), signedOn: f.signedOn } }
      : {};
    await c.get('services').loans.step(actor, museum.id, idOf(c), { to: f.to, ...agreement });
    return c.redirect(`/staff/m/${museum.slug}/loans/${idOf(c)}`, 303);
  });
  return r;
}

function LoanDetail(props: { v: View; slug: string; museumId: string; l: Loan }) {
  const { v, l } = props;
  const { t } = v;
  const steps = Object.keys(LOAN_STEPS[l.status]) as (keyof typeof LOAN_STEPS)[];
  const editable =
    ['requested', 'under_review', 'approved'].includes(l.status) &&
    (l.lenderMuseumId ?? l.borrowerMuseumId) === props.museumId;
  return (
    <>
      <dl class="grid">
        <dt>{t('loans.status')}</dt>
        <dd>
          <strong>{t(`loanStatus.${l.status}`)}</strong>
        </dd>
        <dt>{t('loans.lender')}</dt>
        <dd>
          <bdi>
            {l.lenderMuseumId === props.museumId
              ? t('loans.us')
              : l.lenderMuseumId
                ? pickLang(l.lenderNames, [v.locale.lang, 'en'])?.value
                : l.externalParty}
          </bdi>
        </dd>
        <dt>{t('loans.borrower')}</dt>
        <dd>
          <bdi>
            {l.borrowerMuseumId === props.museumId
              ? t('loans.us')
              : l.borrowerMuseumId
                ? pickLang(l.borrowerNames, [v.locale.lang, 'en'])?.value
                : l.externalParty}
          </bdi>
        </dd>
        <dt>{t('loans.purpose')}</dt>
        <dd>{t(`loanPurpose.${l.purpose}`)}</dd>
        <dt>{t('loans.period')}</dt>
        <dd dir="ltr">
          {l.startsOn} → {l.endsOn}
        </dd>
        {l.requestNote ? (
          <>
            <dt>{t('loans.request')}</dt>
            <dd dir="auto">{l.requestNote}</dd>
          </>
        ) : null}
        {l.venues.length ? (
          <>
            <dt>{t('loans.venue')}</dt>
            <dd>
              {l.venues.map((x) => (
                <p>
                  <bdi>{x.name}</bdi>
                  {x.city ? (
                    <>
                      , <bdi>{x.city}</bdi>
                    </>
                  ) : null}
                  {x.country ? ` (${x.country})` : ''}
                </p>
              ))}
            </dd>
          </>
        ) : null}
        {l.couriers.length ? (
          <>
            <dt>{t('loans.couriers')}</dt>
            <dd>
              {l.couriers.map((x) => (
                <p>
                  <bdi>{x.name}</bdi>
                  {x.note ? (
                    <>
                      {' '}
                      — <span dir="auto">{x.note}</span>
                    </>
                  ) : null}
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
            <dt>{t('loans.agreement')}</dt>
            <dd>
              <bdi>{l.agreement.reference}</bdi> · <span dir="ltr">{l.agreement.signedOn}</span>
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`/staff/m/${props.slug}/loans/${l.id}/agreement`}>
          {t('docs.agreement', { number: l.number })}
        </a>
      </p>
      <h2>{t('loans.objects')}</h2>
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
      {editable ? (
        <form method="post" action={`/staff/m/${props.slug}/loans/${l.id}/objects`}>
          <Csrf v={v} />
          <label for="accessions">{t('loans.setObjects')}</label>
          <textarea id="accessions" name="accessions" dir="ltr">
            {l.objects.map((o) => o.accessionNumber).join('\n')}
          </textarea>
          <div class="actions">
            <button type="submit">{t('action.save')}</button>
          </div>
        </form>
      ) : null}
      {steps.length ? (
        <form method="post" action={`/staff/m/${props.slug}/loans/${l.id}/steps`}>
          <Csrf v={v} />
          {l.status === 'approved' ? (
            <div class="row">
              <div>
                <label for="agreementRef">{t('loans.agreementRef')}</label>
                <input id="agreementRef" name="agreementRef" dir="auto" />
              </div>
              <div>
                <label for="signedOn">{t('loans.signedOn')}</label>
                <input id="signedOn" name="signedOn" type="date" />
              </div>
            </div>
          ) : null}
          <div class="actions">
            {steps.map((to) => (
              <button
                type="submit"
                name="to"
                value={to}
                class={to === 'cancelled' || to === 'refused' ? 'danger' : undefined}
              >
                {t(`loanStatus.${to}`)}
              </button>
            ))}
          </div>
        </form>
      ) : null}
    </>
  );
}
