import { type Context, Hono } from 'hono';
import type { FieldError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { errorsOf, type Errors, Input, LangRows } from '../../http/form-fields.js';
import { nestForm } from '../../http/forms.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Csrf, Notice } from '../../http/layout.js';
import { formErrors, museumName, page } from '../../http/page.js';
import { museumOf } from '../../http/request.js';
import type { View } from '../../http/view.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { pickLang } from '../common/values.schemas.js';
import type { Museum } from '../museums/museum.schemas.js';
import { storyFromForm } from './story.form.js';
import { SECTION_TYPES, STORY_KINDS, type Story } from './story.schemas.js';

type Row = Record<string, unknown>;
const rows = (v: unknown) => (Array.isArray(v) ? (v as { lang?: string; value?: string }[]) : []);

/** One section's fields; `index` names them in the form. Unknown types show every field (the added section). */
function SectionFields(props: {
  v: View;
  s: Row;
  index: number;
  errors: Errors;
  lang: string;
  isNew?: boolean;
}) {
  const { v, s, index, errors, lang } = props;
  const { t } = v;
  const f = (name: string) => `sections[${index}][${name}]`;
  const type = String(s.type ?? '');
  const is = (x: string) => props.isNew || type === x;
  const region = (s.region ?? {}) as Row;
  return (
    <fieldset id={s.id ? `s-${s.id}` : undefined}>
      <legend>{props.isNew ? t('story.addSection') : t(`story.section.${type}` as MessageKey)}</legend>
      {props.isNew ? (
        <div>
          <label for={`new-type`}>{t('story.sectionType')}</label>
          <select id="new-type" name={f('type')}>
            <option value="" />
            {SECTION_TYPES.map((x) => (
              <option value={x}>{t(`story.section.${x}` as MessageKey)}</option>
            ))}
          </select>
        </div>
      ) : (
        <>
          <input type="hidden" name={f('type')} value={type} />
          <input type="hidden" name={f('id')} value={String(s.id ?? '')} />
          <div class="row">
            <Input
              name={f('position')}
              label={t('story.position')}
              value={String(index)}
              errors={errors}
              path={`sections.${index}.position`}
              type="number"
            />
            <label>
              <input type="checkbox" name={f('delete')} value="1" /> {t('story.removeSection')}
            </label>
          </div>
        </>
      )}
      {is('text') ? (
        <LangRows
          v={v}
          field={`sections[${index}][headings]`}
          legend={t('story.heading')}
          rows={rows(s.headings)}
          errors={errors}
          defaultLang={lang}
        />
      ) : null}
      {is('text') ? (
        <LangRows
          v={v}
          field={`sections[${index}][bodies]`}
          legend={t('story.body')}
          rows={rows(s.bodies)}
          errors={errors}
          long
          defaultLang={lang}
        />
      ) : null}
      {is('object') || is('detail') ? (
        <Input
          name={f('object')}
          label={t('story.object')}
          value={String(s.object ?? s.objectId ?? '')}
          errors={errors}
          path={`sections.${index}.objectId`}
          dir="ltr"
        />
      ) : null}
      {is('detail') ? (
        <>
          <Input
            name={f('mediaId')}
            label={t('story.image')}
            value={String(s.mediaId ?? '')}
            errors={errors}
            path={`sections.${index}.mediaId`}
            dir="ltr"
          />
          <div class="row">
            {(['x', 'y', 'w', 'h'] as const).map((k) => (
              <Input
                name={`sections[${index}][region][${k}]`}
                label={t(`story.region.${k}` as MessageKey)}
                value={String(region[k] ?? '')}
                errors={errors}
                path={`sections.${index}.region`}
                type="number"
              />
            ))}
          </div>
        </>
      ) : null}
      {is('object') || is('detail') ? (
        <LangRows
          v={v}
          field={`sections[${index}][captions]`}
          legend={t('story.caption')}
          rows={rows(s.captions)}
          errors={errors}
          defaultLang={lang}
        />
      ) : null}
      {is('quote') ? (
        <LangRows
          v={v}
          field={`sections[${index}][texts]`}
          legend={t('story.quote')}
          rows={rows(s.texts)}
          errors={errors}
          long
          defaultLang={lang}
        />
      ) : null}
      {is('quote') ? (
        <Input
          name={f('source')}
          label={t('story.source')}
          value={String(s.source ?? '')}
          errors={errors}
          path={`sections.${index}.source`}
        />
      ) : null}
    </fieldset>
  );
}

function StoryForm(props: { v: View; museum: Museum; form: Row; errors: FieldError[]; action: string }) {
  const { v, museum, form } = props;
  const { t } = v;
  const e = errorsOf(props.errors);
  const sections = Array.isArray(form.sections) ? (form.sections as Row[]) : [];
  return (
    <form method="post" action={props.action} class="stack">
      <Csrf v={v} />
      {form.version ? <input type="hidden" name="version" value={String(form.version)} /> : null}
      {props.errors.length ? (
        <Notice kind="error">
          {t('error.summary', { count: props.errors.length })}
          <ul>
            {props.errors.map((x) => (
              <li>
                <code>{x.path}</code> {x.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <div class="row">
        <Input
          name="slug"
          label={t('story.slug')}
          value={String(form.slug ?? '')}
          errors={e}
          path="slug"
          dir="ltr"
          required
        />
        <div>
          <label for="kind">{t('story.kind')}</label>
          <select id="kind" name="kind">
            {STORY_KINDS.map((k) => (
              <option value={k} selected={form.kind === k}>
                {t(`story.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LangRows
        v={v}
        field="titles"
        legend={t('story.titles')}
        rows={rows(form.titles)}
        errors={e}
        defaultLang={museum.defaultLanguage}
      />
      <LangRows
        v={v}
        field="summaries"
        legend={t('story.summaries')}
        rows={rows(form.summaries)}
        errors={e}
        long
        defaultLang={museum.defaultLanguage}
      />
      {sections.map((s, i) => (
        <SectionFields v={v} s={s} index={i} errors={e} lang={museum.defaultLanguage} />
      ))}
      <SectionFields v={v} s={{}} index={sections.length} errors={e} lang={museum.defaultLanguage} isNew />
      <button type="submit">{t('action.save')}</button>
    </form>
  );
}

function renderEditor(
  c: Context<AppEnv>,
  museum: Museum,
  story: Story | null,
  form: Row,
  errors: FieldError[],
  status = 200,
) {
  const v = viewOf(c);
  const { t } = v;
  const base = `/staff/m/${museum.slug}/stories`;
  const title = story ? (pickLang(story.titles, [v.locale.lang])?.value ?? story.slug) : t('story.new');
  return page(
    c,
    title,
    <>
      {story ? (
        <p>
          {t(story.status === 'published' ? 'story.isPublished' : 'story.isDraft')} ·{' '}
          <a href={v.pub(`/m/${museum.slug}/stories/${story.slug}`)}>
            {t(story.status === 'published' ? 'story.view' : 'story.preview')}
          </a>
        </p>
      ) : null}
      {story && v.actor && can(v.actor, 'approve', 'story', museum.id) ? (
        <form
          method="post"
          action={`${base}/${story.id}/${story.status === 'published' ? 'unpublish' : 'publish'}`}
        >
          <Csrf v={v} />
          <button type="submit">
            {t(story.status === 'published' ? 'story.unpublish' : 'story.publish')}
          </button>
        </form>
      ) : null}
      <StoryForm
        v={v}
        museum={museum}
        form={form}
        errors={errors}
        action={story ? `${base}/${story.id}` : base}
      />
    </>,
    { museum, status, crumbs: [{ href: base, label: t('story.title') }] },
  );
}

/** The staff's pages for stories and exhibitions: the list, a new one, the editor, publishing. */
export function storyPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/stories', async (c) => {
    const { actor, museum } = await museumOf(c);
    const v = viewOf(c);
    const stories = await c.get('services').stories.list(actor, museum.id);
    return page(
      c,
      `${v.t('story.title')} · ${museumName(v, museum)}`,
      <>
        {can(actor, 'create', 'story', museum.id) ? (
          <p>
            <a class="button" href={`/staff/m/${museum.slug}/stories/new`}>
              {v.t('story.new')}
            </a>
          </p>
        ) : null}
        <table>
          <thead>
            <tr>
              <th>{v.t('story.titles')}</th>
              <th>{v.t('story.kind')}</th>
              <th>{v.t('story.status')}</th>
            </tr>
          </thead>
          <tbody>
            {stories.map((s) => {
              const title = pickLang(s.titles, [v.locale.lang]);
              return (
                <tr>
                  <td>
                    <a href={`/staff/m/${museum.slug}/stories/${s.id}`}>
                      <span lang={title?.lang} dir="auto">
                        {title?.value ?? s.slug}
                      </span>
                    </a>
                  </td>
                  <td>{v.t(`story.kind.${s.kind}` as MessageKey)}</td>
                  <td>{v.t(s.status === 'published' ? 'story.isPublished' : 'story.isDraft')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </>,
      { museum },
    );
  });
  r.get('/staff/m/:museum/stories/new', async (c) => {
    const { museum } = await museumOf(c);
    return renderEditor(c, museum, null, { kind: 'story' }, []);
  });
  r.post('/staff/m/:museum/stories', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    try {
      const s = await c
        .get('services')
        .stories.create(
          actor,
          museum.id,
          await storyFromForm(form, actor, museum.id, c.get('services').objects),
        );
      return c.redirect(`/staff/m/${museum.slug}/stories/${s.id}`, 303);
    } catch (e) {
      return renderEditor(c, museum, null, form, formErrors(e), 400);
    }
  });
  r.get('/staff/m/:museum/stories/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = await c.get('services').stories.get(actor, museum.id, c.req.param('id'));
    return renderEditor(c, museum, s, s as unknown as Row, []);
  });
  r.post('/staff/m/:museum/stories/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const services = c.get('services');
    const s = await services.stories.get(actor, museum.id, c.req.param('id'));
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    try {
      await services.stories.update(
        actor,
        museum.id,
        s.id,
        await storyFromForm(form, actor, museum.id, services.objects),
      );
      return c.redirect(`/staff/m/${museum.slug}/stories/${s.id}`, 303);
    } catch (e) {
      return renderEditor(c, museum, s, form, formErrors(e), 400);
    }
  });
  for (const [path, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    r.post(`/staff/m/:museum/stories/:id/${path}`, async (c) => {
      const { actor, museum } = await museumOf(c);
      await c.get('services').stories.setPublished(actor, museum.id, c.req.param('id'), published);
      return c.redirect(`/staff/m/${museum.slug}/stories/${c.req.param('id')}`, 303);
    });
  }
  return r;
}
