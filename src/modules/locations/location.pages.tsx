import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { lines, nestForm, str } from '../../http/forms.js';
import { Csrf, Notice } from '../../http/layout.js';
import { localiseFields } from '../../http/middleware/errors.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import type { FieldError } from '../../errors.js';
import { can } from '../access/policy.js';
import { CONTENT_LANGS } from '../common/values.schemas.js';
import type { Museum } from '../museums/museum.schemas.js';
import { LOCATION_KINDS, type Location } from './location.schemas.js';
import { LocatedList, LocationTree, locName, MoveForm, MovementTable, Trail } from './location.views.js';

const staff = (m: Museum) => `/staff/m/${m.slug}`;

/** Staff pages for storage: the tree, a location with what it holds, moving objects, an object's location history. */
export function locationPages() {
  const r = new Hono<AppEnv>();

  r.get('/staff/m/:museum/locations', async (c) => {
    const { actor, museum } = await museumOf(c);
    const nodes = await c.get('services').locations.tree(actor, museum.id);
    const v = viewOf(c);
    return page(
      c,
      v.t('locations.title'),
      <>
        {can(actor, 'create', 'location', museum.id) ? (
          <p>
            <a class="button" href={`${staff(museum)}/locations/new`}>
              {v.t('locations.new')}
            </a>
          </p>
        ) : null}
        {nodes.length ? (
          <LocationTree v={v} base={staff(museum)} nodes={nodes} />
        ) : (
          <p>{v.t('locations.empty')}</p>
        )}
      </>,
      { museum, crumbs: [{ href: `${staff(museum)}/objects`, label: museumName(v, museum) }] },
    );
  });

  r.get('/staff/m/:museum/locations/new', async (c) => {
    const { museum } = await museumOf(c);
    return renderForm(c, museum, { parentId: c.req.query('parent') ?? '' }, []);
  });
  r.post('/staff/m/:museum/locations/new', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody()) as LocationForm;
    try {
      const l = await c.get('services').locations.create(actor, museum.id, formToInput(form));
      return c.redirect(`${staff(museum)}/locations/${l.id}?done=created`, 303);
    } catch (e) {
      return renderForm(c, museum, form, formErrors(e), undefined, 400);
    }
  });

  r.get('/staff/m/:museum/locations/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services').locations;
    const l = await s.get(actor, museum.id, idOf(c));
    const offset = Math.max(0, Number(c.req.query('offset') ?? 0) || 0);
    const [trail, tree, held] = [
      await s.trail(actor, museum.id, l),
      await s.tree(actor, museum.id),
      await s.objectsAt(actor, museum.id, l.id, { offset: String(offset) }),
    ];
    const children = tree.filter((n) => n.parentId === l.id);
    const v = viewOf(c);
    const done = c.req.query('moved');
    return page(
      c,
      `${l.code} — ${locName(v, l)}`,
      <>
        {done ? <Notice>{v.t('locations.moved', { count: Number(done) })}</Notice> : null}
        {c.req.query('done') ? (
          <Notice>
            {v.t(c.req.query('done') === 'created' ? 'locations.created' : 'locations.updated')}
          </Notice>
        ) : null}
        <p>
          <Trail v={v} base={staff(museum)} trail={trail} /> · {v.t(`kind.${l.kind}`)}
        </p>
        {l.notes ? <p dir="auto">{l.notes}</p> : null}
        <div class="actions">
          {can(actor, 'update', 'location', museum.id) ? (
            <a class="button" href={`${staff(museum)}/locations/${l.id}/edit`}>
              {v.t('action.edit')}
            </a>
          ) : null}
          {can(actor, 'create', 'location', museum.id) ? (
            <a href={`${staff(museum)}/locations/new?parent=${l.id}`}>{v.t('locations.new')}</a>
          ) : null}
          <a href={`${staff(museum)}/labels?location=${l.id}`}>{v.t('docs.printLabels')}</a>
        </div>
        {children.length ? (
          <>
            <h2>{v.t('locations.children')}</h2>
            <LocationTree v={v} base={staff(museum)} nodes={children.map((n) => ({ ...n, depth: 0 }))} />
          </>
        ) : null}
        <h2>{v.t('locations.objectsHere')}</h2>
        <p>{v.t('objects.count', { count: held.total })}</p>
        <LocatedList v={v} base={staff(museum)} items={held.items} />
        {offset + 100 < held.total ? (
          <p>
            <a href={`?offset=${offset + 100}`} rel="next">
              {v.t('action.next')}
            </a>
          </p>
        ) : null}
        {can(actor, 'create', 'movement', museum.id) ? (
          <>
            <h2>{v.t('locations.moveHere')}</h2>
            <MoveForm v={v} action={`${staff(museum)}/locations/${l.id}/move`} withAccessions />
          </>
        ) : null}
      </>,
      { museum, crumbs: [{ href: `${staff(museum)}/locations`, label: v.t('locations.title') }] },
    );
  });

  r.get('/staff/m/:museum/locations/:id/edit', async (c) => {
    const { actor, museum } = await museumOf(c);
    const l = await c.get('services').locations.get(actor, museum.id, idOf(c));
    return renderForm(
      c,
      museum,
      { parentId: l.parentId ?? '', kind: l.kind, code: l.code, names: l.names, notes: l.notes ?? '' },
      [],
      l,
    );
  });
  r.post('/staff/m/:museum/locations/:id/edit', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services').locations;
    const l = await s.get(actor, museum.id, idOf(c));
    const form = nestForm(await c.req.parseBody()) as LocationForm;
    try {
      await s.update(actor, museum.id, l.id, formToInput(form));
      return c.redirect(`${staff(museum)}/locations/${l.id}?done=updated`, 303);
    } catch (e) {
      return renderForm(c, museum, form, formErrors(e), l, 400);
    }
  });

  r.post('/staff/m/:museum/locations/:id/move', async (c) => {
    const { actor, museum } = await museumOf(c);
    const body = await c.req.parseBody();
    const to = idOf(c);
    const { moved } = await c.get('services').locations.move(actor, museum.id, {
      to,
      accessionNumbers: lines(body.accessions),
      reason: body.reason,
      ...(str(body.note) ? { note: str(body.note) } : {}),
    });
    return c.redirect(`${staff(museum)}/locations/${to}?moved=${moved}`, 303);
  });

  r.get('/staff/m/:museum/objects/:id/locations', async (c) => {
    const { actor, museum } = await museumOf(c);
    const services = c.get('services');
    const o = await services.objects.get(actor, museum.id, idOf(c));
    const [current, movements, all] = [
      await services.locations.currentLocation(actor, museum.id, o.id),
      await services.locations.history(actor, museum.id, o.id),
      await services.locations.tree(actor, museum.id),
    ];
    const v = viewOf(c);
    return page(
      c,
      `${v.t('locations.history')} · ${o.accessionNumber}`,
      <>
        <p>
          {v.t('locations.current')}:{' '}
          {current ? <Trail v={v} base={staff(museum)} trail={current} /> : v.t('locations.none')}
        </p>
        <MovementTable v={v} movements={movements} />
        {can(actor, 'create', 'movement', museum.id) && all.length ? (
          <>
            <h2>{v.t('locations.moveTo')}</h2>
            <MoveForm
              v={v}
              action={`${staff(museum)}/objects/${o.id}/locations`}
              locations={all}
              withAccessions={false}
            />
          </>
        ) : null}
      </>,
      { museum, crumbs: [{ href: `${staff(museum)}/objects/${o.id}`, label: o.accessionNumber }] },
    );
  });
  r.post('/staff/m/:museum/objects/:id/locations', async (c) => {
    const { actor, museum } = await museumOf(c);
    const body = await c.req.parseBody();
    const id = idOf(c);
    await c.get('services').locations.move(actor, museum.id, {
      to: body.to,
      objectIds: [id],
      reason: body.reason,
      ...(str(body.note) ? { note: str(body.note) } : {}),
    });
    return c.redirect(`${staff(museum)}/objects/${id}/locations`, 303);
  });
  return r;
}

