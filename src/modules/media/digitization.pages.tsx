import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatNumber } from '../../http/i18n/format.js';
import { page } from '../../http/page.js';
import { museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { forbidden } from '../../errors.js';
import { can } from '../access/policy.js';
import { displayLabel } from '../authorities/authority.repository.js';
import { DIGITIZATION_STATUSES } from './media.schemas.js';

/** The museum's digitization campaign (counts per status and per photographer, each a list), and the batch uploader. */
export function digitizationPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/digitization', async (c) => {
    const { actor, museum } = await museumOf(c);
    const report = await c.get('services').media.digitizationReport(actor, museum.id);
    const v = viewOf(c);
    const { t } = v;
    const list = (q: Record<string, string>) => `/staff/m/${museum.slug}/objects?${new URLSearchParams(q)}`;
    return page(
      c,
      t('digitization.title'),
      <>
        {can(actor, 'create', 'media', museum.id) ? (
          <p>
            <a class="button" href={`/staff/m/${museum.slug}/media/batch`}>
              {t('batch.link')}
            </a>
          </p>
        ) : null}
        <h2>{t('digitization.byStatus')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('digitization.status')}</th>
              <th scope="col">{t('digitization.count')}</th>
            </tr>
          </thead>
          <tbody>
            {DIGITIZATION_STATUSES.map((st) => (
              <tr>
                <td>
                  <a href={list({ digitization: st })}>{t(`digitization.${st}`)}</a>
                </td>
                <td>{formatNumber(v.locale, report.byStatus[st] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('digitization.byCollection')}</h2>
        {report.byCollection.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('objects.collections')}</th>
                {DIGITIZATION_STATUSES.map((st) => (
                  <th scope="col">{t(`digitization.${st}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.byCollection.map((col) => (
                <tr>
                  <th scope="row">
                    <bdi>{displayLabel(col, [v.locale.lang, museum.defaultLanguage, 'en'])}</bdi>
                  </th>
                  {DIGITIZATION_STATUSES.map((st) => (
                    <td>
                      {col.byStatus[st] ? (
                        <a href={list({ authority: col.id, digitization: st })}>
                          {formatNumber(v.locale, col.byStatus[st]!)}
                        </a>
                      ) : (
                        formatNumber(v.locale, 0)
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('digitization.noCollections')}</p>
        )}
        <h2>{t('digitization.byPerson')}</h2>
        {report.byPerson.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('digitization.person')}</th>
                <th scope="col">{t('digitization.status')}</th>
                <th scope="col">{t('digitization.count')}</th>
              </tr>
            </thead>
            <tbody>
              {report.byPerson.map((p) => (
                <tr>
                  <td>
                    <bdi>{p.by}</bdi>
                  </td>
                  <td>
                    <a href={list({ digitization: p.status, digitizedBy: p.by ?? '' })}>
                      {t(`digitization.${p.status}` as 'digitization.photographed')}
                    </a>
                  </td>
                  <td>{formatNumber(v.locale, p.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>—</p>
        )}
      </>,
      { museum },
    );
  });

  r.get('/staff/m/:museum/media/batch', async (c) => {
    const { actor, museum } = await museumOf(c);
    const v = viewOf(c);
    const { t } = v;
    if (!can(actor, 'create', 'media', museum.id)) throw forbidden();
    const text = Object.fromEntries(
      (
        [
          'batch.file',
          'batch.object',
          'batch.noMatch',
          'batch.save',
          'batch.drop',
          'batch.saved',
          'batch.duplicate',
          'batch.sending',
        ] as const
      ).map((k) => [k.slice(6), t(k)]),
    );
    return page(
      c,
      t('batch.title'),
      <div
        data-batch
        data-api={`/api/v1/museums/${museum.slug}`}
        data-objects={`/staff/m/${museum.slug}/objects`}
        data-csrf={v.csrf}
        data-text={JSON.stringify(text)}
      >
        <p>{t('batch.help')}</p>
        <div class="row">
          <div class="card">
            <label for="zip">{t('batch.zip')}</label>
            <input id="zip" type="file" accept=".zip,application/zip" />
          </div>
          <div class="card">
            <label for="folder">{t('batch.folder')}</label>
            <input id="folder" type="file" multiple {...{ webkitdirectory: '' }} />
          </div>
        </div>
        <p role="status" aria-live="polite" data-status />
        <table data-preview hidden>
          <thead>
            <tr>
              <th scope="col">{t('batch.file')}</th>
              <th scope="col">{t('batch.object')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody />
        </table>
        <div class="actions" data-actions hidden>
          <button type="button" data-save>
            {t('batch.save')}
          </button>
          <button type="button" data-drop class="secondary">
            {t('batch.drop')}
          </button>
        </div>
        <noscript>
          <p>{t('batch.noScript')}</p>
        </noscript>
        <script src="/static/batch.js" defer />
      </div>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/digitization`, label: t('digitization.title') }] },
    );
  });
  return r;
}
