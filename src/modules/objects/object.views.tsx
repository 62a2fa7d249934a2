import type { MessageKey } from '../../http/i18n/locale.js';
import { formatNumber, formatObjectDate, formatTimestamp } from '../../http/i18n/format.js';
import { Csrf, Text } from '../../http/layout.js';
import type { View } from '../../http/view.js';
import { DownloadLinks } from '../exports/export.views.js';
import type { AuditEvent } from '../audit/audit.repository.js';
import { displayLabel } from '../authorities/authority.repository.js';
import { pickLang, VISIBILITIES, type LangValue } from '../common/values.schemas.js';
import {
  LINK_FIELDS,
  type MuseumObject,
  OBJECT_SORTS,
  type ObjectListQuery,
  type ObjectSummary,
} from './object.schemas.js';

/** The title in the reader's language when there is one, else the first, with its language marked. */
export function TitleOf(props: { titles: LangValue[]; v: View }) {
  const t = pickLang(props.titles, [props.v.locale.lang]);
  return t ? <Text value={t.value} lang={t.lang} /> : <span>—</span>;
}

export function ObjectList(props: {
  v: View;
  base: string;
  q: ObjectListQuery;
  items: ObjectSummary[];
  total: number;
  canCreate: boolean;
  exportBase?: string;
}) {
  const { v, q } = props;
  const { t } = v;
  const page = Math.floor(q.offset / q.limit) + 1;
  const pages = Math.max(1, Math.ceil(props.total / q.limit));
  const link = (offset: number) => {
    const p = new URLSearchParams(
      Object.entries({ ...q, offset: String(offset) })
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, String(x)]),
    );
    return `${props.base}?${p}`;
  };
  return (
    <>
      {props.canCreate ? (
        <p>
          <a class="button" href={`${props.base}/new`}>
            {t('objects.new')}
          </a>
        </p>
      ) : null}
      <search>
        <form method="get" action={props.base} class="filters">
          <div>
            <label for="q">{t('objects.search')}</label>
            <input id="q" name="q" type="search" value={q.q ?? ''} dir="auto" />
          </div>
          <div>
            <label for="f-visibility">{t('objects.visibility')}</label>
            <select id="f-visibility" name="visibility">
              <option value="">{t('objects.anyVisibility')}</option>
              {VISIBILITIES.map((x) => (
                <option value={x} selected={q.visibility === x}>
                  {t(`visibility.${x}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="sort">{t('objects.sort')}</label>
            <select id="sort" name="sort">
              {OBJECT_SORTS.map((x) => (
                <option value={x} selected={q.sort === x}>
                  {t(`objects.sort.${x}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="order">{t('objects.order')}</label>
            <select id="order" name="order">
              {(['asc', 'desc'] as const).map((x) => (
                <option value={x} selected={q.order === x}>
                  {t(`objects.order.${x}`)}
                </option>
              ))}
            </select>
          </div>
          <label>
            <input type="checkbox" name="review" value="1" checked={q.review === '1'} />{' '}
            {t('objects.needsReview')}
          </label>
          <button type="submit">{t('action.filter')}</button>
        </form>
      </search>
      <p role="status">{t('objects.count', { count: props.total })}</p>
      {props.exportBase ? (
        <DownloadLinks
          v={v}
          label="objects.export"
          href={(format) => `${props.exportBase}?format=${format}&sort=accession`}
        />
      ) : null}
      {props.items.length === 0 ? (
        <p>{t('objects.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('objects.accessionNumber')}</th>
              <th scope="col">{t('objects.titles')}</th>
              <th scope="col">{t('objects.dates')}</th>
              <th scope="col">{t('objects.visibility')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((o) => (
              <tr>
                <td>
                  <a href={`${props.base}/${o.id}`} dir="ltr">
                    {o.accessionNumber}
                  </a>
                </td>
                <td>
                  <TitleOf titles={o.titles} v={v} />
                </td>
                <td>
                  {o.dates.map((d) => (
                    <div>
                      <bdi>{d}</bdi>
                    </div>
                  ))}
                  {o.dateReview ? <span class="badge warn">{t('date.review')}</span> : null}
                </td>
                <td>
                  <span class="badge">{t(`visibility.${o.visibility}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={t('objects.page', { page, pages })}>
        {q.offset > 0 ? (
          <a href={link(Math.max(0, q.offset - q.limit))} rel="prev">
            {t('action.previous')}
          </a>
        ) : (
          <span />
        )}
        <span>
          {t('objects.page', { page: formatNumber(v.locale, page), pages: formatNumber(v.locale, pages) })}
        </span>
        {q.offset + q.limit < props.total ? (
          <a href={link(q.offset + q.limit)} rel="next">
            {t('action.next')}
          </a>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}

function Values(props: { values: LangValue[] }) {
  if (!props.values.length) return <>—</>;
  return (
    <>
      {props.values.map((x) => (
        <p lang={x.lang} dir="auto">
          {x.value}
        </p>
      ))}
    </>
  );
}

export function ObjectDetail(props: {
  v: View;
  base: string;
  o: MuseumObject;
  canEdit: boolean;
  canDelete: boolean;
}) {
  const { v, o } = props;
  const { t } = v;
  const row = (label: string, body: unknown) => (
    <>
      <dt>{label}</dt>
      <dd>{body}</dd>
    </>
  );
  return (
    <>
      <div class="actions">
        {props.canEdit ? (
          <a class="button" href={`${props.base}/${o.id}/edit`}>
            {t('action.edit')}
          </a>
        ) : null}
        <a href={`${props.base}/${o.id}/history`}>{t('action.history')}</a>
      </div>
      <dl class="grid">
        {row(t('objects.accessionNumber'), <bdi>{o.accessionNumber}</bdi>)}
        {row(t('objects.visibility'), t(`visibility.${o.visibility}`))}
        {row(t('objects.titles'), <Values values={o.titles} />)}
        {row(
          t('objects.dates'),
          o.dates.length
            ? o.dates.map((d) => {
                const f = formatObjectDate(v.locale, t, d);
                return (
                  <p>
                    <bdi>{f.original}</bdi>
                    {f.equivalent ? (
                      <>
                        {' '}
                        <span class="equiv">({f.equivalent})</span>
                      </>
                    ) : null}
                    {d.status === 'review' ? (
                      <>
                        {' '}
                        <span class="badge warn">{t('date.review')}</span>
                      </>
                    ) : null}
                  </p>
                );
              })
            : '—',
        )}
        {LINK_FIELDS.filter((f) => o[f].length).map((f) =>
          row(
            t(`objects.${f}` as MessageKey),
            o[f].map((l) => (
              <p>
                <bdi>{displayLabel(l, [v.locale.lang, 'en'])}</bdi>
                {l.qualifier ? <span class="equiv"> ({l.qualifier})</span> : null}
              </p>
            )),
          ),
        )}
        {o.dimensions.length
          ? row(
              t('objects.dimensions'),
              o.dimensions.map((d) => (
                <p>
                  {t(`dim.${d.type}`)}:{' '}
                  <bdi>
                    {formatNumber(v.locale, d.value)} {d.unit}
                  </bdi>
                  {d.part ? ` (${d.part})` : ''}
                </p>
              )),
            )
          : null}
        {o.inscriptions.length
          ? row(
              t('objects.inscriptions'),
              o.inscriptions.map((i) => (
                <div>
                  <p lang={i.lang} dir="auto">
                    {i.text}
                  </p>
                  {i.transliteration ? (
                    <p lang={`${i.lang ?? 'ar'}-Latn`} dir="ltr">
                      <i>{i.transliteration}</i>
                    </p>
                  ) : null}
                  {(i.translations ?? []).map((x) => (
                    <p lang={x.lang} dir="auto">
                      {x.value}
                    </p>
                  ))}
                  {i.position ? <p class="equiv">{i.position}</p> : null}
                </div>
              )),
            )
          : null}
        {o.descriptions.length ? row(t('objects.descriptions'), <Values values={o.descriptions} />) : null}
        {o.provenance.length ? row(t('objects.provenance'), <Values values={o.provenance} />) : null}
        {o.creditLine.length ? row(t('objects.creditLine'), <Values values={o.creditLine} />) : null}
        {o.keywords.length
          ? row(
              t('objects.keywords'),
              o.keywords.map((k) => (
                <span class="badge" lang={k.lang}>
                  {k.value}
                </span>
              )),
            )
          : null}
        {o.otherNumbers.length
          ? row(
              t('objects.otherNumbers'),
              o.otherNumbers.map((n) => (
                <p>
                  {n.type}: <bdi>{n.value}</bdi>
                </p>
              )),
            )
          : null}
        {row(
          t('objects.rights'),
          o.rights ? (
            <a href={o.rights} dir="ltr">
              {o.rights}
            </a>
          ) : (
            t('rights.none')
          ),
        )}
        {row(
          t('objects.updatedAt'),
          `${formatTimestamp(v.locale, o.updatedAt)} · ${t('objects.version', { version: o.version })}`,
        )}
      </dl>
      {props.canDelete ? (
        <form method="post" action={`${props.base}/${o.id}/delete`} class="actions">
          <Csrf v={v} />
          <button type="submit" class="danger">
            {t('action.confirmDelete')}
          </button>
        </form>
      ) : null}
    </>
  );
}

const show = (x: unknown) =>
  x === null || x === undefined ? '—' : typeof x === 'string' ? x : JSON.stringify(x);

export function HistoryTable(props: { v: View; events: AuditEvent[] }) {
  const { t } = props.v;
  if (!props.events.length) return <p>{t('history.empty')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('history.when')}</th>
          <th scope="col">{t('history.who')}</th>
          <th scope="col">{t('history.field')}</th>
          <th scope="col">{t('history.before')}</th>
          <th scope="col">{t('history.after')}</th>
        </tr>
      </thead>
      <tbody>
        {props.events.flatMap((e) =>
          Object.entries(e.changes).map(([field, [before, after]], i) => (
            <tr>
              <td>
                {i === 0 ? (
                  <>
                    {formatTimestamp(props.v.locale, e.at)}{' '}
                    <span class="badge">{t(`history.action.${e.action}`)}</span>
                  </>
                ) : null}
              </td>
              <td>{i === 0 ? <bdi>{e.actorLabel}</bdi> : null}</td>
              <td>
                <code>{field}</code>
              </td>
              <td dir="auto">{show(before)}</td>
              <td dir="auto">{show(after)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
