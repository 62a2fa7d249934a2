import { type Context, Hono } from 'hono';
import { isAppError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { nestForm } from '../../http/forms.js';
import { clientIp } from '../../http/client-ip.js';
import { Csrf, Notice } from '../../http/layout.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { actorOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import type { Errors } from '../../http/form-fields.js';
import { countryName } from './directory.views.js';
import type { Proposal } from './proposal.schemas.js';
import { EntryFields, entryFromForm, errorsOf, ProposalTable } from './proposal.views.js';

type Row = Record<string, unknown>;
const s = (x: unknown) => (typeof x === 'string' ? x : '');
/** An entry's errors at the paths of its fields (`entry.names`), whether the service read the entry alone or within more. */
const entryErrors = (e: unknown): Errors =>
  errorsOf(formErrors(e).map((f) => (f.path.startsWith('entry.') ? f : { ...f, path: `entry.${f.path}` })));
/** Every error of a refused form said at its top too: a field without a place of its own (the state) is not lost. */
const Refused = (props: { errors: Errors }) =>
  props.errors.size ? <Notice kind="error">{[...props.errors.values()].join(' · ')}</Notice> : null;

async function proposeForm(
  c: Context<AppEnv>,
  form: Row,
  errors: Errors,
  status: 200 | 400 | 429 = 200,
  message?: string,
) {
  const v = viewOf(c);
  const { t } = v;
  const countries = await c.get('services').directory.countries();
  const contact = (form.contact ?? {}) as Row;
  return page(
    c,
    t('directory.propose'),
    <>
      <p>{t('directory.proposeLead')}</p>
      {message ? <Notice kind="error">{message}</Notice> : null}
      <form method="post" action="/directory/propose">
        <Csrf v={v} />
        <EntryFields
          v={v}
          entry={form.entry ? entryFromForm(form) : {}}
          countries={countries}
          errors={errors}
        />
        <fieldset>
          <legend>{t('directory.contact')}</legend>
          <p class="hint">{t('directory.contactHint')}</p>
          <label for="contact-name">{t('harvest.name')}</label>
          <input id="contact-name" name="contact[name]" value={s(contact.name)} required dir="auto" />
          <label for="contact-email">{t('directory.email')}</label>
          <input
            id="contact-email"
            name="contact[email]"
            type="email"
            value={s(contact.email)}
            required
            dir="ltr"
          />
          <label for="note">{t('directory.note')}</label>
          <textarea id="note" name="note" maxlength={2000} dir="auto">
            {s(form.note)}
          </textarea>
        </fieldset>
        {/* A field people never see: robots fill it, and their proposal is refused. */}
        <div class="noprint trap" aria-hidden="true">
          <label for="homepage">Homepage</label>
          <input id="homepage" name="homepage" tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit">{t('directory.send')}</button>
      </form>
    </>,
    { public: false, status, crumbs: [{ href: v.pub('/directory'), label: t('directory.title') }] },
  );
}

/** Proposing an entry (anyone), a change (a director), and reviewing them (focal points); appointing focal points (administrators). */
export function proposalPages() {
  const r = new Hono<AppEnv>();
  r.get('/directory/propose', (c) => proposeForm(c, {}, new Map()));
  r.post('/directory/propose', async (c) => {
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    const v = viewOf(c);
    try {
      await c.get('services').proposals.proposeNew(
        {
          entry: entryFromForm(form),
          contact: form.contact ?? {},
          ...(s(form.note).trim() ? { note: s(form.note) } : {}),
        },
        clientIp(c),
        s(form.homepage) || undefined,
      );
    } catch (e) {
      if (isAppError(e) && e.status === 429) {
        if (e.details?.retryAfter) c.header('Retry-After', String(e.details.retryAfter));
        return proposeForm(c, form, new Map(), 429, v.t('directory.tooMany'));
      }
      if (isAppError(e) && e.status === 400 && !e.details?.fields)
        return proposeForm(c, form, new Map(), 400, e.message);
      const fields = formErrors(e);
      return proposeForm(c, form, errorsOf(fields), 400, fields.map((f) => f.message).join(' · '));
    }
    return page(c, v.t('directory.thanks'), <p>{v.t('directory.thanksLead')}</p>, {
      status: 201,
      crumbs: [{ href: v.pub('/directory'), label: v.t('directory.title') }],
    });
  });

  const directorPage = async (
    c: Context<AppEnv>,
    form: Row | null,
    errors: Errors,
    status: 200 | 400 = 200,
    done = false,
  ) => {
    const { actor, museum } = await museumOf(c);
    const v = viewOf(c);
    const services = c.get('services');
    const entry = form ? entryFromForm(form) : await services.proposals.entryOf(museum);
    const history = await services.proposals.history(actor, museum.id);
    return page(
      c,
      `${v.t('directory.entry')} · ${museumName(v, museum)}`,
      <>
        {done ? <Notice>{v.t('directory.proposed')}</Notice> : null}
        <Refused errors={errors} />
        <p>{v.t('directory.changeLead')}</p>
        <form method="post" action={`/staff/m/${museum.slug}/directory`}>
          <Csrf v={v} />
          <EntryFields v={v} entry={entry} countries={await services.directory.countries()} errors={errors} />
          <button type="submit">{v.t('directory.send')}</button>
        </form>
        {history.length ? (
          <>
            <h2>{v.t('directory.history')}</h2>
            <ProposalTable v={v} proposals={history} />
          </>
        ) : null}
      </>,
      { museum, status },
    );
  };
  r.get('/staff/m/:museum/directory', (c) =>
    directorPage(c, null, new Map(), 200, c.req.query('done') === '1'),
  );
  r.post('/staff/m/:museum/directory', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    try {
      await c.get('services').proposals.proposeChange(actor, museum.id, entryFromForm(form));
    } catch (e) {
      return directorPage(c, form, entryErrors(e), 400);
    }
    return c.redirect(`/staff/m/${museum.slug}/directory?done=1`, 303);
  });

  r.get('/staff/directory', async (c) => {
    const actor = actorOf(c);
    const v = viewOf(c);
    const services = c.get('services');
    const queue = await services.proposals.queue(actor);
    const incomplete = await services.proposals.incomplete(actor);
    const focal = actor.platformRole === 'admin' ? await services.proposals.focalPoints(actor) : [];
    const countries = await services.directory.countries();
    return page(
      c,
      v.t('directory.review'),
      <>
        {queue.length ? (
          <ProposalTable
            v={v}
            proposals={queue}
            link={(p: Proposal) => `/staff/directory/proposals/${p.id}`}
          />
        ) : (
          <p>{v.t('directory.nothing')}</p>
        )}
        {incomplete.length ? (
          <section aria-labelledby="incomplete">
            <h2 id="incomplete">{v.t('directory.incomplete', { count: incomplete.length })}</h2>
            <ul>
              {incomplete.slice(0, 200).map((e) => (
                <li>
                  <a href={`/staff/directory/m/${e.slug}`}>
                    <bdi>{e.names[0]?.value ?? e.slug}</bdi>
                  </a>{' '}
                  <span class="equiv">
                    ({e.missing.map((x) => v.t(`directory.missing.${x}` as MessageKey)).join(', ')})
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {actor.platformRole === 'admin' ? (
          <section aria-labelledby="focal">
            <h2 id="focal">{v.t('directory.focalPoints')}</h2>
            <ul>
              {focal.map((f) => (
                <li>
                  <bdi>{f.name}</bdi> (<bdi dir="ltr">{f.email}</bdi>):{' '}
                  {countryName(
                    v,
                    countries.find((x) => x.iso2 === f.country),
                    f.country,
                  )}
                </li>
              ))}
            </ul>
            <form method="post" action="/staff/directory/focal-points" class="filters">
              <Csrf v={v} />
              <div>
                <label for="fp-email">{v.t('directory.email')}</label>
                <input id="fp-email" name="email" type="email" required dir="ltr" />
              </div>
              <div>
                <label for="fp-country">{v.t('directory.country')}</label>
                <select id="fp-country" name="country">
                  {countries.map((x) => (
                    <option value={x.iso2}>{countryName(v, x, null)}</option>
                  ))}
                </select>
              </div>
              <button type="submit">{v.t('directory.appoint')}</button>
            </form>
          </section>
        ) : null}
      </>,
      { crumbs: [{ href: '/staff', label: v.t('nav.museums') }] },
    );
  });
  const editPage = async (c: Context<AppEnv>, form: Row | null, errors: Errors, status: 200 | 400 = 200) => {
    const actor = actorOf(c);
    const v = viewOf(c);
    const services = c.get('services');
    const slug = c.req.param('slug') ?? '';
    const { museum: m, entry: current } = await services.proposals.editable(actor, slug);
    return page(
      c,
      `${v.t('directory.entry')} · ${museumName(v, m)}`,
      <>
        <Refused errors={errors} />
        <form method="post" action={`/staff/directory/m/${slug}`}>
          <Csrf v={v} />
          <EntryFields
            v={v}
            entry={form ? entryFromForm(form) : current}
            countries={await services.directory.countries()}
            errors={errors}
            lockCountry={actor.platformRole === 'admin' ? undefined : [...(actor.focalPoints ?? [])]}
          />
          <button type="submit">{v.t('action.save')}</button>
        </form>
      </>,
      { status, crumbs: [{ href: '/staff/directory', label: v.t('directory.review') }] },
    );
  };
  r.get('/staff/directory/m/:slug', (c) => editPage(c, null, new Map()));
  r.post('/staff/directory/m/:slug', async (c) => {
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    try {
      await c.get('services').proposals.edit(actorOf(c), c.req.param('slug'), entryFromForm(form));
    } catch (e) {
      return editPage(c, form, entryErrors(e), 400);
    }
    return c.redirect('/staff/directory', 303);
  });
  r.post('/staff/directory/focal-points', async (c) => {
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    await c.get('services').proposals.appoint(actorOf(c), { email: s(form.email), country: s(form.country) });
    return c.redirect('/staff/directory', 303);
  });

  const reviewPage = async (
    c: Context<AppEnv>,
    form: Row | null,
    errors: Errors,
    status: 200 | 400 = 200,
  ) => {
    const actor = actorOf(c);
    const v = viewOf(c);
    const services = c.get('services');
    const p = await services.proposals.get(actor, c.req.param('id') ?? '');
    const countries = await services.directory.countries();
    return page(
      c,
      `${v.t('directory.review')} · ${p.entry.names[0]?.value ?? ''}`,
      <>
        <p>
          {v.t(`directory.proposal.${p.kind}`)} · <bdi>{p.proposedBy}</bdi>
          {p.contact ? (
            <>
              {' '}
              · <bdi dir="ltr">{p.contact.email}</bdi>
            </>
          ) : null}
        </p>
        <Refused errors={errors} />
        {p.note ? <blockquote dir="auto">{p.note}</blockquote> : null}
        {p.museumSlug ? (
          <p>
            <a href={v.pub(`/m/${p.museumSlug}`)}>{v.t('directory.current')}</a>
          </p>
        ) : null}
        {p.status === 'pending' ? (
          <form method="post" action={`/staff/directory/proposals/${p.id}`}>
            <Csrf v={v} />
            <EntryFields
              v={v}
              entry={form ? entryFromForm(form) : p.entry}
              countries={countries}
              errors={errors}
              lockCountry={actor.platformRole === 'admin' ? undefined : [...(actor.focalPoints ?? [])]}
            />
            <label for="r-note">{v.t('directory.note')}</label>
            <textarea id="r-note" name="note" dir="auto" />
            <p>
              <button type="submit" name="decision" value="accept">
                {v.t('directory.accept')}
              </button>{' '}
              <button type="submit" name="decision" value="refuse" class="danger">
                {v.t('directory.refuse')}
              </button>
            </p>
          </form>
        ) : (
          <p>{v.t(`directory.proposal.${p.status}`)}</p>
        )}
      </>,
      { status, crumbs: [{ href: '/staff/directory', label: v.t('directory.review') }] },
    );
  };
  r.get('/staff/directory/proposals/:id', (c) => reviewPage(c, null, new Map()));
  r.post('/staff/directory/proposals/:id', async (c) => {
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    try {
      await c.get('services').proposals.review(actorOf(c), c.req.param('id'), {
        decision: s(form.decision),
        entry: entryFromForm(form),
        ...(s(form.note).trim() ? { note: s(form.note) } : {}),
      });
    } catch (e) {
      return reviewPage(c, form, errorsOf(formErrors(e)), 400);
    }
    return c.redirect('/staff/directory', 303);
  });
  return r;
}
