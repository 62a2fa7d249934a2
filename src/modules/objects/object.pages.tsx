import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { nestForm } from '../../http/forms.js';
import { localiseFields } from '../../http/middleware/errors.js';
import { Notice } from '../../http/layout.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { idOf, museumOf, queryOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { invalidInput, type FieldError } from '../../errors.js';
import { can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { displayLabel } from '../authorities/authority.repository.js';
import { Trail } from '../locations/location.views.js';
import type { Museum } from '../museums/museum.schemas.js';
import { CONCEPT_FIELDS, formToInput, inputToForm, type ObjectForm } from './object.form.js';
import { type FormOptions, ObjectFormView } from './object.form-view.js';
import { objectListQuery } from './object.schemas.js';
import { toInput } from './object.service.js';
import { HistoryTable, ObjectDetail, ObjectList } from './object.views.js';

const base = (m: Museum) => `/staff/m/${m.slug}/objects`;

/** The staff pages for objects: list, create, show, edit, delete, history. */
export function objectPages() {
  const r = new Hono<AppEnv>();

  r.get('/staff/m/:museum/objects', async (c) => {
    const { actor, museum } = await museumOf(c);
    const { done: _done, ...query } = queryOf(c);
    const result = await c.get('services').objects.list(actor, museum.id, query);
    const q = objectListQuery.parse(query);
    const v = viewOf(c);
    return page(
      c,
      v.t('objects.title'),
      <>
        <Done c={c} />
        <ObjectList
          v={v}
          base={base(museum)}
          q={q}
          items={result.items}
          total={result.total}
          canCreate={can(actor, 'create', 'object', museum.id)}
          exportBase={`/api/v1/museums/${museum.slug}/export`}
        />
      </>,
      {
        museum,
        crumbs: [
          { href: '/staff', label: v.t('nav.museums') },
          { href: base(museum), label: museumName(v, museum) },
        ],
      },
    );
  });

  r.get('/staff/m/:museum/objects/new', async (c) => {
    const { museum } = await museumOf(c);
    return renderForm(c, museum, { visibility: 'draft' }, [], 200);
  });

  r.post('/staff/m/:museum/objects', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as ObjectForm;
    try {
      const input = await readForm(c, actor, museum, form);
      const o = await c
        .get('services')
        .objects.create(actor, museum.id, input, { keepUnreadDates: form.keepUnreadDates === '1' });
      return c.redirect(`${base(museum)}/${o.id}?done=created`, 303);
    } catch (e) {
      return renderForm(c, museum, form, formErrors(e), 400);
    }
  });

  r.get('/staff/m/:museum/objects/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const o = await c.get('services').objects.get(actor, museum.id, idOf(c));
    const location = await c.get('services').locations.currentLocation(actor, museum.id, o.id);
    const condition = await c.get('services').conservation.latest(actor, museum.id, o.id);
    const v = viewOf(c);
    return page(
      c,
      o.accessionNumber,
      <>
        <Done c={c} />
        <p>
          {v.t('locations.current')}:{' '}
          {location ? (
            <Trail v={v} base={`/staff/m/${museum.slug}`} trail={location} />
          ) : (
            v.t('locations.none')
          )}
          {' · '}
          <a href={`${base(museum)}/${o.id}/locations`}>{v.t('locations.history')}</a>
        </p>
        <p>
          {v.t('conservation.latest')}:{' '}
          {condition ? (
            <>
              <strong>{v.t(`condition.${condition.overall}`)}</strong>{' '}
              <span dir="ltr">({condition.checkedOn})</span>
            </>
          ) : (
            v.t('conservation.none')
          )}
          {' · '}
          <a href={`${base(museum)}/${o.id}/condition`}>{v.t('conservation.link')}</a>
          {can(actor, 'read', 'valuation', museum.id) ? (
            <>
              {' · '}
              <a href={`${base(museum)}/${o.id}/valuation`}>{v.t('valuation.link')}</a>
            </>
          ) : null}
          {' · '}
          <a href={`${base(museum)}/${o.id}/incidents`}>{v.t('incident.title')}</a>
          {' · '}
          <a href={`${base(museum)}/${o.id}/images`}>{v.t('media.link')}</a>
          {' · '}
          <a href={`${base(museum)}/${o.id}/rights`}>{v.t('objects.rights')}</a>
          {' · '}
          <a href={`/staff/m/${museum.slug}/labels?object=${o.id}`}>{v.t('docs.printLabels')}</a>
        </p>
        <p>
          {v.t('entries.status')}: <strong>{v.t(`status.${o.collectionStatus}`)}</strong>
        </p>
        <ObjectDetail
          v={v}
          base={base(museum)}
          o={o}
          canEdit={can(actor, 'update', 'object', museum.id)}
          canDelete={can(actor, 'delete', 'object', museum.id)}
        />
      </>,
      {
        museum,
        crumbs: [
          { href: base(museum), label: museumName(v, museum) },
          { href: base(museum), label: v.t('nav.objects') },
        ],
      },
    );
  });

  r.get('/staff/m/:museum/objects/:id/edit', async (c) => {
    const { actor, museum } = await museumOf(c);
    const o = await c.get('services').objects.get(actor, museum.id, idOf(c));
    const labels = new Map(
      [...o.makers, ...o.places].map((l) => [l.id, displayLabel(l, [museum.defaultLanguage, 'en'])]),
    );
    const form = { ...inputToForm(toInput(o), (id) => labels.get(id) ?? id), version: String(o.version) };
    return renderForm(c, museum, form, [], 200, o.id, o.accessionNumber);
  });

  r.post('/staff/m/:museum/objects/:id/edit', async (c) => {
    const { actor, museum } = await museumOf(c);
    const id = idOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as ObjectForm;
    try {
      const input = await readForm(c, actor, museum, form);
      await c
        .get('services')
        .objects.update(actor, museum.id, id, input, { keepUnreadDates: form.keepUnreadDates === '1' });
      return c.redirect(`${base(museum)}/${id}?done=updated`, 303);
    } catch (e) {
      return renderForm(c, museum, form, formErrors(e), 400, id, form.accessionNumber);
    }
  });

  r.post('/staff/m/:museum/objects/:id/delete', async (c) => {
    const { actor, museum } = await museumOf(c);
    await c.get('services').objects.delete(actor, museum.id, idOf(c));
    return c.redirect(`${base(museum)}?done=deleted`, 303);
  });

  r.get('/staff/m/:museum/objects/:id/history', async (c) => {
    const { actor, museum } = await museumOf(c);
    const o = await c.get('services').objects.get(actor, museum.id, idOf(c));
    const events = await c.get('services').objects.history(actor, museum.id, o.id);
    const v = viewOf(c);
    return page(
      c,
      v.t('history.title', { accession: o.accessionNumber }),
      <HistoryTable v={v} events={events} />,
      {
        museum,
        crumbs: [
          { href: base(museum), label: v.t('nav.objects') },
          { href: `${base(museum)}/${o.id}`, label: o.accessionNumber },
        ],
      },
    );
  });
  return r;
}

