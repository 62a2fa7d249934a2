import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { nestForm, str } from '../../http/forms.js';
import { Csrf, Notice } from '../../http/layout.js';
import { localiseFields } from '../../http/middleware/errors.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can, VALUATION_GRANTEES } from '../access/policy.js';
import type { Museum } from '../museums/museum.schemas.js';
import {
  AcquisitionDetail,
  AcquisitionForm,
  EntryForm,
  EntryList,
  ObjectsTable,
  Receipt,
  RegisterTable,
} from './acquisition.views.js';

const staff = (m: Museum) => `/staff/m/${m.slug}`;
type EntryFormBody = { objects?: { lang?: string; title?: string }[] } & Record<string, unknown>;

/** Staff pages for object entry, acquisition and accession, the receipt and the accession register. */
export function acquisitionPages() {
  const r = new Hono<AppEnv>();

  r.get('/staff/m/:museum/entries', async (c) => {
    const { actor, museum } = await museumOf(c);
    const status = ['open', 'accessioned', 'returned'].includes(c.req.query('status') ?? '')
      ? c.req.query('status')
      : undefined;
    const entries = await c.get('services').acquisitions.listEntries(actor, museum.id, status);
    const v = viewOf(c);
    return page(
      c,
      v.t('entries.title'),
      <>
        <div class="actions">
          {can(actor, 'create', 'entry', museum.id) ? (
            <a class="button" href={`${staff(museum)}/entries/new`}>
              {v.t('entries.new')}
            </a>
          ) : null}
          {can(actor, 'create', 'acquisition', museum.id) ? (
            <a href={`${staff(museum)}/acquisitions/new`}>{v.t('acquisitions.new')}</a>
          ) : null}
          <a href={`${staff(museum)}/register`}>{v.t('nav.register')}</a>
        </div>
        <EntryList v={v} base={staff(museum)} entries={entries} />
      </>,
      { museum, crumbs: [{ href: `${staff(museum)}/objects`, label: museumName(v, museum) }] },
    );
  });

  r.get('/staff/m/:museum/entries/new', async (c) => {
    const { museum } = await museumOf(c);
    const v = viewOf(c);
    return page(
      c,
      v.t('entries.new'),
      <EntryForm
        v={v}
        action={`${staff(museum)}/entries/new`}
        values={{}}
        defaultLang={museum.defaultLanguage}
      />,
      { museum },
    );
  });
  r.post('/staff/m/:museum/entries/new', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = nestForm(await c.req.parseBody()) as EntryFormBody;
    const input = {
      enteredOn: f.enteredOn,
      reason: f.reason,
      depositorName: str(f.depositorName),
      depositorContact: str(f.depositorContact),
      returnBy: str(f.returnBy),
      note: str(f.note),
      objects: (f.objects ?? [])
        .filter((o) => str(o.title))
        .map((o) => ({ titles: [{ lang: o.lang ?? museum.defaultLanguage, value: o.title!.trim() }] })),
    };
    try {
      const e = await c
        .get('services')
        .acquisitions.createEntry(
          actor,
          museum.id,
          Object.fromEntries(Object.entries(input).filter(([, x]) => x !== undefined)),
        );
      return c.redirect(`${staff(museum)}/entries/${e.id}?done=created`, 303);
    } catch (err) {
      const v = viewOf(c);
      const fields = localiseFields(formErrors(err), v.t, v.locale.lang);
      return page(
        c,
        v.t('entries.new'),
        <>
          <Notice kind="error">
            {v.t('error.summary', { count: fields.length })}
            <ul>
              {fields.map((x) => (
                <li>
                  <code>{x.path}</code> {x.message}
                </li>
              ))}
            </ul>
          </Notice>
          <EntryForm
            v={v}
            action={`${staff(museum)}/entries/new`}
            values={f}
            defaultLang={museum.defaultLanguage}
          />
        </>,
        { museum, status: 400 },
      );
    }
  });

  r.get('/staff/m/:museum/entries/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const e = await c.get('services').acquisitions.getEntry(actor, museum.id, idOf(c));
    const v = viewOf(c);
    const { t } = v;
    const waiting = e.objects.some((o) => o.collectionStatus === 'unaccessioned');
    return page(
      c,
      `${t('entries.number')} ${e.number}`,
      <>
        {c.req.query('done') ? <Notice>{t('entries.created')}</Notice> : null}
        <dl class="grid">
          <dt>{t('entries.enteredOn')}</dt>
          <dd dir="ltr">{e.enteredOn}</dd>
          <dt>{t('entries.depositor')}</dt>
          <dd>
            <bdi>{e.depositorName ?? '—'}</bdi>
          </dd>
          {e.depositorContact ? (
            <>
              <dt>{t('entries.contact')}</dt>
              <dd dir="auto">{e.depositorContact}</dd>
            </>
          ) : null}
          <dt>{t('entries.reason')}</dt>
          <dd>{t(`entryReason.${e.reason}`)}</dd>
          {e.returnBy ? (
            <>
              <dt>{t('entries.returnBy')}</dt>
              <dd dir="ltr">{e.returnBy}</dd>
            </>
          ) : null}
          <dt>{t('entries.status')}</dt>
          <dd>{t(`entryStatus.${e.status}`)}</dd>
          {e.note ? (
            <>
              <dt>{t('entries.note')}</dt>
              <dd dir="auto">{e.note}</dd>
            </>
          ) : null}
        </dl>
        <h2>{t('entries.objects')}</h2>
        <ObjectsTable v={v} base={staff(museum)} objects={e.objects} />
        <div class="actions">
          <a href={`${staff(museum)}/entries/${e.id}/receipt`}>{t('entries.receipt')}</a>
          {waiting && can(actor, 'create', 'acquisition', museum.id) ? (
            <a class="button" href={`${staff(museum)}/acquisitions/new?entry=${e.id}`}>
              {t('entries.accession')}
            </a>
          ) : null}
        </div>
        {waiting && e.status === 'open' && can(actor, 'update', 'entry', museum.id) ? (
          <form method="post" action={`${staff(museum)}/entries/${e.id}/return`}>
            <Csrf v={v} />
            <button type="submit" class="danger">
              {t('entries.return')}
            </button>
          </form>
        ) : null}
      </>,
      { museum, crumbs: [{ href: `${staff(museum)}/entries`, label: t('entries.title') }] },
    );
  });

  r.get('/staff/m/:museum/entries/:id/receipt', async (c) => {
    const { actor, museum } = await museumOf(c);
    const e = await c.get('services').acquisitions.getEntry(actor, museum.id, idOf(c));
    const v = viewOf(c);
    return page(
      c,
      v.t('entries.receiptTitle', { number: e.number }),
      <Receipt v={v} museumName={museumName(v, museum)} e={e} />,
      { museum },
    );
  });

  r.post('/staff/m/:museum/entries/:id/return', async (c) => {
    const { actor, museum } = await museumOf(c);
    const e = await c.get('services').acquisitions.returnEntry(actor, museum.id, idOf(c));
    return c.redirect(`${staff(museum)}/entries/${e.id}`, 303);
  });

  r.get('/staff/m/:museum/acquisitions/new', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const waiting = await s.objects.list(actor, museum.id, { status: 'unaccessioned', limit: '200' });
    const entryId = c.req.query('entry');
    const chosen = new Set(
      entryId ? (await s.acquisitions.getEntry(actor, museum.id, entryId)).objects.map((o) => o.id) : [],
    );
    const v = viewOf(c);
    return page(
      c,
      v.t('acquisitions.new'),
      <AcquisitionForm
        v={v}
        action={`${staff(museum)}/acquisitions/new`}
        candidates={waiting.items}
        chosen={chosen}
        defaultLang={museum.defaultLanguage}
      />,
      { museum },
    );
  });
  r.post('/staff/m/:museum/acquisitions/new', async (c) => {
    const { actor, museum } = await museumOf(c);
    const body = await c.req.parseBody({ all: true });
    const f = nestForm(body) as Record<string, unknown> & {
      decision?: Record<string, string>;
      documents?: { title?: string; reference?: string }[];
      creditLine?: { lang?: string; value?: string }[];
    };
    const a = await c.get('services').acquisitions.acquire(actor, museum.id, {
      method: f.method,
      acquiredOn: f.acquiredOn,
      sourceName: str(f.sourceName),
      decision: Object.fromEntries(Object.entries(f.decision ?? {}).filter(([, x]) => str(x))),
      documents: (f.documents ?? [])
        .filter((d) => str(d.title))
        .map((d) => ({
          title: d.title!.trim(),
          ...(str(d.reference) ? { reference: str(d.reference) } : {}),
        })),
      creditLine: (f.creditLine ?? [])
        .filter((x) => str(x.value))
        .map((x) => ({ lang: x.lang ?? museum.defaultLanguage, value: x.value!.trim() })),
      objectIds: ([] as unknown[]).concat(f.objectIds ?? []),
    });
    return c.redirect(`${staff(museum)}/acquisitions/${a.id}`, 303);
  });

  r.get('/staff/m/:museum/acquisitions/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const a = await c.get('services').acquisitions.getAcquisition(actor, museum.id, idOf(c));
    const v = viewOf(c);
    return page(
      c,
      v.t('acquisitions.title', { reference: a.reference }),
      <AcquisitionDetail v={v} base={staff(museum)} a={a} />,
      { museum, crumbs: [{ href: `${staff(museum)}/register`, label: v.t('nav.register') }] },
    );
  });

  r.get('/staff/m/:museum/register', async (c) => {
    const { actor, museum } = await museumOf(c);
    const year = c.req.query('year') || undefined;
    const lines = await c.get('services').acquisitions.register(actor, museum.id, year ? { year } : {});
    const v = viewOf(c);
    return page(
      c,
      `${v.t('register.title')} — ${museumName(v, museum)}${year ? ` — ${year}` : ''}`,
      <>
        <form method="get" class="filters">
          <div>
            <label for="year">{v.t('register.year')}</label>
            <input id="year" name="year" type="number" min={1000} max={3000} value={year ?? ''} dir="ltr" />
          </div>
          <button type="submit">{v.t('action.filter')}</button>
        </form>
        <RegisterTable v={v} base={staff(museum)} lines={lines} />
      </>,
      { museum },
    );
  });

  r.get('/staff/m/:museum/settings', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const n = await s.acquisitions.numbering(actor, museum.id);
    const readers = can(actor, 'read', 'valuation', museum.id)
      ? await s.valuations.readers(actor, museum.id)
      : null;
    return settingsPage(c, museum, n, readers, can(actor, 'update', 'museum', museum.id));
  });
  r.post('/staff/m/:museum/settings', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody({ all: true });
    const s = c.get('services');
    const roles = [f.valuationReaders ?? []].flat().map(String);
    try {
      const n = await s.acquisitions.setNumbering(actor, museum.id, {
        accessionPattern: f.accessionPattern,
        entryPattern: f.entryPattern,
      });
      const readers = await s.valuations.setReaders(actor, museum.id, { roles });
      return settingsPage(c, museum, n, readers, true, true);
    } catch (e) {
      formErrors(e);
      return settingsPage(
        c,
        museum,
        { accessionPattern: String(f.accessionPattern ?? ''), entryPattern: String(f.entryPattern ?? '') },
        roles,
        true,
        false,
        400,
      );
    }
  });
  return r;
}

