import { formatNumber, formatTimestamp } from '../../http/i18n/format.js';
import { LANGS, type MessageKey } from '../../http/i18n/locale.js';
import { Csrf } from '../../http/layout.js';
import type { View } from '../../http/view.js';
import { VISIBILITIES } from '../common/values.schemas.js';
import type { BatchRecord } from './import.repository.js';
import { IMPORT_FIELDS, type ImportColumn, type ImportMapping, type ImportReport } from './import.schemas.js';

const DELIMITER_NAMES: Record<string, MessageKey> = {
  ',': 'imports.delimiter.comma',
  ';': 'imports.delimiter.semicolon',
  '\t': 'imports.delimiter.tab',
};

/** The museum's imports, newest first, each linking to its page. */
export function ImportList(props: { v: View; base: string; batches: BatchRecord[] }) {
  const { v } = props;
  if (!props.batches.length) return <p>{v.t('imports.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('imports.file')}</th>
          <th scope="col">{v.t('imports.when')}</th>
          <th scope="col">{v.t('imports.by')}</th>
          <th scope="col">{v.t('imports.rows')}</th>
          <th scope="col">{v.t('imports.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.batches.map((b) => (
          <tr>
            <td>
              <a href={`${props.base}/${b.id}`}>
                <bdi>{b.filename}</bdi>
              </a>
            </td>
            <td>{formatTimestamp(v.locale, b.createdAt)}</td>
            <td>
              <bdi>{b.createdBy ?? ''}</bdi>
            </td>
            <td>{formatNumber(v.locale, b.total)}</td>
            <td>{v.t(`imports.status.${b.status}` as MessageKey)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The mapping form: one line per column of the file with its first values, where it goes, its
 * language, separator and role or unit; how the file is read; what to do with unknown names.
 * One form, two buttons: a dry run, and the import itself.
 */
export function MappingForm(props: {
  v: View;
  action: string;
  headers: string[];
  sample: string[][];
  columns: ImportColumn[];
  mapping: Partial<ImportMapping>;
  saved: string[];
}) {
  const { v } = props;
  const { t } = v;
  const colOf = (h: string) =>
    props.columns.find((c) => c.column === h) ?? { column: h, field: 'ignore' as const };
  const m = props.mapping;
  return (
    <form method="post" action={`${props.action}/dry-run`}>
      <Csrf v={v} />
      <h2>{t('imports.mapping')}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('imports.column')}</th>
              <th scope="col">{t('imports.sample')}</th>
              <th scope="col">{t('imports.field')}</th>
              <th scope="col">{t('imports.lang')}</th>
              <th scope="col">{t('imports.split')}</th>
              <th scope="col">{t('imports.qualifier')}</th>
            </tr>
          </thead>
          <tbody>
            {props.headers.map((h, i) => {
              const c = colOf(h);
              const id = `col-${i}`;
              return (
                <tr>
                  <th scope="row" id={id}>
                    <bdi>{h}</bdi>
                    <input type="hidden" name={`columns[${i}][column]`} value={h} />
                  </th>
                  <td>
                    {props.sample
                      .slice(0, 3)
                      .map((r) => (r[i] ? <div dir="auto">{r[i]!.slice(0, 60)}</div> : null))}
                  </td>
                  <td>
                    <select name={`columns[${i}][field]`} aria-labelledby={id}>
                      {IMPORT_FIELDS.map((f) => (
                        <option value={f} selected={c.field === f}>
                          {t(`imports.field.${f}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      name={`columns[${i}][lang]`}
                      value={c.lang ?? ''}
                      size={5}
                      list="import-langs"
                      aria-label={`${t('imports.lang')} · ${h}`}
                    />
                  </td>
                  <td>
                    <input
                      name={`columns[${i}][split]`}
                      value={c.split ?? ''}
                      size={3}
                      aria-label={`${t('imports.split')} · ${h}`}
                    />
                  </td>
                  <td>
                    <input
                      name={`columns[${i}][qualifier]`}
                      value={c.qualifier ?? ''}
                      size={12}
                      aria-label={`${t('imports.qualifier')} · ${h}`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <datalist id="import-langs">
        {[...LANGS, 'fa', 'ur', 'tr', 'ms', 'ota', 'ar-Latn'].map((l) => (
          <option value={l} />
        ))}
      </datalist>
      <div class="filters">
        <div>
          <label for="encoding">{t('imports.encoding')}</label>
          <select id="encoding" name="encoding">
            {(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1256'] as const).map((e) => (
              <option value={e} selected={(m.encoding ?? 'auto') === e}>
                {e === 'auto' ? t('imports.detect') : e.toUpperCase()}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="delimiter">{t('imports.delimiter')}</label>
          <select id="delimiter" name="delimiter">
            <option value="auto">{t('imports.detect')}</option>
            {Object.entries(DELIMITER_NAMES).map(([d, key]) => (
              <option value={d === '\t' ? 'tab' : d} selected={m.delimiter === d}>
                {t(key)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="visibility">{t('imports.visibility')}</label>
          <select id="visibility" name="visibility">
            {VISIBILITIES.map((x) => (
              <option value={x} selected={(m.visibility ?? 'draft') === x}>
                {t(`visibility.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>{t('imports.newAuthorities')}</legend>
        {(['reject', 'create'] as const).map((x) => (
          <label>
            <input
              type="radio"
              name="newAuthorities"
              value={x}
              checked={(m.newAuthorities ?? 'reject') === x}
            />{' '}
            {t(`imports.newAuthorities.${x}`)}
          </label>
        ))}
      </fieldset>
      <p>
        <label>
          <input type="checkbox" name="keepUnreadDates" value="1" checked={m.keepUnreadDates === true} />{' '}
          {t('imports.keepUnreadDates')}
        </label>
      </p>
      <p>
        <label for="saveAs">{t('imports.saveAs')}</label>{' '}
        <input id="saveAs" name="saveAs" maxlength={100} list="import-saved" dir="auto" />
      </p>
      <datalist id="import-saved">
        {props.saved.map((n) => (
          <option value={n} />
        ))}
      </datalist>
      <p>
        <label>
          <input type="checkbox" name="skipRejected" value="1" /> {t('imports.skipRejected')}
        </label>
      </p>
      <p>
        <button type="submit">{t('imports.dryRun')}</button>{' '}
        <button type="submit" formaction={`${props.action}/run`}>
          {t('imports.run')}
        </button>
      </p>
    </form>
  );
}

/** What a dry run or an import did: counts, new names, and the rows (every refused one, with its column and reason). */
export function ReportView(props: { v: View; report: ImportReport }) {
  const { v, report: r } = props;
  const { t } = v;
  return (
    <section aria-labelledby="report">
      <h2 id="report">{t('imports.report')}</h2>
      <p role="status">
        {t('imports.counts', {
          rows: formatNumber(v.locale, r.rows),
          create: formatNumber(v.locale, r.create),
          update: formatNumber(v.locale, r.update),
          unchanged: formatNumber(v.locale, r.unchanged),
          reject: formatNumber(v.locale, r.reject),
        })}
      </p>
      {r.newAuthorities.length ? (
        <>
          <h3>{t('imports.newNames')}</h3>
          <ul>
            {r.newAuthorities.map((n) => (
              <li>
                <span lang={n.lang} dir="auto">
                  {n.label}
                </span>{' '}
                <span class="equiv">
                  ({n.field}, {formatNumber(v.locale, n.rows)})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.outcomes.length ? (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('imports.row')}</th>
                <th scope="col">{t('objects.accessionNumber')}</th>
                <th scope="col">{t('imports.action')}</th>
                <th scope="col">{t('imports.why')}</th>
              </tr>
            </thead>
            <tbody>
              {r.outcomes.map((o) => (
                <tr class={o.action === 'reject' ? 'error' : undefined}>
                  <td>{formatNumber(v.locale, o.row)}</td>
                  <td>
                    <bdi dir="ltr">{o.accessionNumber ?? ''}</bdi>
                  </td>
                  <td>{t(`imports.action.${o.action}` as MessageKey)}</td>
                  <td>
                    {o.errors.length ? (
                      <ul>
                        {o.errors.map((e) => (
                          <li>
                            {e.column ? (
                              <>
                                <bdi>{e.column}</bdi>:{' '}
                              </>
                            ) : null}
                            <span dir="auto">{e.message}</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
