import type { MessageKey } from '../../http/i18n/locale.js';
import type { View } from '../../http/view.js';
import { pickLang } from '../common/values.schemas.js';
import { MUSEUM_SERVICES } from '../museums/museum.schemas.js';
import { count } from '../portal/portal.views.js';
import { type Country, type DirectoryEntry, MUSEUM_TYPES } from './directory.schemas.js';

export const countryName = (v: View, c: Country | undefined, iso2: string | null) =>
  c ? (pickLang(c.names, [v.locale.lang, 'en'])?.value ?? c.iso2) : (iso2 ?? '');

/** A museum's name in the reader's language when the directory has it, else in the language it has, marked. */
export function EntryName(props: { v: View; e: DirectoryEntry }) {
  const n = pickLang(props.e.names, [props.v.locale.lang, 'en']);
  return (
    <span lang={n?.lang} dir="auto">
      {n?.value ?? props.e.slug}
    </span>
  );
}

/** The filters of the directory, as a form that works without script (every choice is a URL). */
export function DirectoryFilters(props: {
  v: View;
  action: string;
  countries: Country[];
  q: Record<string, string | string[] | undefined>;
}) {
  const { v, q } = props;
  const { t } = v;
  const has = (k: string, x: string) => [q[k]].flat().includes(x);
  return (
    <search>
      <form method="get" action={props.action} class="filters">
        <div>
          <label for="d-q">{t('directory.name')}</label>
          <input id="d-q" name="q" type="search" value={String(q.q ?? '')} dir="auto" />
        </div>
        <div>
          <label for="d-country">{t('directory.country')}</label>
          <select id="d-country" name="country">
            <option value="">{t('directory.allCountries')}</option>
            {[...props.countries]
              .sort((a, b) => countryName(v, a, null).localeCompare(countryName(v, b, null), v.locale.lang))
              .map((c) => (
                <option value={c.iso2} selected={q.country === c.iso2}>
                  {countryName(v, c, null)}
                </option>
              ))}
          </select>
        </div>
        <div>
          <label for="d-city">{t('directory.city')}</label>
          <input id="d-city" name="city" value={String(q.city ?? '')} dir="auto" />
        </div>
        <div>
          <label for="d-type">{t('directory.type')}</label>
          <select id="d-type" name="type">
            <option value="">{t('directory.allTypes')}</option>
            {MUSEUM_TYPES.map((x) => (
              <option value={x} selected={has('type', x)}>
                {t(`directory.type.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="d-online">{t('directory.online')}</label>
          <select id="d-online" name="online">
            <option value="">{t('directory.any')}</option>
            <option value="yes" selected={q.online === 'yes'}>
              {t('directory.online.yes')}
            </option>
            <option value="no" selected={q.online === 'no'}>
              {t('directory.online.no')}
            </option>
          </select>
        </div>
        <fieldset>
          <legend>{t('directory.services')}</legend>
          {MUSEUM_SERVICES.map((x) => (
            <label>
              <input type="checkbox" name="service" value={x} checked={has('service', x)} />{' '}
              {t(`service.${x}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('action.filter')}</button>
      </form>
    </search>
  );
}

/** The museums found: name, place, kind, and whether (and how much of) the collection is online. */
export function EntryList(props: { v: View; entries: DirectoryEntry[]; countries: Map<string, Country> }) {
  const { v } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('directory.name')}</th>
          <th scope="col">{v.t('directory.city')}</th>
          <th scope="col">{v.t('directory.country')}</th>
          <th scope="col">{v.t('directory.type')}</th>
          <th scope="col">{v.t('directory.collection')}</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr>
            <td>
              <a href={v.pub(`/m/${e.slug}`)}>
                <EntryName v={v} e={e} />
              </a>
            </td>
            <td>
              <bdi>{e.city ?? ''}</bdi>
            </td>
            <td>
              {e.country ? (
                <a href={v.pub(`/directory/${e.country.toLowerCase()}`)}>
                  {countryName(v, props.countries.get(e.country), e.country)}
                </a>
              ) : null}
            </td>
            <td>{e.type ? v.t(`directory.type.${e.type}` as MessageKey) : ''}</td>
            <td>
              {e.objects ? v.t('directory.objects', { count: count(v, e.objects) }) : v.t('directory.listed')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
