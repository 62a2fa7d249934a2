import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { museumName, page } from '../../http/page.js';
import { museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';

/**
 * The registrar's desk: what waits on someone — loans due back, open inventories, entries awaiting a decision, objects with no
 * location, deaccession proposals awaiting approval, open incidents, lost objects.
 */
export function dashboardPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/desk', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const openInventories = await s.inventory.openCount(actor, museum.id);
    const [loans, entries, unlocated, proposals, incidents, lost] = [
      await s.loans.dueSoon(actor, museum.id),
      await s.acquisitions.listEntries(actor, museum.id, 'open'),
      await s.locations.unlocated(actor, museum.id),
      await s.disposal.list(actor, museum.id, 'proposed'),
      await s.disposal.openIncidents(actor, museum.id),
      await s.objects.list(actor, museum.id, { status: 'lost', limit: '20' }),
    ];
    const v = viewOf(c);
    const { t } = v;
    const base = `/staff/m/${museum.slug}`;
    const section = (title: string, count: number, body: unknown) => (
      <section class="card">
        <h2>
          {title} <span class="badge">{count}</span>
        </h2>
        {body}
      </section>
    );
    return page(
      c,
      `${t('dashboard.title')} — ${museumName(v, museum)}`,
      <>
        {section(
          t('loans.dueSoon'),
          loans.length,
          <ul>
            {loans.map((l) => (
              <li>
                <a href={`${base}/loans/${l.id}`} dir="ltr">
                  {l.number}
                </a>{' '}
                · <span dir="auto">{l.title}</span> · <span dir="ltr">{l.endsOn}</span>
              </li>
            ))}
          </ul>,
        )}
        {section(
          t('inventory.open'),
          openInventories,
          <p>
            <a href={`${base}/inventories`}>{t('inventory.title')}</a>
          </p>,
        )}
        {section(
          t('dashboard.openEntries'),
          entries.length,
          <ul>
            {entries.slice(0, 20).map((e) => (
              <li>
                <a href={`${base}/entries/${e.id}`} dir="ltr">
                  {e.number}
                </a>{' '}
                · <bdi>{e.depositorName ?? ''}</bdi> · {t(`entryReason.${e.reason}`)}
                {e.returnBy ? (
                  <>
                    {' '}
                    · {t('entries.returnBy')} <span dir="ltr">{e.returnBy}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>,
        )}
        {section(
          t('dashboard.unlocated'),
          unlocated.total,
          <p>
            {unlocated.items.map((o) => (
              <>
                <a href={`${base}/objects/${o.id}/locations`} dir="ltr">
                  {o.accessionNumber}
                </a>{' '}
              </>
            ))}
          </p>,
        )}
        {section(
          t('dashboard.proposals'),
          proposals.length,
          <p>
            <a href={`${base}/deaccessions`}>{t('deaccession.title')}</a>
          </p>,
        )}
        {section(
          t('dashboard.incidents'),
          incidents.length,
          <ul>
            {incidents.slice(0, 20).map((i) => (
              <li>
                <a href={`${base}/objects/${i.objectId}/incidents`}>{t(`incidentKind.${i.kind}`)}</a> ·{' '}
                <span dir="ltr">{i.discoveredOn}</span>
              </li>
            ))}
          </ul>,
        )}
        {section(
          t('dashboard.lost'),
          lost.total,
          <p>
            {lost.items.map((o) => (
              <>
                <a href={`${base}/objects/${o.id}`} dir="ltr">
                  {o.accessionNumber}
                </a>{' '}
              </>
            ))}
          </p>,
        )}
      </>,
      { museum },
    );
  });
  return r;
}
