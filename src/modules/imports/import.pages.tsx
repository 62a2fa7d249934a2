import { type Context, Hono } from 'hono';
import { AppError, isAppError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { nestForm, str } from '../../http/forms.js';
import { Csrf, Notice } from '../../http/layout.js';
import { museumName, page } from '../../http/page.js';
import { museumOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import { can } from '../access/policy.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ImportColumn } from './import.schemas.js';
import { ImportList, MappingForm, ReportView } from './import.views.js';

type Row = Record<string, unknown>;
const base = (m: Museum) => `/staff/m/${m.slug}/imports`;

/** The mapping as the form gives it (the API's shape; validated by the service). */
function mappingFromForm(form: Row) {
  const columns = ((form.columns as Row[] | undefined) ?? []).map((c) => ({
    column: typeof c.column === 'string' ? c.column : '',
    field: str(c.field) ?? 'ignore',
    ...(str(c.lang) ? { lang: str(c.lang) } : {}),
    ...(typeof c.split === 'string' && c.split !== '' ? { split: c.split } : {}),
    ...(str(c.qualifier) ? { qualifier: str(c.qualifier) } : {}),
  }));
  return {
    encoding: str(form.encoding) ?? 'auto',
    delimiter: form.delimiter === 'tab' ? '\t' : (str(form.delimiter) ?? 'auto'),
    columns,
    newAuthorities: str(form.newAuthorities) ?? 'reject',
    visibility: str(form.visibility) ?? 'draft',
    keepUnreadDates: form.keepUnreadDates === '1',
  };
}

const message = (e: unknown) => {
  if (isAppError(e) && e.status < 500 && e.status !== 401)
    return [e.message, ...(e.details?.fields ?? []).map((f) => `${f.path}: ${f.message}`)].join(' — ');
  throw e;
};

/** The staff pages of imports: the list and the upload form, and one page per import that follows it from mapping to report. */
export function importPages() {
  const r = new Hono<AppEnv>();

  r.get('/staff/m/:museum/imports', async (c) => {
    const { actor, museum } = await museumOf(c);
    const v = viewOf(c);
    const batches = await c.get('services').imports.list(actor, museum.id);
    return page(
      c,
      `${v.t('imports.title')} · ${museumName(v, museum)}`,
      <>
        <p>{v.t('imports.lead')}</p>
        {can(actor, 'create', 'import', museum.id) ? (
          <form method="post" action={base(museum)} enctype="multipart/form-data" class="filters">
            <Csrf v={v} />
            <div>
              <label for="file">{v.t('imports.file')}</label>
              <input
                id="file"
                type="file"
                name="file"
                accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                required
              />
            </div>
            <button type="submit">{v.t('imports.upload')}</button>
          </form>
        ) : null}
        <ImportList v={v} base={base(museum)} batches={batches} />
      </>,
      {
        museum,
        crumbs: [
          { href: '/staff', label: v.t('nav.museums') },
          { href: `/staff/m/${museum.slug}/objects`, label: museumName(v, museum) },
        ],
      },
    );
  });

  r.post('/staff/m/:museum/imports', async (c) => {
    const { actor, museum } = await museumOf(c);
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || !file.size)
      throw new AppError('invalid_input', 400, 'Choose a CSV or XLSX file');
    const preview = await c
      .get('services')
      .imports.upload(actor, museum.id, file.name, Buffer.from(await file.arrayBuffer()));
    return c.redirect(`${base(museum)}/${preview.batch.id}`, 303);
  });

  r.get('/staff/m/:museum/imports/:id', async (c) => renderBatch(c, []));

  r.post('/staff/m/:museum/imports/:id/dry-run', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    const imports = c.get('services').imports;
    try {
      const mapping = mappingFromForm(form);
      await imports.dryRun(actor, museum.id, c.req.param('id'), mapping);
      if (str(form.saveAs)) await imports.saveMapping(actor, museum.id, { name: str(form.saveAs), mapping });
    } catch (e) {
      return renderBatch(c, [message(e)], 400);
    }
    return c.redirect(`${base(museum)}/${c.req.param('id')}#report`, 303);
  });

  r.post('/staff/m/:museum/imports/:id/run', async (c) => {
    const { actor, museum } = await museumOf(c);
    const form = nestForm(await c.req.parseBody({ all: true })) as Row;
    try {
      await c.get('services').imports.run(actor, museum.id, c.req.param('id'), {
        mapping: mappingFromForm(form),
        skipRejected: form.skipRejected === '1',
      });
    } catch (e) {
      return renderBatch(c, [message(e)], 400);
    }
    return c.redirect(`${base(museum)}/${c.req.param('id')}`, 303);
  });

  r.post('/staff/m/:museum/imports/:id/undo', async (c) => {
    const { actor, museum } = await museumOf(c);
    try {
      await c.get('services').imports.undo(actor, museum.id, c.req.param('id'));
    } catch (e) {
      return renderBatch(c, [message(e)], 409);
    }
    return c.redirect(`${base(museum)}/${c.req.param('id')}`, 303);
  });
  return r;
}

