import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { lines, str } from '../../http/forms.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { RIGHTS } from '../common/values.schemas.js';
import { REPRODUCTION_PURPOSES, REPRODUCTION_STEPS, RIGHT_KINDS } from './rights.schemas.js';

/** An object's rights, and the museum's reproduction requests. */
export function rightsPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/objects/:id/rights', async (c) => {
    const { actor, museum } = await museumOf(c);
    const o = await c.get('services').objects.get(actor, museum.id, idOf(c));
    const list = await c.get('services').rights.rights(actor, museum.id, o.id);
    const images = await c.get('services').media.ofObject(actor, museum.id, o.id);
    const v = viewOf(c);
    const { t } = v;
    const imageName = (id: string | null) => {
      const i = images.findIndex((m) => m.id === id);
      return i < 0
        ? null
        : (images[i]!.captions[0]?.value ?? images[i]!.originalName ?? t('iiif.image', { n: i + 1 }));
    };
    return page(
      c,
      t('rights.title', { accession: o.accessionNumber }),
      <>
        {list.length ? (
          <ul>
            {list.map((x) => (
              <li>
                {x.mediaId ? (
                  <>
                    <span class="badge">{t('rights.ofImage')}</span> <bdi>{imageName(x.mediaId)}</bdi> ·{' '}
                  </>
                ) : null}
                {t(`rightKind.${x.kind}`)} · <bdi>{x.holder}</bdi>
                {x.licence ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={x.licence} dir="ltr">
                      {x.licence}
                    </a>
                  </>
                ) : null}
                {x.endsOn ? (
                  <>
                    {' '}
                    · <span dir="ltr">→ {x.endsOn}</span>
                  </>
                ) : null}
                {x.restrictions ? <p dir="auto">{x.restrictions}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('rights.none')}</p>
        )}
        {can(actor, 'create', 'rights', museum.id) ? (
          <form method="post" action={`/staff/m/${museum.slug}/objects/${o.id}/rights`}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('rights.add')}</legend>
              <label for="kind">{t('rights.kind')}</label>
              <select id="kind" name="kind">
                {RIGHT_KINDS.map((k) => (
                  <option value={k}>{t(`rightKind.${k}`)}</option>
                ))}
              </select>
              <label for="holder">{t('rights.holder')}</label>
              <input id="holder" name="holder" dir="auto" required />
              <label for="licence">{t('rights.licence')}</label>
              <select id="licence" name="licence">
                <option value="" />
                {RIGHTS.map((x) => (
                  <option value={x}>{x}</option>
                ))}
              </select>
              <label for="restrictions">{t('rights.restrictions')}</label>
              <textarea id="restrictions" name="restrictions" dir="auto" />
              {images.length ? (
                <>
                  <label for="mediaId">{t('rights.appliesTo')}</label>
                  <select id="mediaId" name="mediaId">
                    <option value="">{t('rights.theObject')}</option>
                    {images.map((m, i) => (
                      <option value={m.id}>{imageName(m.id) ?? i + 1}</option>
                    ))}
                  </select>
                </>
              ) : null}
              <div class="actions">
                <button type="submit">{t('rights.add')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/objects/${o.id}`, label: o.accessionNumber }] },
    );
  });
  r.post('/staff/m/:museum/objects/:id/rights', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').rights.addRight(actor, museum.id, idOf(c), {
      kind: f.kind,
      holder: f.holder,
      ...(str(f.licence) ? { licence: str(f.licence) } : {}),
      ...(str(f.restrictions) ? { restrictions: str(f.restrictions) } : {}),
      ...(str(f.mediaId) ? { mediaId: str(f.mediaId) } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/objects/${idOf(c)}/rights`, 303);
  });

  r.get('/staff/m/:museum/reproduction', async (c) => {
    const { actor, museum } = await museumOf(c);
    const list = await c.get('services').rights.requests(actor, museum.id);
    const v = viewOf(c);
    const { t } = v;
    return page(
      c,
      t('rights.requests'),
      <>
        {list.map((q) => (
          <section class="card">
            <p>
              <span class="badge">{t(`reproStatus.${q.status}`)}</span> <bdi>{q.requester}</bdi> ·{' '}
              {t(`reproPurpose.${q.purpose}`)}
            </p>
            <p dir="auto">{q.description}</p>
            {q.licence ? (
              <p>
                {t('rights.granted')}: <span dir="ltr">{q.licence}</span>
                {q.fee ? ` · ${t('rights.fee')} ${q.fee.amount} ${q.fee.currency}` : ''}
              </p>
            ) : null}
            {REPRODUCTION_STEPS[q.status].length && can(actor, 'update', 'rights', museum.id) ? (
              <form method="post" action={`/staff/m/${museum.slug}/reproduction/${q.id}/steps`}>
                <Csrf v={v} />
                {q.status === 'under_review' ? (
                  <div class="row">
                    <div>
                      <label for={`l-${q.id}`}>{t('rights.granted')}</label>
                      <select id={`l-${q.id}`} name="licence">
                        {RIGHTS.map((x) => (
                          <option value={x}>{x}</option>
                        ))}
                      </select>
                    </div>
                  </div>
                ) : null}
                <div class="actions">
                  {REPRODUCTION_STEPS[q.status].map((to) => (
                    <button
                      type="submit"
                      name="to"
                      value={to}
                      class={to === 'refused' ? 'danger' : undefined}
                    >
                      {t(`reproStatus.${to}`)}
                    </button>
                  ))}
                </div>
              </form>
            ) : null}
          </section>
        ))}
        {can(actor, 'create', 'rights', museum.id) ? (
          <form method="post" action={`/staff/m/${museum.slug}/reproduction`}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('rights.receive')}</legend>
              <label for="requester">{t('rights.requester')}</label>
              <input id="requester" name="requester" dir="auto" required />
              <label for="contact">{t('rights.contact')}</label>
              <input id="contact" name="contact" dir="auto" />
              <label for="purpose">{t('rights.purpose')}</label>
              <select id="purpose" name="purpose">
                {REPRODUCTION_PURPOSES.map((p) => (
                  <option value={p}>{t(`reproPurpose.${p}`)}</option>
                ))}
              </select>
              <label for="description">{t('rights.description')}</label>
              <textarea id="description" name="description" dir="auto" required />
              <label for="accessions">{t('deaccession.accessions')}</label>
              <textarea id="accessions" name="accessions" dir="ltr" required />
              <div class="actions">
                <button type="submit">{t('rights.receive')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </>,
      { museum },
    );
  });
  r.post('/staff/m/:museum/reproduction', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').rights.receive(actor, museum.id, {
      requester: f.requester,
      purpose: f.purpose,
      description: f.description,
      accessionNumbers: lines(f.accessions),
      ...(str(f.contact) ? { contact: str(f.contact) } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/reproduction`, 303);
  });
  r.post('/staff/m/:museum/reproduction/:id/steps', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').rights.step(actor, museum.id, idOf(c), {
      to: f.to,
      ...(str(f.licence) ? { licence: str(f.licence) } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/reproduction`, 303);
  });
  return r;
}
