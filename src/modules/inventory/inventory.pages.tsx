import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { lines, str } from '../../http/forms.js';
import { formatTimestamp } from '../../http/i18n/format.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { locName } from '../locations/location.views.js';
import { ITEM_STATUSES } from './inventory.schemas.js';

/** Inventory campaigns: start one, check objects off as they are found, close it with its discrepancy report. */
export function inventoryPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/inventories', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const [list, tree] = [await s.inventory.list(actor, museum.id), await s.locations.tree(actor, museum.id)];
    const v = viewOf(c);
    const { t } = v;
    return page(
      c,
      t('inventory.title'),
      <>
        {list.length ? (
          <ul>
            {list.map((i) => (
              <li>
                <a href={`/staff/m/${museum.slug}/inventories/${i.id}`}>
                  <bdi>{i.title}</bdi>
                </a>{' '}
                · {t(i.status === 'open' ? 'inventoryStatus.open' : 'inventoryStatus.closed')} ·{' '}
                {formatTimestamp(v.locale, i.startedAt)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('inventory.none')}</p>
        )}
        {can(actor, 'create', 'inventory', museum.id) ? (
          <form method="post" action={`/staff/m/${museum.slug}/inventories`}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('inventory.start')}</legend>
              <label for="title">{t('inventory.name')}</label>
              <input id="title" name="title" dir="auto" required />
              <label for="locationId">{t('inventory.location')}</label>
              <select id="locationId" name="locationId">
                <option value="" />
                {tree.map((n) => (
                  <option value={n.id}>
                    {'— '.repeat(n.depth)}
                    {n.code} {locName(v, n)}
                  </option>
                ))}
              </select>
              <label for="accessions">{t('inventory.list')}</label>
              <textarea id="accessions" name="accessions" dir="ltr" />
              <div class="actions">
                <button type="submit">{t('inventory.start')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
      </>,
      { museum },
    );
  });
  r.post('/staff/m/:museum/inventories', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    const list = lines(f.accessions);
    const inv = await c.get('services').inventory.start(actor, museum.id, {
      title: f.title,
      ...(str(f.locationId) ? { locationId: str(f.locationId) } : {}),
      ...(list.length ? { accessionNumbers: list } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/inventories/${inv.id}`, 303);
  });
  r.get('/staff/m/:museum/inventories/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const [inv, tree] = [
      await s.inventory.get(actor, museum.id, idOf(c)),
      await s.locations.tree(actor, museum.id),
    ];
    const v = viewOf(c);
    const { t } = v;
    const base = `/staff/m/${museum.slug}/inventories/${inv.id}`;
    return page(
      c,
      inv.title,
      <>
        <p>
          {ITEM_STATUSES.map((st) => (
            <>
              <span class="badge">
                {t(`item.${st}`)}: {inv.counts[st]}
              </span>{' '}
            </>
          ))}
        </p>
        {inv.status === 'open' && can(actor, 'update', 'inventory', museum.id) ? (
          <form method="post" action={`${base}/checks`}>
            <Csrf v={v} />
            <fieldset>
              <legend>{t('inventory.check')}</legend>
              <div class="row">
                <div>
                  <label for="accessionNumber">{t('objects.accessionNumber')}</label>
                  <input id="accessionNumber" name="accessionNumber" dir="ltr" required autofocus />
                </div>
                <div>
                  <label for="foundAt">{t('inventory.foundAt')}</label>
                  <select id="foundAt" name="foundAt">
                    {tree.map((n) => (
                      <option value={n.id} selected={n.id === c.req.query('at')}>
                        {n.code} {locName(v, n)}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit">{t('inventory.check')}</button>
              </div>
            </fieldset>
          </form>
        ) : null}
        <h2>{t('inventory.report')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('objects.accessionNumber')}</th>
              <th scope="col">{t('entries.status')}</th>
              <th scope="col">{t('inventory.expected')}</th>
              <th scope="col">{t('inventory.found')}</th>
            </tr>
          </thead>
          <tbody>
            {inv.items.map((i) => (
              <tr>
                <td dir="ltr">{i.accessionNumber}</td>
                <td>{t(`item.${i.status}`)}</td>
                <td>
                  <bdi>{i.expectedCode ?? '—'}</bdi>
                </td>
                <td>
                  <bdi>{i.foundCode ?? '—'}</bdi>
                  {i.note ? (
                    <>
                      {' '}
                      — <span dir="auto">{i.note}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {inv.status === 'open' && can(actor, 'approve', 'inventory', museum.id) ? (
          <form method="post" action={`${base}/close`}>
            <Csrf v={v} />
            <label>
              <input type="checkbox" name="confirmLocations" value="1" checked /> {t('inventory.confirm')}
            </label>
            <div class="actions">
              <button type="submit">{t('inventory.close')}</button>
            </div>
          </form>
        ) : null}
      </>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/inventories`, label: t('inventory.title') }] },
    );
  });
  r.post('/staff/m/:museum/inventories/:id/checks', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c
      .get('services')
      .inventory.check(actor, museum.id, idOf(c), { accessionNumber: f.accessionNumber, foundAt: f.foundAt });
    return c.redirect(
      `/staff/m/${museum.slug}/inventories/${idOf(c)}?at=${encodeURIComponent(String(f.foundAt))}`,
      303,
    );
  });
  r.post('/staff/m/:museum/inventories/:id/close', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c
      .get('services')
      .inventory.close(actor, museum.id, idOf(c), { confirmLocations: f.confirmLocations === '1' });
    return c.redirect(`/staff/m/${museum.slug}/inventories/${idOf(c)}`, 303);
  });
  return r;
}
