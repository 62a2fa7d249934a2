import type { Child } from 'hono/jsx';
import type { FieldError } from '../../errors.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Csrf, Notice } from '../../http/layout.js';
import type { View } from '../../http/view.js';
import { type Errors, errorsOf, Input, LangRows, LangSelect } from '../../http/form-fields.js';
import { displayLabel } from '../authorities/authority.repository.js';
import type { Authority } from '../authorities/authority.schemas.js';
import { RIGHTS, VISIBILITIES } from '../common/values.schemas.js';
import { CONCEPT_FIELDS, type ObjectForm } from './object.form.js';
import { DIMENSION_TYPES } from './object.schemas.js';

export interface FormOptions {
  concepts: Record<string, Authority[]>;
  people: Authority[];
  places: Authority[];
}

function LinkRows(props: {
  v: View;
  field: 'makers' | 'places';
  rows: { label?: string; qualifier?: string }[];
  errors: Errors;
  list: string;
}) {
  const { t } = props.v;
  const rows = [...props.rows, { label: '', qualifier: '' }, { label: '', qualifier: '' }];
  return (
    <fieldset>
      <legend>{t(`objects.${props.field}` as MessageKey)}</legend>
      {rows.map((r, i) => (
        <div class="row">
          <Input
            name={`${props.field}[${i}][label]`}
            label={t('objects.name')}
            value={r.label}
            errors={props.errors}
            path={`${props.field}.${i}.label`}
            list={props.list}
          />
          <Input
            name={`${props.field}[${i}][qualifier]`}
            label={t('objects.qualifier')}
            value={r.qualifier}
            errors={props.errors}
            path={`${props.field}.${i}.qualifier`}
          />
        </div>
      ))}
    </fieldset>
  );
}