async function renderBatch(c: Context<AppEnv>, errors: string[], status: 200 | 400 | 409 = 200) {
  const { actor, museum } = await museumOf(c);
  const v = viewOf(c);
  const { t } = v;
  const imports = c.get('services').imports;
  const batch = await imports.get(actor, museum.id, c.req.param('id') ?? '');
  const editable =
    ['uploaded', 'refused', 'failed'].includes(batch.status) && can(actor, 'create', 'import', museum.id);
  const running = batch.status === 'queued' || batch.status === 'running';
  let preview: Awaited<ReturnType<typeof imports.preview>> | null = null;
  let readError: string | null = null;
  if (editable) {
    try {
      preview = await imports.preview(actor, museum.id, batch.id);
    } catch (e) {
      readError = message(e);
      preview = await imports
        .preview(actor, museum.id, batch.id, { encoding: 'auto', delimiter: 'auto' })
        .catch(() => null);
    }
  }
  const saved = editable ? await imports.mappings(actor, museum.id) : [];
  return page(
    c,
    `${batch.filename} · ${t('imports.title')}`,
    <>
      <p>
        {t('imports.status')}: <strong>{t(`imports.status.${batch.status}` as MessageKey)}</strong>
      </p>
      {[
        ...errors,
        ...(readError ? [readError] : []),
        ...(batch.error ? [t('imports.error', { error: batch.error })] : []),
      ].map((e) => (
        <Notice kind="error">{e}</Notice>
      ))}
      {running ? (
        <p>
          <progress max={batch.total || 1} value={batch.processed}>
            {batch.processed}
          </progress>{' '}
          {t('imports.progress', { processed: batch.processed, total: batch.total })}
        </p>
      ) : null}
      {preview ? (
        <p>{t('imports.read', { rows: preview.rows, encoding: preview.encoding.toUpperCase() })}</p>
      ) : null}
      {preview && saved.length ? (
        <p>
          {t('imports.saved')}:{' '}
          {saved.map((s, i) => (
            <>
              {i ? ' · ' : ''}
              <a href={`?mapping=${encodeURIComponent(s.name)}`}>
                <bdi>{s.name}</bdi>
              </a>
            </>
          ))}
        </p>
      ) : null}
      {preview
        ? (() => {
            const chosen = saved.find((s) => s.name === c.req.query('mapping'))?.mapping;
            const columns: ImportColumn[] = chosen?.columns ?? preview.suggested;
            return (
              <MappingForm
                v={v}
                action={`${base(museum)}/${batch.id}`}
                headers={preview.headers}
                sample={preview.sample}
                columns={columns}
                mapping={chosen ?? batch.mapping ?? {}}
                saved={saved.map((s) => s.name)}
              />
            );
          })()
        : null}
      {batch.report ? <ReportView v={v} report={batch.report} /> : null}
      {batch.status === 'done' && can(actor, 'update', 'import', museum.id) ? (
        <form method="post" action={`${base(museum)}/${batch.id}/undo`}>
          <Csrf v={v} />
          <button type="submit" class="danger">
            {t('imports.undo')}
          </button>
        </form>
      ) : null}
    </>,
    {
      museum,
      status,
      ...(running ? { head: <meta http-equiv="refresh" content="2" /> } : {}),
      crumbs: [
        { href: '/staff', label: t('nav.museums') },
        { href: `/staff/m/${museum.slug}/objects`, label: museumName(v, museum) },
        { href: base(museum), label: t('imports.title') },
      ],
    },
  );
}
