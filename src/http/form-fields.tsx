import type { FieldError } from '../errors.js';
import { CONTENT_LANGS } from '../modules/common/values.schemas.js';
import type { View } from './view.js';

/** Form fields shared by the staff pages: labelled inputs with their errors, and rows of language-tagged values. */

export type Errors = Map<string, string>;
export const errorsOf = (fields: FieldError[]) => new Map(fields.map((f) => [f.path, f.message]));

export function Err(props: { id: string; errors: Errors; path: string }) {
  const m = props.errors.get(props.path);
  return m ? (
    <p class="field-error" id={`${props.id}-err`}>
      {m}
    </p>
  ) : null;
}

export function Input(props: {
  name: string;
  label: string;
  value?: string | undefined;
  errors: Errors;
  path: string;
  type?: string;
  required?: boolean;
  dir?: string;
  list?: string;
}) {
  const id = props.name.replace(/[[\]]+/g, '-');
  const bad = props.errors.has(props.path);
  return (
    <div>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        dir={props.dir ?? 'auto'}
        required={props.required}
        list={props.list}
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={bad ? `${id}-err` : undefined}
      />
      <Err id={id} errors={props.errors} path={props.path} />
    </div>
  );
}

export function LangSelect(props: { name: string; value?: string | undefined; label: string }) {
  const id = props.name.replace(/[[\]]+/g, '-');
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="" />
        {CONTENT_LANGS.map((l) => (
          <option value={l.tag} selected={l.tag === props.value} lang={l.tag}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Rows of language + text, with `extra` empty rows to add more without JavaScript. */
export function LangRows(props: {
  v: View;
  field: string;
  legend: string;
  rows: { lang?: string; value?: string }[];
  errors: Errors;
  extra?: number;
  long?: boolean;
  defaultLang: string;
}) {
  const { t } = props.v;
  const rows = [
    ...props.rows,
    ...Array.from({ length: props.extra ?? 1 }, () => ({
      lang: props.rows.length ? '' : props.defaultLang,
      value: '',
    })),
  ];
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {rows.map((r, i) => {
        const name = `${props.field}[${i}]`;
        const id = `${props.field}-${i}-value`;
        const bad =
          props.errors.has(`${props.field}.${i}.value`) || props.errors.has(`${props.field}.${i}.lang`);
        return (
          <div class="row">
            <LangSelect name={`${name}[lang]`} value={r.lang} label={t('objects.lang')} />
            <div class="grow">
              <label for={id}>{t('objects.value')}</label>
              {props.long ? (
                <textarea
                  id={id}
                  name={`${name}[value]`}
                  dir="auto"
                  lang={r.lang || undefined}
                  aria-invalid={bad ? 'true' : undefined}
                >
                  {r.value ?? ''}
                </textarea>
              ) : (
                <input
                  id={id}
                  name={`${name}[value]`}
                  value={r.value ?? ''}
                  dir="auto"
                  lang={r.lang || undefined}
                  class="full"
                  aria-invalid={bad ? 'true' : undefined}
                />
              )}
              <Err id={id} errors={props.errors} path={`${props.field}.${i}.value`} />
              <Err id={`${id}-l`} errors={props.errors} path={`${props.field}.${i}.lang`} />
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
