import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { lines, nestForm, str } from '../../http/forms.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import type { View } from '../../http/view.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import type { Museum } from '../museums/museum.schemas.js';
import {
  CHECK_CONTEXTS,
  CONDITIONS,
  type ConditionCheck,
  DAMAGE_TYPES,
  SEVERITIES,
  type Treatment,
  TREATMENT_STEPS,
} from './conservation.schemas.js';

const objUrl = (m: Museum, id: string) => `/staff/m/${m.slug}/objects/${id}`;
/** The images ticked in a form (one or several checkboxes named `images`). */
const picked = (v: unknown) => [v ?? []].flat().filter((x): x is string => typeof x === 'string' && x !== '');

interface Img {
  id: string;
  thumb: string;
  alt: string;
}

/** The object's images to tick (the thumbnails made so far). */
function ImagePicker(props: { v: View; images: Img[]; legend: string; idPrefix: string }) {
  if (!props.images.length) return null;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div class="thumbs">
        {props.images.map((m) => (
          <label for={`${props.idPrefix}-${m.id}`}>
            <input type="checkbox" id={`${props.idPrefix}-${m.id}`} name="images" value={m.id} />{' '}
            <img src={m.thumb} alt={m.alt} width="96" loading="lazy" />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Thumbs(props: { ids: string[]; images: Img[] }) {
  const shown = props.ids
    .map((id) => props.images.find((m) => m.id === id))
    .filter((m): m is Img => m !== undefined);
  return shown.length ? (
    <div class="thumbs">
      {shown.map((m) => (
        <img src={m.thumb} alt={m.alt} width="96" loading="lazy" />
      ))}
    </div>
  ) : null;
}

/** An object's condition checks and treatments, with the forms to add and advance them. */
export function conservationPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/objects/:id/condition', async (c) => render(c));
  r.post('/staff/m/:museum/objects/:id/condition', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = nestForm(await c.req.parseBody()) as Record<string, string> & {
      damages?: Record<string, string>[];
    };
    await c.get('services').conservation.check(actor, museum.id, idOf(c), {
      checkedOn: f.checkedOn,
      context: f.context,
      overall: f.overall,
      ...(str(f.note) ? { note: str(f.note) } : {}),
      mediaIds: picked(f.images),
      damages: (f.damages ?? [])
        .filter((d) => str(d.type))
        .map((d) => ({
          type: d.type,
          severity: d.severity,
          ...(str(d.location) ? { location: str(d.location) } : {}),
        })),
    });
    return c.redirect(`${objUrl(museum, idOf(c))}/condition`, 303);
  });
  r.post('/staff/m/:museum/objects/:id/treatments', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').conservation.propose(actor, museum.id, idOf(c), { proposal: f.proposal });
    return c.redirect(`${objUrl(museum, idOf(c))}/condition`, 303);
  });
  r.post('/staff/m/:museum/treatments/:id/steps', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody({ all: true });
    const t = await c.get('services').conservation.step(actor, museum.id, idOf(c), {
      to: f.to,
      ...(f.images ? { [f.to === 'completed' ? 'afterImages' : 'beforeImages']: picked(f.images) } : {}),
      ...(str(f.report) ? { report: str(f.report) } : {}),
      ...(str(f.recommendations) ? { recommendations: str(f.recommendations) } : {}),
      ...(lines(f.materials).length ? { materials: lines(f.materials).map((name) => ({ name })) } : {}),
    });
    return c.redirect(`${objUrl(museum, t.objectId)}/condition`, 303);
  });
  return r;
}