interface LocationForm {
  parentId?: string;
  kind?: string;
  code?: string;
  names?: { lang?: string; value?: string }[];
  notes?: string;
}

function formToInput(f: LocationForm) {
  return {
    parentId: str(f.parentId) ?? null,
    kind: f.kind,
    code: f.code ?? '',
    notes: str(f.notes) ?? null,
    names: (f.names ?? [])
      .filter((n) => str(n.value))
      .map((n) => ({ lang: str(n.lang) ?? '', value: n.value!.trim() })),
  };
}

async function renderForm(
  c: Context<AppEnv>,
  museum: Museum,
  form: LocationForm,
  errors: FieldError[],
  existing?: Location,
  status = 200,
) {
  const { actor } = await museumOf(c);
  const v = viewOf(c);
  const { t } = v;
  const all = (await c.get('services').locations.tree(actor, museum.id)).filter(
    (n) => !existing || !n.path.startsWith(existing.path),
  );
  const fields = localiseFields(errors, t, v.locale.lang);
  const names = [
    ...(form.names ?? []),
    { lang: form.names?.length ? '' : museum.defaultLanguage, value: '' },
    { lang: '', value: '' },
  ];
  const action = existing
    ? `${staff(museum)}/locations/${existing.id}/edit`
    : `${staff(museum)}/locations/new`;
  return page(
    c,
    existing ? t('locations.edit', { code: existing.code }) : t('locations.new'),
    <form method="post" action={action}>
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
      <label for="parentId">{t('locations.parent')}</label>
      <select id="parentId" name="parentId">
        <option value="">{t('locations.top')}</option>
        {all.map((n) => (
          <option value={n.id} selected={n.id === form.parentId}>
            {'— '.repeat(n.depth)}
            {n.code} {locName(v, n)}
          </option>
        ))}
      </select>
      <label for="kind">{t('locations.kind')}</label>
      <select id="kind" name="kind">
        {LOCATION_KINDS.map((k) => (
          <option value={k} selected={k === form.kind}>
            {t(`kind.${k}`)}
          </option>
        ))}
      </select>
      <label for="code">{t('locations.code')}</label>
      <input id="code" name="code" required dir="ltr" value={form.code ?? ''} />
      <fieldset>
        <legend>{t('locations.names')}</legend>
        {names.map((n, i) => (
          <div class="row">
            <div>
              <label for={`n-${i}-lang`}>{t('objects.lang')}</label>
              <select id={`n-${i}-lang`} name={`names[${i}][lang]`}>
                <option value="" />
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
      <label for="notes">{t('locations.notes')}</label>
      <textarea id="notes" name="notes" dir="auto">
        {form.notes ?? ''}
      </textarea>
      <div class="actions">
        <button type="submit">{t('action.save')}</button>
      </div>
    </form>,
    { museum, status, crumbs: [{ href: `${staff(museum)}/locations`, label: t('locations.title') }] },
  );
}
