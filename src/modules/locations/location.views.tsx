import { formatTimestamp } from '../../http/i18n/format.js';
import { Csrf } from '../../http/layout.js';
import { TREE_DEPTHS } from '../../http/styles.js';
import type { View } from '../../http/view.js';
import { pickLang } from '../common/values.schemas.js';
import { TitleOf } from '../objects/object.views.js';
import type { LocationNode } from './location.service.js';
import { type LocatedObject, type Location, MOVE_REASONS, type Movement } from './location.schemas.js';

export const locName = (v: View, l: Pick<Location, 'names' | 'code'>) =>
  pickLang(l.names, [v.locale.lang, 'en'])?.value ?? l.code;

export function Trail(props: { v: View; base: string; trail: Location[] }) {
  return (
    <span>
      {props.trail.map((l, i) => (
        <>
          {i ? ' › ' : ''}
          <a href={`${props.base}/locations/${l.id}`}>
            <bdi>{l.code}</bdi>
          </a>
        </>
      ))}
    </span>
  );
}

export function LocationTree(props: { v: View; base: string; nodes: LocationNode[] }) {
  const { v } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('locations.code')}</th>
          <th scope="col">{v.t('locations.names')}</th>
          <th scope="col">{v.t('locations.kind')}</th>
          <th scope="col">{v.t('nav.objects')}</th>
        </tr>
      </thead>
      <tbody>
        {props.nodes.map((n) => (
          <tr>
            <td class={`depth-${Math.min(n.depth, TREE_DEPTHS - 1)}`}>
              <a href={`${props.base}/locations/${n.id}`}>
                <bdi>{n.code}</bdi>
              </a>
            </td>
            <td dir="auto">{locName(v, n)}</td>
            <td>{v.t(`kind.${n.kind}`)}</td>
            <td>{v.t('locations.count', { here: n.here, total: n.total })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MoveForm(props: {
  v: View;
  action: string;
  locations?: Location[];
  withAccessions: boolean;
}) {
  const { v } = props;
  return (
    <form method="post" action={props.action}>
      <Csrf v={v} />
      {props.locations ? (
        <>
          <label for="to">{v.t('locations.moveTo')}</label>
          <select id="to" name="to" required>
            {props.locations.map((l) => (
              <option value={l.id}>
                {l.code} — {locName(v, l)}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {props.withAccessions ? (
        <>
          <label for="accessions">{v.t('locations.accessions')}</label>
          <textarea id="accessions" name="accessions" dir="ltr" required />
        </>
      ) : null}
      <label for="reason">{v.t('locations.reason')}</label>
      <select id="reason" name="reason">
        {MOVE_REASONS.map((r) => (
          <option value={r}>{v.t(`reason.${r}`)}</option>
        ))}
      </select>
      <label for="note">{v.t('locations.note')}</label>
      <input id="note" name="note" dir="auto" maxlength={2000} />
      <div class="actions">
        <button type="submit">{v.t(props.withAccessions ? 'locations.moveHere' : 'locations.moveTo')}</button>
      </div>
    </form>
  );
}

export function LocatedList(props: { v: View; base: string; items: LocatedObject[] }) {
  const { v } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('objects.accessionNumber')}</th>
          <th scope="col">{v.t('objects.titles')}</th>
          <th scope="col">{v.t('locations.code')}</th>
          <th scope="col">{v.t('locations.when')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((o) => (
          <tr>
            <td>
              <a href={`${props.base}/objects/${o.id}`} dir="ltr">
                {o.accessionNumber}
              </a>
            </td>
            <td>
              <TitleOf titles={o.titles} v={v} />
            </td>
            <td>
              <bdi>{o.locationCode}</bdi>
            </td>
            <td>{formatTimestamp(v.locale, o.movedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MovementTable(props: { v: View; movements: Movement[] }) {
  const { v } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('locations.when')}</th>
          <th scope="col">{v.t('locations.from')}</th>
          <th scope="col">{v.t('locations.to')}</th>
          <th scope="col">{v.t('locations.reason')}</th>
          <th scope="col">{v.t('locations.who')}</th>
        </tr>
      </thead>
      <tbody>
        {props.movements.map((m) => (
          <tr>
            <td>{formatTimestamp(v.locale, m.movedAt)}</td>
            <td>
              <bdi>{m.from?.code ?? '—'}</bdi>
            </td>
            <td>
              <bdi>{m.to.code}</bdi>
            </td>
            <td>
              {v.t(`reason.${m.reason}`)}
              {m.note ? (
                <>
                  {' '}
                  — <span dir="auto">{m.note}</span>
                </>
              ) : null}
            </td>
            <td>
              <bdi>{m.movedBy}</bdi>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