async function render(c: Context<AppEnv>) {
  const { actor, museum } = await museumOf(c);
  const s = c.get('services');
  const o = await s.objects.get(actor, museum.id, idOf(c));
  const [checks, treatments] = [
    await s.conservation.checks(actor, museum.id, o.id),
    await s.conservation.treatments(actor, museum.id, o.id),
  ];
  const v = viewOf(c);
  const { t } = v;
  const images: Img[] = (await s.media.ofObject(actor, museum.id, o.id))
    .filter((m) => m.derivatives?.thumb)
    .map((m, i) => ({
      id: m.id,
      thumb: `/api/v1/museums/${museum.slug}/media/${m.id}/thumb`,
      alt: m.captions[0]?.value ?? `${o.accessionNumber} — ${t('iiif.image', { n: i + 1 })}`,
    }));
  return page(
    c,
    t('conservation.title', { accession: o.accessionNumber }),
    <>
      <p>
        <a href={`${objUrl(museum, o.id)}/condition/form`}>
          {t('docs.conditionForm', { accession: o.accessionNumber })}
        </a>
      </p>
      <h2>{t('conservation.checks')}</h2>
      <Checks v={v} checks={checks} images={images} />
      {can(actor, 'create', 'condition', museum.id) ? (
        <CheckForm v={v} action={`${objUrl(museum, o.id)}/condition`} images={images} />
      ) : null}
      <h2>{t('conservation.treatments')}</h2>
      {treatments.map((x) => (
        <TreatmentCard v={v} museum={museum} x={x} images={images} />
      ))}
      {can(actor, 'create', 'treatment', museum.id) ? (
        <form method="post" action={`${objUrl(museum, o.id)}/treatments`}>
          <Csrf v={v} />
          <label for="proposal">{t('conservation.propose')}</label>
          <textarea id="proposal" name="proposal" dir="auto" required />
          <div class="actions">
            <button type="submit">{t('conservation.propose')}</button>
          </div>
        </form>
      ) : null}
    </>,
    { museum, crumbs: [{ href: objUrl(museum, o.id), label: o.accessionNumber }] },
  );
}