export function ObjectFormView(props: {
  v: View;
  form: ObjectForm;
  errors: FieldError[];
  options: FormOptions;
  action: string;
  submit: string;
  defaultLang: string;
}) {
  const { v, form, options } = props;
  const { t } = v;
  const errors = errorsOf(props.errors);
  const selected = (field: string) =>
    new Set(([] as string[]).concat((form as Record<string, string | string[] | undefined>)[field] ?? []));
  const lang = props.defaultLang;
  return (
    <form method="post" action={props.action} novalidate>
      <Csrf v={v} />
      {props.errors.length ? (
        <Notice kind="error">
          {t('error.summary', { count: props.errors.length })}
          <ul>
            {props.errors.map((e) => (
              <li>
                <code>{e.path}</code> {e.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {form.version ? <input type="hidden" name="version" value={form.version} /> : null}
      <div class="row">
        <Input
          name="accessionNumber"
          label={t('objects.accessionNumber')}
          value={form.accessionNumber}
          errors={errors}
          path="accessionNumber"
          required
          dir="ltr"
        />
        <div>
          <label for="visibility">{t('objects.visibility')}</label>
          <select id="visibility" name="visibility">
            {VISIBILITIES.map((x) => (
              <option value={x} selected={form.visibility === x}>
                {t(`visibility.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LangRows
        v={v}
        field="titles"
        legend={t('objects.titles')}
        rows={form.titles ?? []}
        errors={errors}
        extra={form.titles?.length ? 1 : 2}
        defaultLang={lang}
      />
      <LangRows
        v={v}
        field="descriptions"
        legend={t('objects.descriptions')}
        rows={form.descriptions ?? []}
        errors={errors}
        long
        defaultLang={lang}
      />
      <fieldset>
        <legend>{t('objects.dates')}</legend>
        <label for="dates">{t('objects.dates')}</label>
        <p class="hint" id="dates-hint">
          {t('objects.datesHelp')}
        </p>
        <textarea id="dates" name="dates" dir="auto" aria-describedby="dates-hint">
          {form.dates ?? ''}
        </textarea>
        {props.errors
          .filter((e) => e.path.startsWith('dates'))
          .map((e) => (
            <p class="field-error">
              {e.message} —{' '}
              <bdi>
                {form.dates?.split(/\r?\n/).filter((l) => l.trim())[Number(e.path.split('.')[1])] ?? ''}
              </bdi>
            </p>
          ))}
        <label>
          <input type="checkbox" name="keepUnreadDates" value="1" checked={form.keepUnreadDates === '1'} />{' '}
          {t('objects.keepUnreadDates')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('nav.authorities')}</legend>
        <div class="row">
          {CONCEPT_FIELDS.map(([field, scheme]) => {
            const chosen = selected(field);
            return (
              <div>
                <label for={field}>{t(`objects.${field}` as MessageKey)}</label>
                <select id={field} name={field} multiple size={6}>
                  {(options.concepts[scheme] ?? []).map((a) => (
                    <option value={a.id} selected={chosen.has(a.id)}>
                      {displayLabel(a, [v.locale.lang, 'en'])}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </div>
      </fieldset>
      <datalist id="people-list">
        {options.people.map((a) => a.labels.map((l) => <option value={l.value} />))}
      </datalist>
      <datalist id="places-list">
        {options.places.map((a) => a.labels.map((l) => <option value={l.value} />))}
      </datalist>
      <LinkRows v={v} field="makers" rows={form.makers ?? []} errors={errors} list="people-list" />
      <LinkRows v={v} field="places" rows={form.places ?? []} errors={errors} list="places-list" />
      <DimensionRows v={v} rows={form.dimensions ?? []} errors={errors} />
      <InscriptionRows v={v} rows={form.inscriptions ?? []} errors={errors} />
      <LangRows
        v={v}
        field="provenance"
        legend={t('objects.provenance')}
        rows={form.provenance ?? []}
        errors={errors}
        long
        defaultLang={lang}
      />
      <LangRows
        v={v}
        field="creditLine"
        legend={t('objects.creditLine')}
        rows={form.creditLine ?? []}
        errors={errors}
        defaultLang={lang}
      />
      <LangRows
        v={v}
        field="keywords"
        legend={t('objects.keywords')}
        rows={form.keywords ?? []}
        errors={errors}
        long
        defaultLang={lang}
      />
      <OtherNumbers v={v} rows={form.otherNumbers ?? []} errors={errors} />
      <div>
        <label for="rights">{t('objects.rights')}</label>
        <select id="rights" name="rights">
          <option value="">{t('rights.none')}</option>
          {RIGHTS.map((r) => (
            <option value={r} selected={form.rights === r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit">{props.submit}</button>
      </div>
    </form>
  );
}

function DimensionRows(props: { v: View; rows: NonNullable<ObjectForm['dimensions']>; errors: Errors }) {
  const { t } = props.v;
  const rows = [...props.rows, { type: '', value: '', unit: 'cm', part: '' }];
  return (
    <fieldset>
      <legend>{t('objects.dimensions')}</legend>
      {rows.map((d, i) => (
        <div class="row">
          <div>
            <label for={`dim-${i}-type`}>{t('objects.type')}</label>
            <select id={`dim-${i}-type`} name={`dimensions[${i}][type]`}>
              {DIMENSION_TYPES.map((x) => (
                <option value={x} selected={d.type === x}>
                  {t(`dim.${x}`)}
                </option>
              ))}
            </select>
          </div>
          <Input
            name={`dimensions[${i}][value]`}
            label={t('objects.measure')}
            value={d.value}
            errors={props.errors}
            path={`dimensions.${i}.value`}
            dir="ltr"
          />
          <div>
            <label for={`dim-${i}-unit`}>{t('objects.unit')}</label>
            <select id={`dim-${i}-unit`} name={`dimensions[${i}][unit]`}>
              {['mm', 'cm', 'm', 'in', 'g', 'kg'].map((u) => (
                <option value={u} selected={d.unit === u}>
                  {u}
                </option>
              ))}
            </select>
          </div>
          <Input
            name={`dimensions[${i}][part]`}
            label={t('objects.part')}
            value={d.part}
            errors={props.errors}
            path={`dimensions.${i}.part`}
          />
        </div>
      ))}
    </fieldset>
  );
}

function InscriptionRows(props: { v: View; rows: NonNullable<ObjectForm['inscriptions']>; errors: Errors }) {
  const { t } = props.v;
  const rows = [...props.rows, {}];
  const p = (i: number, f: string) => `inscriptions.${i}.${f}`;
  return (
    <fieldset>
      <legend>{t('objects.inscriptions')}</legend>
      {rows.map((x: NonNullable<ObjectForm['inscriptions']>[number], i) => (
        <div class="row inscription">
          <div class="wide">
            <label for={`ins-${i}-text`}>{t('objects.text')}</label>
            <textarea
              id={`ins-${i}-text`}
              name={`inscriptions[${i}][text]`}
              dir="auto"
              lang={x.lang || undefined}
            >
              {x.text ?? ''}
            </textarea>
          </div>
          <LangSelect name={`inscriptions[${i}][lang]`} value={x.lang} label={t('objects.lang')} />
          <Input
            name={`inscriptions[${i}][script]`}
            label={t('objects.script')}
            value={x.script}
            errors={props.errors}
            path={p(i, 'script')}
            dir="ltr"
          />
          <Input
            name={`inscriptions[${i}][type]`}
            label={t('objects.type')}
            value={x.type}
            errors={props.errors}
            path={p(i, 'type')}
          />
          <Input
            name={`inscriptions[${i}][transliteration]`}
            label={t('objects.transliteration')}
            value={x.transliteration}
            errors={props.errors}
            path={p(i, 'transliteration')}
          />
          <LangSelect
            name={`inscriptions[${i}][translationLang]`}
            value={x.translationLang}
            label={t('objects.lang')}
          />
          <Input
            name={`inscriptions[${i}][translation]`}
            label={t('objects.translation')}
            value={x.translation}
            errors={props.errors}
            path={p(i, 'translations.0.value')}
          />
          <Input
            name={`inscriptions[${i}][position]`}
            label={t('objects.position')}
            value={x.position}
            errors={props.errors}
            path={p(i, 'position')}
          />
        </div>
      ))}
    </fieldset>
  );
}

function OtherNumbers(props: {
  v: View;
  rows: NonNullable<ObjectForm['otherNumbers']>;
  errors: Errors;
}): Child {
  const { t } = props.v;
  const rows = [...props.rows, { type: '', value: '' }];
  return (
    <fieldset>
      <legend>{t('objects.otherNumbers')}</legend>
      {rows.map((r, i) => (
        <div class="row">
          <Input
            name={`otherNumbers[${i}][type]`}
            label={t('objects.type')}
            value={r.type}
            errors={props.errors}
            path={`otherNumbers.${i}.type`}
          />
          <Input
            name={`otherNumbers[${i}][value]`}
            label={t('objects.number')}
            value={r.value}
            errors={props.errors}
            path={`otherNumbers.${i}.value`}
            dir="ltr"
          />
        </div>
      ))}
    </fieldset>
  );
}