function Done(props: { c: Context<AppEnv> }) {
  const done = props.c.req.query('done');
  const t = props.c.get('t');
  if (done === 'created') return <Notice>{t('objects.created')}</Notice>;
  if (done === 'updated') return <Notice>{t('objects.updated')}</Notice>;
  if (done === 'deleted') return <Notice>{t('objects.deleted')}</Notice>;
  return null;
}

/** Reads the form into API input; names of people and places that match no record are field errors. */
async function readForm(c: Context<AppEnv>, actor: Actor, museum: Museum, form: ObjectForm) {
  const authorities = c.get('services').authorities;
  const { input, errors } = await formToInput(form, (kind, label) =>
    authorities.findByLabel(
      actor,
      museum.id,
      kind === 'makers' ? ['person', 'organization'] : ['place'],
      null,
      label,
    ),
  );
  if (errors.length) throw invalidInput(errors);
  return input;
}

async function formOptions(c: Context<AppEnv>, museum: Museum): Promise<FormOptions> {
  const actor = c.get('actor')!;
  const a = c.get('services').authorities;
  const concepts: FormOptions['concepts'] = {};
  for (const [, scheme] of CONCEPT_FIELDS)
    concepts[scheme] = await a.list(actor, museum.id, { type: 'concept', scheme, limit: '2000' });
  const people = [
    ...(await a.list(actor, museum.id, { type: 'person', limit: '2000' })),
    ...(await a.list(actor, museum.id, { type: 'organization', limit: '2000' })),
  ];
  return { concepts, people, places: await a.list(actor, museum.id, { type: 'place', limit: '2000' }) };
}

async function renderForm(
  c: Context<AppEnv>,
  museum: Museum,
  form: ObjectForm,
  errors: FieldError[],
  status: number,
  id?: string,
  accession?: string,
) {
  const v = viewOf(c);
  const localised = localiseFields(errors, v.t, v.locale.lang);
  const title = id ? v.t('objects.edit', { accession: accession ?? '' }) : v.t('objects.new');
  return page(
    c,
    title,
    <ObjectFormView
      v={v}
      form={form}
      errors={localised}
      options={await formOptions(c, museum)}
      action={id ? `${base(museum)}/${id}/edit` : base(museum)}
      submit={v.t('action.save')}
      defaultLang={museum.defaultLanguage}
    />,
    { museum, status, crumbs: [{ href: base(museum), label: v.t('nav.objects') }] },
  );
}
