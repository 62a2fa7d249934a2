import type { Child } from 'hono/jsx';
import type { MessageKey } from '../../http/i18n/locale.js';
import { formatTimestamp } from '../../http/i18n/format.js';
import { Csrf } from '../../http/layout.js';
import type { View } from '../../http/view.js';
import { CONTENT_LANGS } from '../common/values.schemas.js';
import { TitleOf } from '../objects/object.views.js';
import {
  ACQUISITION_METHODS,
  type Acquisition,
  ENTRY_REASONS,
  type Entry,
  type RegisterLine,
} from './acquisition.schemas.js';

const today = () => new Date().toISOString().slice(0, 10);

export function EntryList(props: { v: View; base: string; entries: Entry[] }) {
  const { t } = props.v;
  if (!props.entries.length) return <p>{t('entries.empty')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('entries.number')}</th>
          <th scope="col">{t('entries.enteredOn')}</th>
          <th scope="col">{t('entries.depositor')}</th>
          <th scope="col">{t('entries.reason')}</th>
          <th scope="col">{t('entries.objects')}</th>
          <th scope="col">{t('entries.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr>
            <td>
              <a href={`${props.base}/entries/${e.id}`} dir="ltr">
                {e.number}
              </a>
            </td>
            <td dir="ltr">{e.enteredOn}</td>
            <td>
              <bdi>{e.depositorName ?? '—'}</bdi>
            </td>
            <td>{t(`entryReason.${e.reason}`)}</td>
            <td>{e.objects.length}</td>
            <td>
              <span class="badge">{t(`entryStatus.${e.status}`)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ObjectsTable(props: {
  v: View;
  base: string;
  objects: {
    id: string;
    accessionNumber: string;
    titles: { lang: string; value: string }[];
    collectionStatus?: string;
  }[];
}) {
  const { v } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('objects.accessionNumber')}</th>
          <th scope="col">{v.t('objects.titles')}</th>
          <th scope="col">{v.t('entries.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.objects.map((o) => (
          <tr>
            <td>
              <a href={`${props.base}/objects/${o.id}`} dir="ltr">
                {o.accessionNumber}
              </a>
            </td>
            <td>
              <TitleOf titles={o.titles} v={v} />
            </td>
            <td>{o.collectionStatus ? v.t(`status.${o.collectionStatus}` as MessageKey) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Field(props: { id: string; label: string; children: Child }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

export function EntryForm(props: {
  v: View;
  action: string;
  values: Record<string, unknown>;
  defaultLang: string;
}) {
  const { v } = props;
  const { t } = v;
  const val = (k: string) => String(props.values[k] ?? '');
  return (
    <form method="post" action={props.action}>
      <Csrf v={v} />
      <div class="row">
        <Field id="enteredOn" label={t('entries.enteredOn')}>
          <input id="enteredOn" name="enteredOn" type="date" required value={val('enteredOn') || today()} />
        </Field>
        <Field id="reason" label={t('entries.reason')}>
          <select id="reason" name="reason">
            {ENTRY_REASONS.map((r) => (
              <option value={r} selected={val('reason') === r}>
                {t(`entryReason.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="returnBy" label={t('entries.returnBy')}>
          <input id="returnBy" name="returnBy" type="date" value={val('returnBy')} />
        </Field>
      </div>
      <Field id="depositorName" label={t('entries.depositor')}>
        <input id="depositorName" name="depositorName" dir="auto" required value={val('depositorName')} />
      </Field>
      <Field id="depositorContact" label={t('entries.contact')}>
        <textarea id="depositorContact" name="depositorContact" dir="auto">
          {val('depositorContact')}
        </textarea>
      </Field>
      <fieldset>
        <legend>{t('entries.objects')}</legend>
        {[0, 1, 2, 3, 4].map((i) => (
          <div class="row">
            <Field id={`o-${i}-lang`} label={t('objects.lang')}>
              <select id={`o-${i}-lang`} name={`objects[${i}][lang]`}>
                {CONTENT_LANGS.map((l) => (
                  <option value={l.tag} selected={l.tag === props.defaultLang}>
                    {l.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`o-${i}-title`} label={t('objects.titles')}>
              <input id={`o-${i}-title`} name={`objects[${i}][title]`} dir="auto" />
            </Field>
          </div>
        ))}
      </fieldset>
      <Field id="note" label={t('entries.note')}>
        <textarea id="note" name="note" dir="auto">
          {val('note')}
        </textarea>
      </Field>
      <div class="actions">
        <button type="submit">{t('action.save')}</button>
      </div>
    </form>
  );
}

/** The receipt given to a depositor: printable on A4, in the reader's language and direction. */
export function Receipt(props: { v: View; museumName: string; e: Entry }) {
  const { v, e } = props;
  const { t } = v;
  return (
    <article class="document">
      <p>
        <strong>{props.museumName}</strong>
      </p>
      <p>{t('entries.receiptText')}</p>
      <dl class="grid">
        <dt>{t('entries.number')}</dt>
        <dd dir="ltr">{e.number}</dd>
        <dt>{t('entries.enteredOn')}</dt>
        <dd dir="ltr">{e.enteredOn}</dd>
        <dt>{t('entries.depositor')}</dt>
        <dd>
          <bdi>{e.depositorName ?? '—'}</bdi>
        </dd>
        <dt>{t('entries.reason')}</dt>
        <dd>{t(`entryReason.${e.reason}`)}</dd>
        {e.returnBy ? (
          <>
            <dt>{t('entries.returnBy')}</dt>
            <dd dir="ltr">{e.returnBy}</dd>
          </>
        ) : null}
      </dl>
      <ObjectsTable v={v} base="" objects={e.objects.map(({ collectionStatus: _s, ...o }) => o)} />
      <div class="signatures">
        <p>{t('entries.signMuseum')}</p>
        <p>{t('entries.signDepositor')}</p>
      </div>
    </article>
  );
}

export function AcquisitionForm(props: {
  v: View;
  action: string;
  candidates: { id: string; accessionNumber: string; titles: { lang: string; value: string }[] }[];
  chosen: Set<string>;
  defaultLang: string;
}) {
  const { v } = props;
  const { t } = v;
  if (!props.candidates.length) return <p>{t('acquisitions.none')}</p>;
  return (
    <form method="post" action={props.action}>
      <Csrf v={v} />
      <fieldset>
        <legend>{t('acquisitions.objects')}</legend>
        {props.candidates.map((o) => (
          <label>
            <input type="checkbox" name="objectIds" value={o.id} checked={props.chosen.has(o.id)} />{' '}
            <bdi dir="ltr">{o.accessionNumber}</bdi> — <TitleOf titles={o.titles} v={v} />
          </label>
        ))}
      </fieldset>
      <div class="row">
        <Field id="method" label={t('acquisitions.method')}>
          <select id="method" name="method">
            {ACQUISITION_METHODS.map((x) => (
              <option value={x}>{t(`method.${x}`)}</option>
            ))}
          </select>
        </Field>
        <Field id="acquiredOn" label={t('acquisitions.acquiredOn')}>
          <input id="acquiredOn" name="acquiredOn" type="date" required value={today()} />
        </Field>
      </div>
      <Field id="sourceName" label={t('acquisitions.source')}>
        <input id="sourceName" name="sourceName" dir="auto" required />
      </Field>
      <fieldset>
        <legend>{t('acquisitions.decision')}</legend>
        <div class="row">
          <Field id="decisionBody" label={t('acquisitions.decisionBody')}>
            <input id="decisionBody" name="decision[body]" dir="auto" required />
          </Field>
          <Field id="decisionDate" label={t('acquisitions.decisionDate')}>
            <input id="decisionDate" name="decision[date]" type="date" />
          </Field>
          <Field id="decisionReference" label={t('acquisitions.decisionReference')}>
            <input id="decisionReference" name="decision[reference]" dir="auto" />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('acquisitions.documents')}</legend>
        {[0, 1].map((i) => (
          <div class="row">
            <Field id={`d-${i}-title`} label={t('acquisitions.documentTitle')}>
              <input id={`d-${i}-title`} name={`documents[${i}][title]`} dir="auto" />
            </Field>
            <Field id={`d-${i}-ref`} label={t('acquisitions.decisionReference')}>
              <input id={`d-${i}-ref`} name={`documents[${i}][reference]`} dir="auto" />
            </Field>
          </div>
        ))}
      </fieldset>
      <div class="row">
        <Field id="credit-lang" label={t('objects.lang')}>
          <select id="credit-lang" name="creditLine[0][lang]">
            {CONTENT_LANGS.map((l) => (
              <option value={l.tag} selected={l.tag === props.defaultLang}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="credit-value" label={t('objects.creditLine')}>
          <input id="credit-value" name="creditLine[0][value]" dir="auto" />
        </Field>
      </div>
      <div class="actions">
        <button type="submit">{t('acquisitions.new')}</button>
      </div>
    </form>
  );
}

export function AcquisitionDetail(props: { v: View; base: string; a: Acquisition }) {
  const { v, a } = props;
  const { t } = v;
  return (
    <>
      <dl class="grid">
        <dt>{t('acquisitions.method')}</dt>
        <dd>{t(`method.${a.method}`)}</dd>
        <dt>{t('acquisitions.acquiredOn')}</dt>
        <dd dir="ltr">{a.acquiredOn}</dd>
        <dt>{t('acquisitions.source')}</dt>
        <dd>
          <bdi>{a.sourceName ?? '—'}</bdi>
        </dd>
        <dt>{t('acquisitions.decision')}</dt>
        <dd>
          <bdi>{a.decision.body}</bdi>
          {a.decision.date ? ` · ${a.decision.date}` : ''}
          {a.decision.reference ? ` · ${a.decision.reference}` : ''}
        </dd>
        {a.documents.length ? (
          <>
            <dt>{t('acquisitions.documents')}</dt>
            <dd>
              {a.documents.map((d) => (
                <p>
                  <bdi>{d.title}</bdi>
                  {d.reference ? ` (${d.reference})` : ''}
                </p>
              ))}
            </dd>
          </>
        ) : null}
        {a.creditLine.length ? (
          <>
            <dt>{t('objects.creditLine')}</dt>
            <dd>
              {a.creditLine.map((c) => (
                <p lang={c.lang} dir="auto">
                  {c.value}
                </p>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('acquisitions.assigned')}</h2>
      <ObjectsTable
        v={v}
        base={props.base}
        objects={a.items.map((i) => ({
          id: i.objectId,
          accessionNumber: i.accessionNumber,
          titles: i.titles,
        }))}
      />
    </>
  );
}

export function RegisterTable(props: { v: View; base: string; lines: RegisterLine[] }) {
  const { v } = props;
  const { t } = v;
  if (!props.lines.length) return <p>{t('register.empty')}</p>;
  return (
    <table class="register">
      <thead>
        <tr>
          <th scope="col">{t('objects.accessionNumber')}</th>
          <th scope="col">{t('objects.titles')}</th>
          <th scope="col">{t('acquisitions.acquiredOn')}</th>
          <th scope="col">{t('acquisitions.method')}</th>
          <th scope="col">{t('acquisitions.source')}</th>
          <th scope="col">{t('register.date')}</th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((l) => (
          <tr>
            <td>
              <a href={`${props.base}/objects/${l.objectId}`} dir="ltr">
                {l.accessionNumber}
              </a>
            </td>
            <td>
              <TitleOf titles={l.titles} v={v} />
            </td>
            <td dir="ltr">{l.acquiredOn}</td>
            <td>{t(`method.${l.method}` as MessageKey)}</td>
            <td>
              <bdi>{l.source ?? '—'}</bdi>
            </td>
            <td>{l.accessionedAt ? formatTimestamp(v.locale, l.accessionedAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
