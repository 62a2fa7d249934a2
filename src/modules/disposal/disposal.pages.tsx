import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { lines, str } from '../../http/forms.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { DISPOSAL_METHODS, INCIDENT_KINDS } from './disposal.schemas.js';

/** Deaccession proposals (propose, approve, carry out) and an object's incidents. */
export function disposalPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/deaccessions', async (c) => {
    const { actor, museum } = await museumOf(c);
    const list = await c.get('services').disposal.list(actor, museum.id);
    const briefs = new Map(
      (
        await c.get('services').objects.briefs(
          actor,
          museum.id,
          list.flatMap((d) => d.objectIds),
        )
      ).map((o) => [o.id, o]),
    );
    const v = viewOf(c);
    const { t } = v;
    const base = `/staff/m/${museum.slug}/deaccessions`;
    return page(
      c,
      t('deaccession.title'),
      <>
        {list.length ? (
          list.map((d) => (
            <section class="card">
              <p>
                <span class="badge">{t(`deaccessionStatus.${d.status}`)}</span>{' '}
                {d.objectIds.map((id) => (
                  <a href={`/staff/m/${museum.slug}/objects/${id}`} dir="ltr">
                    {briefs.get(id)?.accessionNumber}{' '}
                  </a>
                ))}
              </p>
              <p dir="auto">{d.reason}</p>
              <p class="hint">
                {t(`disposal.${d.disposalMethod}`)}
                {d.recipient ? (
                  <>
                    {' '}
                    → <bdi>{d.recipient}</bdi>
                  </>
                ) : null}{' '}
                · <bdi>{d.proposedBy}</bdi>
                {d.decidedBy ? (
                  <>
                    {' '}
                    · <bdi>{d.decidedBy}</bdi>
                  </>
                ) : null}
              </p>
              {d.status === 'proposed' && can(actor, 'approve', 'deaccession', museum.id) ? (
                <form method="post" action={`${base}/${d.id}/decision`}>
                  <Csrf v={v} />
                  <button type="submit" name="decision" value="approved">
                    {t('deaccession.approve')}
                  </button>{' '}
                  <button type="submit" name="decision" value="refused" class="danger">
                    {t('deaccession.refuse')}
                  </button>
                </form>
              ) : null}
              {d.status === 'approved' && can(actor, 'update', 'deaccession', museum.id) ? (
                <form method="post" action={`${base}/${d.id}/complete`}>
                  <Csrf v={v} />
                  <button type="submit" class="danger">
                    {t('deaccession.complete')}
                  </button>
                </form>
              ) : null}
            </section>
          ))
        ) : (
          <p>{t('deaccession.none')}</p>
        )}
        {can(actor, 'create', 'deaccession', museum.id) ? (
          <form method="post" action={base}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('deaccession.propose')}</legend>
              <label for="accessions">{t('deaccession.accessions')}</label>
              <textarea id="accessions" name="accessions" dir="ltr" required />
              <label for="reason">{t('deaccession.reason')}</label>
              <textarea id="reason" name="reason" dir="auto" required />
              <label for="disposalMethod">{t('deaccession.method')}</label>
              <select id="disposalMethod" name="disposalMethod">
                {DISPOSAL_METHODS.map((x) => (
                  <option value={x}>{t(`disposal.${x}`)}</option>
                ))}
              </select>
              <label for="recipient">{t('deaccession.recipient')}</label>
              <input id="recipient" name="recipient" dir="auto" />
              <div class="actions">
                <button type="submit">{t('deaccession.propose')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </>,
      { museum },
    );
  });
  r.post('/staff/m/:museum/deaccessions', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    const s = c.get('services');
    const objectIds = await s.objects.idsForAccessions(
      actor,
      museum.id,
      lines(f.accessions),
      (i) => `accessions.${i}`,
    );
    await s.disposal.propose(actor, museum.id, {
      objectIds,
      reason: f.reason,
      disposalMethod: f.disposalMethod,
      ...(str(f.recipient) ? { recipient: str(f.recipient) } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/deaccessions`, 303);
  });
  r.post('/staff/m/:museum/deaccessions/:id/decision', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').disposal.decide(actor, museum.id, idOf(c), { decision: f.decision });
    return c.redirect(`/staff/m/${museum.slug}/deaccessions`, 303);
  });
  r.post('/staff/m/:museum/deaccessions/:id/complete', async (c) => {
    const { actor, museum } = await museumOf(c);
    await c.get('services').disposal.complete(actor, museum.id, idOf(c));
    return c.redirect(`/staff/m/${museum.slug}/deaccessions`, 303);
  });

  r.get('/staff/m/:museum/objects/:id/incidents', async (c) => {
    const { actor, museum } = await museumOf(c);
    const o = await c.get('services').objects.get(actor, museum.id, idOf(c));
    const incidents = await c.get('services').disposal.incidents(actor, museum.id, o.id);
    const v = viewOf(c);
    const { t } = v;
    const today = new Date().toISOString().slice(0, 10);
    return page(
      c,
      `${t('incident.title')} · ${o.accessionNumber}`,
      <>
        {incidents.length ? (
          incidents.map((i) => (
            <section class="card">
              <p>
                <strong>{t(`incidentKind.${i.kind}`)}</strong> ·{' '}
                <span dir="ltr">
                  {i.occurredOn ?? '?'} / {i.discoveredOn}
                </span>{' '}
                · <bdi>{i.reportedBy}</bdi>
                {i.resolvedOn ? (
                  <>
                    {' '}
                    · ✓ <span dir="ltr">{i.resolvedOn}</span>
                  </>
                ) : null}
              </p>
              <p dir="auto">{i.circumstances}</p>
              {i.actionTaken ? <p dir="auto">{i.actionTaken}</p> : null}
              {!i.resolvedOn && can(actor, 'update', 'incident', museum.id) ? (
                <form method="post" action={`/staff/m/${museum.slug}/incidents/${i.id}/resolve`}>
                  <Csrf v={v} />
                  <input type="hidden" name="resolvedOn" value={today} />
                  <button type="submit">{t('incident.resolve')}</button>
                </form>
              ) : null}
            </section>
          ))
        ) : (
          <p>{t('incident.none')}</p>
        )}
        {can(actor, 'create', 'incident', museum.id) ? (
          <form method="post" action={`/staff/m/${museum.slug}/objects/${o.id}/incidents`}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('incident.report')}</legend>
              <label for="kind">{t('incident.kind')}</label>
              <select id="kind" name="kind">
                {INCIDENT_KINDS.map((k) => (
                  <option value={k}>{t(`incidentKind.${k}`)}</option>
                ))}
              </select>
              <div class="row">
                <div>
                  <label for="occurredOn">{t('incident.occurredOn')}</label>
                  <input id="occurredOn" name="occurredOn" type="date" />
                </div>
                <div>
                  <label for="discoveredOn">{t('incident.discoveredOn')}</label>
                  <input id="discoveredOn" name="discoveredOn" type="date" required value={today} />
                </div>
              </div>
              <label for="circumstances">{t('incident.circumstances')}</label>
              <textarea id="circumstances" name="circumstances" dir="auto" required />
              <label for="actionTaken">{t('incident.actionTaken')}</label>
              <textarea id="actionTaken" name="actionTaken" dir="auto" />
              <div class="actions">
                <button type="submit">{t('incident.report')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/objects/${o.id}`, label: o.accessionNumber }] },
    );
  });
  r.post('/staff/m/:museum/objects/:id/incidents', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').disposal.report(actor, museum.id, idOf(c), {
      kind: f.kind,
      discoveredOn: f.discoveredOn,
      circumstances: f.circumstances,
      ...(str(f.occurredOn) ? { occurredOn: str(f.occurredOn) } : {}),
      ...(str(f.actionTaken) ? { actionTaken: str(f.actionTaken) } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/objects/${idOf(c)}/incidents`, 303);
  });
  r.post('/staff/m/:museum/incidents/:id/resolve', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    const i = await c
      .get('services')
      .disposal.resolve(actor, museum.id, idOf(c), { resolvedOn: f.resolvedOn });
    return c.redirect(`/staff/m/${museum.slug}/objects/${i.objectId}/incidents`, 303);
  });
  return r;
}