function settingsPage(
  c: Context<AppEnv>,
  museum: Museum,
  n: { accessionPattern: string; entryPattern: string },
  readers: string[] | null,
  editable: boolean,
  saved = false,
  status = 200,
) {
  const v = viewOf(c);
  const { t } = v;
  return page(
    c,
    t('settings.title'),
    <form method="post" action={`${staff(museum)}/settings`}>
      <Csrf v={v} />
      {saved ? <Notice>{t('settings.saved')}</Notice> : null}
      {status === 400 ? <Notice kind="error">{t('field.invalid')}</Notice> : null}
      <p class="hint">{t('settings.help')}</p>
      <label for="accessionPattern">{t('settings.accessionPattern')}</label>
      <input
        id="accessionPattern"
        name="accessionPattern"
        dir="ltr"
        value={n.accessionPattern}
        readonly={!editable}
      />
      <label for="entryPattern">{t('settings.entryPattern')}</label>
      <input id="entryPattern" name="entryPattern" dir="ltr" value={n.entryPattern} readonly={!editable} />
      {readers ? (
        <fieldset>
          <legend>{t('settings.valuationReaders')}</legend>
          <p class="hint">{t('settings.valuationReadersHelp')}</p>
          {VALUATION_GRANTEES.map((role) => (
            <label>
              <input
                type="checkbox"
                name="valuationReaders"
                value={role}
                checked={readers.includes(role)}
                disabled={!editable}
              />{' '}
              {t(`role.${role}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {editable ? (
        <div class="actions">
          <button type="submit">{t('action.save')}</button>
        </div>
      ) : null}
    </form>,
    { museum, status },
  );
}