function Checks(props: { v: View; checks: ConditionCheck[]; images: Img[] }) {
  const { t } = props.v;
  if (!props.checks.length) return <p>{t('conservation.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('conservation.checkedOn')}</th>
          <th scope="col">{t('conservation.overall')}</th>
          <th scope="col">{t('conservation.context')}</th>
          <th scope="col">{t('conservation.damages')}</th>
          <th scope="col">{t('conservation.checker')}</th>
        </tr>
      </thead>
      <tbody>
        {props.checks.map((x) => (
          <tr>
            <td dir="ltr">{x.checkedOn}</td>
            <td>
              <strong>{t(`condition.${x.overall}`)}</strong>
            </td>
            <td>{t(`context.${x.context}`)}</td>
            <td>
              {x.damages.map((d) => (
                <p>
                  {t(`damage.${d.type}`)} ({t(`severity.${d.severity}`)})
                  {d.location ? (
                    <>
                      {' '}
                      — <span dir="auto">{d.location}</span>
                    </>
                  ) : null}
                </p>
              ))}
              {x.note ? <p dir="auto">{x.note}</p> : null}
              <Thumbs ids={x.mediaIds} images={props.images} />
            </td>
            <td>
              <bdi>{x.checker}</bdi>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CheckForm(props: { v: View; action: string; images: Img[] }) {
  const { t } = props.v;
  return (
    <form method="post" action={props.action}>
      <Csrf v={props.v} />
      <fieldset>
        <legend>{t('conservation.newCheck')}</legend>
        <div class="row">
          <div>
            <label for="checkedOn">{t('conservation.checkedOn')}</label>
            <input
              id="checkedOn"
              name="checkedOn"
              type="date"
              required
              value={new Date().toISOString().slice(0, 10)}
            />
          </div>
          <div>
            <label for="context">{t('conservation.context')}</label>
            <select id="context" name="context">
              {CHECK_CONTEXTS.map((x) => (
                <option value={x}>{t(`context.${x}`)}</option>
              ))}
            </select>
          </div>
          <div>
            <label for="overall">{t('conservation.overall')}</label>
            <select id="overall" name="overall">
              {CONDITIONS.map((x) => (
                <option value={x}>{t(`condition.${x}`)}</option>
              ))}
            </select>
          </div>
        </div>
        {[0, 1, 2].map((i) => (
          <div class="row">
            <div>
              <label for={`d-${i}-type`}>{t('conservation.damageType')}</label>
              <select id={`d-${i}-type`} name={`damages[${i}][type]`}>
                <option value="" />
                {DAMAGE_TYPES.map((x) => (
                  <option value={x}>{t(`damage.${x}`)}</option>
                ))}
              </select>
            </div>
            <div>
              <label for={`d-${i}-sev`}>{t('conservation.severity')}</label>
              <select id={`d-${i}-sev`} name={`damages[${i}][severity]`}>
                {SEVERITIES.map((x) => (
                  <option value={x}>{t(`severity.${x}`)}</option>
                ))}
              </select>
            </div>
            <div>
              <label for={`d-${i}-loc`}>{t('conservation.where')}</label>
              <input id={`d-${i}-loc`} name={`damages[${i}][location]`} dir="auto" />
            </div>
          </div>
        ))}
        <label for="note">{t('conservation.note')}</label>
        <textarea id="note" name="note" dir="auto" />
        <ImagePicker v={props.v} images={props.images} legend={t('conservation.checkImages')} idPrefix="ci" />
        <div class="actions">
          <button type="submit">{t('conservation.newCheck')}</button>
        </div>
      </fieldset>
    </form>
  );
}

function TreatmentCard(props: { v: View; museum: Museum; x: Treatment; images: Img[] }) {
  const { v, x } = props;
  const { t } = v;
  const next = TREATMENT_STEPS[x.status].filter(
    (to) => v.actor && can(v.actor, to === 'approved' ? 'approve' : 'update', 'treatment', props.museum.id),
  );
  return (
    <section class="card">
      <p>
        <span class="badge">{t(`treatment.${x.status}`)}</span> <span dir="auto">{x.proposal}</span>
      </p>
      <p class="hint">
        <bdi>{x.proposedBy}</bdi>
        {x.approvedBy ? (
          <>
            {' '}
            · {t('conservation.approvedBy')} <bdi>{x.approvedBy}</bdi>
          </>
        ) : null}
        {x.startedOn ? ` · ${x.startedOn}` : ''}
        {x.completedOn ? ` → ${x.completedOn}` : ''}
      </p>
      {x.materials.length ? <p>{x.materials.map((m) => m.name).join(' · ')}</p> : null}
      {x.report ? <p dir="auto">{x.report}</p> : null}
      {x.recommendations ? (
        <p dir="auto">
          <strong>{t('conservation.recommendations')}:</strong> {x.recommendations}
        </p>
      ) : null}
      {x.beforeImages.length ? (
        <>
          <p class="hint">{t('conservation.before')}</p>
          <Thumbs ids={x.beforeImages} images={props.images} />
        </>
      ) : null}
      {x.afterImages.length ? (
        <>
          <p class="hint">{t('conservation.after')}</p>
          <Thumbs ids={x.afterImages} images={props.images} />
        </>
      ) : null}
      {next.length ? (
        <form method="post" action={`/staff/m/${props.museum.slug}/treatments/${x.id}/steps`}>
          <Csrf v={v} />
          {x.status === 'in_progress' ? (
            <>
              <label for={`m-${x.id}`}>{t('conservation.materials')}</label>
              <textarea id={`m-${x.id}`} name="materials" dir="auto" />
              <label for={`r-${x.id}`}>{t('conservation.report')}</label>
              <textarea id={`r-${x.id}`} name="report" dir="auto" />
              <label for={`c-${x.id}`}>{t('conservation.recommendations')}</label>
              <textarea id={`c-${x.id}`} name="recommendations" dir="auto" />
              <ImagePicker
                v={v}
                images={props.images}
                legend={t('conservation.after')}
                idPrefix={`a-${x.id}`}
              />
            </>
          ) : null}
          {x.status === 'approved' ? (
            <ImagePicker
              v={v}
              images={props.images}
              legend={t('conservation.before')}
              idPrefix={`b-${x.id}`}
            />
          ) : null}
          <div class="actions">
            {next.map((to) => (
              <button type="submit" name="to" value={to} class={to === 'cancelled' ? 'danger' : undefined}>
                {t(`treatment.${to}`)}
              </button>
            ))}
          </div>
        </form>
      ) : null}
    </section>
  );
}
