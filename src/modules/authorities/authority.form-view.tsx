import type { FieldError } from '../../errors.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Csrf, Notice } from '../../http/layout.js';
import type { View } from '../../http/view.js';
import { CONTENT_LANGS } from '../common/values.schemas.js';
import { AUTHORITY_TYPES, CONCEPT_SCHEMES } from './authority.schemas.js';

export interface AuthorityForm {
  type?: string;
  scheme?: string;
  labels?: { lang?: string; value?: string; preferred?: string }[];
  nameParts?: Record<string, string>;
  beginYear?: string;
  endYear?: string;
  datesText?: string;
  latitude?: string;
  longitude?: string;
  externalIds?: Record<string, string>;
  shared?: string;
}

const NAME_PARTS = ['ism', 'nasab', 'kunya', 'laqab', 'nisba'] as const;
const EXTERNAL = ['wikidata', 'viaf', 'ulan', 'tgn', 'geonames', 'aat'] as const;

export function AuthorityFormView(props: {
  v: View;
  form: AuthorityForm;
  errors: FieldError[];
  action: string;
  typeFixed: boolean;
  canShare: boolean;
  defaultLang: string;
}) {
  const { v, form } = props;
  const { t } = v;
  const labels = [
    ...(form.labels ?? []),
    { lang: form.labels?.length ? '' : props.defaultLang, value: '' },
    { lang: '', value: '' },
  ];
  const err = (path: string) => props.errors.find((e) => e.path === path)?.message;
  const field = (name: string, label: string, value: string | undefined, path: string, dir = 'auto') => (
    <div>
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        value={value ?? ''}
        dir={dir}
        aria-invalid={err(path) ? 'true' : undefined}
      />
      {err(path) ? <p class="field-error">{err(path)}</p> : null}
    </div>
  );
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
      <div class="row">
        <div>
          <label for="type">{t('authorities.type')}</label>
          <select id="type" name="type" disabled={props.typeFixed}>
            {AUTHORITY_TYPES.map((x) => (
              <option value={x} selected={form.type === x}>
                {t(`type.${x}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="scheme">{t('authorities.scheme')}</label>
          <select id="scheme" name="scheme">
            <option value="" />
            {CONCEPT_SCHEMES.map((x) => (
              <option value={x} selected={form.scheme === x}>
                {t(`scheme.${x}`)}
              </option>
            ))}
          </select>
          {err('scheme') ? <p class="field-error">{err('scheme')}</p> : null}
        </div>
      </div>
      <fieldset>
        <legend>{t('authorities.labels')}</legend>
        {err('labels') ? <p class="field-error">{err('labels')}</p> : null}
        {labels.map((l, i) => (
          <div class="row">
            <div>
              <label for={`l-${i}-lang`}>{t('objects.lang')}</label>
              <select id={`l-${i}-lang`} name={`labels[${i}][lang]`}>
                <option value="" />
                {CONTENT_LANGS.map((x) => (
                  <option value={x.tag} selected={x.tag === l.lang}>
                    {x.name}
                  </option>
                ))}
              </select>
            </div>
            {field(`labels[${i}][value]`, t('objects.name'), l.value, `labels.${i}.value`)}
            <label>
              <input
                type="checkbox"
                name={`labels[${i}][preferred]`}
                value="1"
                checked={'preferred' in l && l.preferred === '1'}
              />{' '}
              {t('authorities.preferred')}
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('authorities.nameParts')}</legend>
        <div class="row">
          {NAME_PARTS.map((p) =>
            field(
              `nameParts[${p}]`,
              t(`nameParts.${p}` as MessageKey),
              form.nameParts?.[p],
              `nameParts.${p}`,
            ),
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('authorities.years')}</legend>
        <div class="row">
          {field('beginYear', t('authorities.beginYear'), form.beginYear, 'beginYear', 'ltr')}
          {field('endYear', t('authorities.endYear'), form.endYear, 'endYear', 'ltr')}
          {field('datesText', t('authorities.datesText'), form.datesText, 'datesText')}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('type.place')}</legend>
        <div class="row">
          {field('latitude', t('authorities.latitude'), form.latitude, 'latitude', 'ltr')}
          {field('longitude', t('authorities.longitude'), form.longitude, 'longitude', 'ltr')}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('authorities.externalIds')}</legend>
        <div class="row">
          {EXTERNAL.map((k) =>
            field(`externalIds[${k}]`, k, form.externalIds?.[k], `externalIds.${k}`, 'ltr'),
          )}
        </div>
      </fieldset>
      {props.canShare && !props.typeFixed ? (
        <label>
          <input type="checkbox" name="shared" value="1" checked={form.shared === '1'} />{' '}
          {t('authorities.shared')}
        </label>
      ) : null}
      {props.typeFixed ? <input type="hidden" name="type" value={form.type} /> : null}
      <div class="actions">
        <button type="submit">{t('action.save')}</button>
      </div>
    </form>
  );
}
