import type { Context } from 'hono';
import { Hono } from 'hono';
import type { FieldError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { errorsOf, Input, LangRows } from '../../http/form-fields.js';
import { nestForm } from '../../http/forms.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Csrf, Notice } from '../../http/layout.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { authorize } from '../access/policy.js';
import { MUSEUM_SERVICES, type Museum } from './museum.schemas.js';

type Form = Record<string, unknown>;
const rows = (v: unknown) => (Array.isArray(v) ? (v as { lang?: string; value?: string }[]) : []);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function render(
  c: Context<AppEnv>,
  museum: Museum,
  form: Form,
  errors: FieldError[],
  status = 200,
  saved = false,
) {
  const v = viewOf(c);
  const { t } = v;
  const e = errorsOf(errors);
  const chosen = new Set([form.services ?? []].flat().map(String));
  const lang = museum.defaultLanguage;
  return page(
    c,
    t('profile.title', { museum: museumName(v, museum) }),
    <>
      <p>
        {t('profile.lead')} <a href={v.pub(`/m/${museum.slug}`)}>{v.pub(`/m/${museum.slug}`)}</a>
      </p>
      {saved ? <Notice>{t('profile.saved')}</Notice> : null}
      {errors.length ? <Notice kind="error">{t('error.summary', { count: errors.length })}</Notice> : null}
      <form method="post" class="stack">
        <Csrf v={v} />
        <LangRows
          v={v}
          field="descriptions"
          legend={t('profile.descriptions')}
          rows={rows(form.descriptions)}
          errors={e}
          long
          defaultLang={lang}
        />
        <fieldset>
          <legend>{t('profile.visit')}</legend>
          <Input
            name="address"
            label={t('profile.address')}
            value={text(form.address)}
            errors={e}
            path="address"
          />
          <div class="row">
            <Input
              name="latitude"
              label={t('profile.latitude')}
              value={text(form.latitude)}
              errors={e}
              path="latitude"
              dir="ltr"
            />
            <Input
              name="longitude"
              label={t('profile.longitude')}
              value={text(form.longitude)}
              errors={e}
              path="longitude"
              dir="ltr"
            />
          </div>
        </fieldset>
        <LangRows
          v={v}
          field="openingHours"
          legend={t('profile.openingHours')}
          rows={rows(form.openingHours)}
          errors={e}
          long
          defaultLang={lang}
        />
        <LangRows
          v={v}
          field="fees"
          legend={t('profile.fees')}
          rows={rows(form.fees)}
          errors={e}
          long
          defaultLang={lang}
        />
        <LangRows
          v={v}
          field="accessibility"
          legend={t('profile.accessibility')}
          rows={rows(form.accessibility)}
          errors={e}
          long
          defaultLang={lang}
        />
        <fieldset>
          <legend>{t('profile.contact')}</legend>
          <Input
            name="email"
            type="email"
            label={t('profile.email')}
            value={text(form.email)}
            errors={e}
            path="email"
            dir="ltr"
          />
          <Input
            name="phone"
            type="tel"
            label={t('profile.phone')}
            value={text(form.phone)}
            errors={e}
            path="phone"
            dir="ltr"
          />
          <Input
            name="website"
            type="url"
            label={t('profile.website')}
            value={text(form.website)}
            errors={e}
            path="website"
            dir="ltr"
          />
          <label for="socialLinks">{t('profile.socialLinks')}</label>
          <textarea id="socialLinks" name="socialLinks" dir="ltr">
            {[form.socialLinks ?? []].flat().join('\n')}
          </textarea>
          <Input
            name="visitLanguages"
            label={t('profile.visitLanguages')}
            value={[form.visitLanguages ?? []].flat().join(', ')}
            errors={e}
            path="visitLanguages"
            dir="ltr"
          />
        </fieldset>
        <fieldset>
          <legend>{t('profile.services')}</legend>
          {MUSEUM_SERVICES.map((s) => (
            <label>
              <input type="checkbox" name="services" value={s} checked={chosen.has(s)} />{' '}
              {t(`service.${s}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('action.save')}</button>
      </form>
    </>,
    { museum, status },
  );
}

/** The director's page for the museum's public profile. */
export function profilePages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/profile', async (c) => {
    const { actor, museum } = await museumOf(c);
    authorize(actor, 'update', 'museum', museum.id);
    return render(c, museum, museum.profile as unknown as Form, [], 200, c.req.query('done') === 'saved');
  });
  r.post('/staff/m/:museum/profile', async (c) => {
    const { actor, museum } = await museumOf(c);
    const body = await c.req.parseBody({ all: true });
    const form = nestForm(body) as Form;
    // A single ticked box arrives as a string; none at all, not at all.
    form.services = [body.services ?? []].flat().map(String);
    try {
      await c.get('services').museums.updateProfile(actor, museum.id, form);
      return c.redirect(`/staff/m/${museum.slug}/profile?done=saved`, 303);
    } catch (e) {
      return render(c, museum, form, formErrors(e), 400);
    }
  });
  return r;
}
