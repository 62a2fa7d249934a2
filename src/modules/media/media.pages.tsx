import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { str } from '../../http/forms.js';
import { formatNumber } from '../../http/i18n/format.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { idOf, museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import { CONTENT_LANGS, pickLang, RIGHTS } from '../common/values.schemas.js';
import { DIGITIZATION_STATUSES } from './media.schemas.js';

/** An object's images: thumbnails, captions, rights and credit, the main image, digitization status, and the uploader. */
export function mediaPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/m/:museum/objects/:id/images', async (c) => {
    const { actor, museum } = await museumOf(c);
    const s = c.get('services');
    const o = await s.objects.get(actor, museum.id, idOf(c));
    const images = await s.media.ofObject(actor, museum.id, o.id);
    const v = viewOf(c);
    const { t } = v;
    const api = `/api/v1/museums/${museum.slug}`;
    const editable = can(actor, 'create', 'media', museum.id);
    return page(
      c,
      t('media.title', { accession: o.accessionNumber }),
      <>
        {images.length ? (
          images.map((m) => (
            <section class="card">
              <div class="row">
                {m.derivatives?.thumb ? (
                  <img
                    src={`${api}/media/${m.id}/thumb`}
                    width={m.derivatives.thumb.width}
                    height={m.derivatives.thumb.height}
                    alt={pickLang(m.captions, [v.locale.lang])?.value ?? o.accessionNumber}
                  />
                ) : null}
                <div>
                  <p>
                    {m.isMain ? <span class="badge">{t('media.main')}</span> : null}{' '}
                    <bdi dir="ltr">{m.originalName ?? m.sha256.slice(0, 12)}</bdi> · {m.format} ·{' '}
                    {m.width && m.height ? `${m.width}×${m.height}` : ''} ·{' '}
                    {formatNumber(v.locale, Math.round(m.size / 1024))} KB
                  </p>
                  <p class="hint" dir="ltr">
                    SHA-256 {m.sha256}
                  </p>
                  <p>
                    <a href={`${api}/media/${m.id}/original`}>{t('media.original')}</a>
                  </p>
                </div>
              </div>
              {editable ? (
                <form method="post" action={`/staff/m/${museum.slug}/media/${m.id}`}>
                  <Csrf v={v} />
                  <div class="row">
                    <div>
                      <label for={`l-${m.id}`}>{t('objects.lang')}</label>
                      <select id={`l-${m.id}`} name="lang">
                        {CONTENT_LANGS.map((l) => (
                          <option
                            value={l.tag}
                            selected={l.tag === (m.captions[0]?.lang ?? museum.defaultLanguage)}
                          >
                            {l.name}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div>
                      <label for={`c-${m.id}`}>{t('media.caption')}</label>
                      <input id={`c-${m.id}`} name="caption" dir="auto" value={m.captions[0]?.value ?? ''} />
                    </div>
                    <div>
                      <label for={`r-${m.id}`}>{t('media.rights')}</label>
                      <select id={`r-${m.id}`} name="rights">
                        <option value="" />
                        {RIGHTS.map((x) => (
                          <option value={x} selected={x === m.rights}>
                            {x}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div>
                      <label for={`k-${m.id}`}>{t('media.credit')}</label>
                      <input id={`k-${m.id}`} name="credit" dir="auto" value={m.credit ?? ''} />
                    </div>
                    <label>
                      <input type="checkbox" name="main" value="1" checked={m.isMain} /> {t('media.main')}
                    </label>
                    <button type="submit">{t('media.save')}</button>
                  </div>
                </form>
              ) : null}
            </section>
          ))
        ) : (
          <p>{t('media.none')}</p>
        )}
        {editable ? (
          <>
            <form method="post" action={`/staff/m/${museum.slug}/objects/${o.id}/digitization`} class="row">
              <Csrf v={v} />
              <div>
                <label for="status">{t('media.digitization')}</label>
                <select id="status" name="status">
                  {DIGITIZATION_STATUSES.map((x) => (
                    <option value={x}>{t(`digitization.${x}`)}</option>
                  ))}
                </select>
              </div>
              <button type="submit">{t('media.save')}</button>
            </form>
            <form data-uploader data-url={`${api}/objects/${o.id}/media`} data-csrf={v.csrf}>
              <h2>{t('media.upload')}</h2>
              <div data-drop class="card">
                <label for="files">{t('media.drop')}</label>
                <input
                  id="files"
                  type="file"
                  multiple
                  accept="image/jpeg,image/png,image/tiff,image/webp,image/jp2,application/pdf,audio/*,video/*"
                />
              </div>
              <ol />
              <noscript>
                <p>{t('media.noScript')}</p>
              </noscript>
            </form>
            <script src="/static/uploader.js" defer />
            <p>
              <a href={`/staff/m/${museum.slug}/media/batch`}>{t('batch.link')}</a>
            </p>
          </>
        ) : null}
      </>,
      { museum, crumbs: [{ href: `/staff/m/${museum.slug}/objects/${o.id}`, label: o.accessionNumber }] },
    );
  });
  r.post('/staff/m/:museum/media/:id', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    const caption = str(f.caption);
    const m = await c.get('services').media.update(actor, museum.id, idOf(c), {
      captions: caption ? [{ lang: str(f.lang) ?? museum.defaultLanguage, value: caption }] : [],
      rights: str(f.rights) ?? null,
      credit: str(f.credit) ?? null,
      ...(f.main === '1' ? { main: true } : {}),
    });
    return c.redirect(`/staff/m/${museum.slug}/objects/${m.objectId}/images`, 303);
  });
  r.post('/staff/m/:museum/objects/:id/digitization', async (c) => {
    const { actor, museum } = await museumOf(c);
    const f = await c.req.parseBody();
    await c.get('services').media.setDigitization(actor, museum.id, idOf(c), { status: f.status });
    return c.redirect(`/staff/m/${museum.slug}/objects/${idOf(c)}/images`, 303);
  });
  return r;
}
