import type { FieldError } from '../../errors.js';
import { type Errors, Input } from '../../http/form-fields.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import type { View } from '../../http/view.js';
import { type Country, MUSEUM_TYPES } from './directory.schemas.js';
import { countryName } from './directory.views.js';
import type { EntryInput, Proposal } from './proposal.schemas.js';

export const errorsOf = (fields: FieldError[]): Errors => new Map(fields.map((f) => [f.path, f.message]));
type Row = Record<string, unknown>;
const LANGS = ['ar', 'en', 'fr'] as const;

/** A form's values as an entry (the service validates them). */
export function entryFromForm(form: Row): Record<string, unknown> {
  const e = (form.entry ?? {}) as Row;
  const names = LANGS.map((lang) => ({
    lang,
    value: String((e.names as Row | undefined)?.[lang] ?? '').trim(),
  })).filter((n) => n.value);
  const pick = (k: string) =>
    typeof e[k] === 'string' && (e[k] as string).trim() ? (e[k] as string).trim() : undefined;
  return {
    names,
    countryCode: pick('countryCode') ?? '',
    city: pick('city'),
    type: pick('type'),
    founded: pick('founded'),
    latitude: pick('latitude'),
    longitude: pick('longitude'),
    website: pick('website'),
    wikidata: pick('wikidata'),
  };
}

/** The fields of an entry: its names in Arabic, English and French, its state and city, kind, position, founding year, website and Wikidata id. */
export function EntryFields(props: {
  v: View;
  entry: Partial<EntryInput> | Row;
  countries: Country[];
  errors: Errors;
  lockCountry?: string[];
}) {
  const { v, errors } = props;
  const { t } = v;
  const e = props.entry as Partial<EntryInput>;
  const name = (lang: string) => e.names?.find((n) => n.lang === lang)?.value ?? '';
  const str = (x: unknown) => (x === undefined || x === null ? '' : String(x));
  const states = props.lockCountry
    ? props.countries.filter((c) => props.lockCountry!.includes(c.iso2))
    : props.countries;
  return (
    <fieldset>
      <legend>{t('directory.entry')}</legend>
      {LANGS.map((lang) => (
        <Input
          name={`entry[names][${lang}]`}
          label={`${t('directory.name')} (${lang})`}
          value={name(lang)}
          errors={errors}
          path="entry.names"
          dir={lang === 'ar' ? 'rtl' : 'ltr'}
        />
      ))}
      <div>
        <label for="entry-country">{t('directory.country')}</label>
        <select id="entry-country" name="entry[countryCode]" required>
          <option value="" />
          {[...states]
            .sort((a, b) => countryName(v, a, null).localeCompare(countryName(v, b, null), v.locale.lang))
            .map((c) => (
              <option value={c.iso2} selected={e.countryCode === c.iso2}>
                {countryName(v, c, null)}
              </option>
            ))}
        </select>
      </div>
      <Input
        name="entry[city]"
        label={t('directory.city')}
        value={str(e.city)}
        errors={errors}
        path="entry.city"
      />
      <div>
        <label for="entry-type">{t('directory.type')}</label>
        <select id="entry-type" name="entry[type]">
          <option value="" />
          {MUSEUM_TYPES.map((x) => (
            <option value={x} selected={e.type === x}>
              {t(`directory.type.${x}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <Input
        name="entry[founded]"
        label={t('directory.founded')}
        value={str(e.founded)}
        errors={errors}
        path="entry.founded"
        type="number"
        dir="ltr"
      />
      <Input
        name="entry[latitude]"
        label={t('directory.latitude')}
        value={str(e.latitude)}
        errors={errors}
        path="entry.latitude"
        dir="ltr"
      />
      <Input
        name="entry[longitude]"
        label={t('directory.longitude')}
        value={str(e.longitude)}
        errors={errors}
        path="entry.longitude"
        dir="ltr"
      />
      <Input
        name="entry[website]"
        label={t('directory.website')}
        value={str(e.website)}
        errors={errors}
        path="entry.website"
        type="url"
        dir="ltr"
      />
      <Input
        name="entry[wikidata]"
        label="Wikidata"
        value={str(e.wikidata)}
        errors={errors}
        path="entry.wikidata"
        dir="ltr"
      />
    </fieldset>
  );
}

/** Proposals in a table: what, for which museum or state, by whom, and what became of each. */
export function ProposalTable(props: { v: View; proposals: Proposal[]; link?: (p: Proposal) => string }) {
  const { v } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('imports.when')}</th>
          <th scope="col">{v.t('directory.name')}</th>
          <th scope="col">{v.t('directory.country')}</th>
          <th scope="col">{v.t('imports.by')}</th>
          <th scope="col">{v.t('imports.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.proposals.map((p) => (
          <tr>
            <td>{p.createdAt.slice(0, 10)}</td>
            <td>
              {props.link ? (
                <a href={props.link(p)}>
                  <bdi>{p.entry.names[0]?.value ?? ''}</bdi>
                </a>
              ) : (
                <bdi>{p.entry.names[0]?.value ?? ''}</bdi>
              )}{' '}
              <span class="equiv">({v.t(`directory.proposal.${p.kind}` as MessageKey)})</span>
            </td>
            <td>{p.country}</td>
            <td>
              <bdi>{p.proposedBy}</bdi>
            </td>
            <td>
              {v.t(`directory.proposal.${p.status}` as MessageKey)}
              {p.reviewedBy ? (
                <>
                  {' '}
                  · <bdi>{p.reviewedBy}</bdi>
                </>
              ) : null}
              {p.reviewNote ? (
                <>
                  {' '}
                  · <span dir="auto">{p.reviewNote}</span>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
