import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, type FieldError, fromStorageError, isAppError, notFound } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { en, type MessageKey } from '../i18n/messages/en.js';
import type { Lang, Translate } from '../i18n/locale.js';
import { Layout, Notice } from '../layout.js';
import { viewOf } from '../view.js';

const ZOD_LOCALES: Record<Lang, () => { localeError: z.core.$ZodErrorMap }> = {
  ar: z.locales.ar,
  fr: z.locales.fr,
  en: z.locales.en,
  // Languages a translation file may add: the validator speaks them already.
  fa: z.locales.fa,
  tr: z.locales.tr,
  ur: z.locales.ur,
  ms: z.locales.ms,
  id: z.locales.id,
};

/** Field errors worded in the reader's language: Mathaf's own messages first, then the validator's. */
export function localiseFields(fields: FieldError[], t: Translate, lang: Lang): FieldError[] {
  return fields.map(({ path, code, message, issue }) => {
    const key = `field.${code}` as MessageKey;
    // A rule of Mathaf's own (a custom check) says exactly what is wrong: kept, after the reader's generic wording.
    if (issue && (issue as { code?: string }).code === 'custom' && message)
      return { path, code, message: lang === 'en' ? message : `${t(key)} (${message})` };
    if (key in en) return { path, code, message: t(key) };
    if (issue) {
      const m = (ZOD_LOCALES[lang] ?? ZOD_LOCALES.en!)().localeError(issue as z.core.$ZodRawIssue);
      const text = typeof m === 'string' ? m : m?.message;
      if (text) return { path, code, message: text };
    }
    return { path, code, message };
  });
}

function wantsJson(c: Context<AppEnv>): boolean {
  return c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').includes('application/json');
}

/**
 * Renders any thrown error. An AppError shows its stable code and a message in the reader's
 * language; anything else is logged and shown as a generic 500 that reveals nothing of it.
 */
export function errorHandler(logger: Logger) {
  return (err: Error, c: Context<AppEnv>) => {
    let e: AppError;
    const storage = isAppError(err) ? null : fromStorageError(err);
    if (isAppError(err)) e = err;
    else if (storage) {
      logger.error({ err, path: c.req.path, method: c.req.method }, 'storage full or failing');
      e = storage;
    } else if (err instanceof HTTPException && err.status === 413)
      e = new AppError('body_too_large', 413, 'The request body is too large');
    else if (err instanceof HTTPException && err.status < 500)
      e = new AppError('bad_request', err.status, 'Bad request');
    else {
      logger.error({ err, path: c.req.path, method: c.req.method }, 'unhandled error');
      e = new AppError('server', 500, 'Internal error', undefined, false);
    }
    const t = c.get('t');
    const lang = c.get('locale')?.lang ?? 'en';
    const key = `error.${e.code}` as MessageKey;
    const retryAfter = e.details?.retryAfter;
    if (retryAfter) c.header('Retry-After', String(retryAfter));
    const message = !t
      ? e.message
      : retryAfter
        ? t('error.rate_limited_for', { minutes: Math.ceil(retryAfter / 60) })
        : key in en
          ? t(key, e.details?.values)
          : e.message;
    const fields =
      e.details?.fields && t ? localiseFields(e.details.fields, t, lang) : (e.details?.fields ?? []);
    if (wantsJson(c) || !t) {
      return c.json(
        {
          error: {
            code: e.code,
            message,
            ...(fields.length ? { fields: fields.map(({ issue: _i, ...f }) => f) } : {}),
          },
        },
        e.status as 400,
      );
    }
    const v = viewOf(c);
    if (e.status === 401) return c.redirect(`/sign-in?next=${encodeURIComponent(v.here)}`, 303);
    return c.html(
      <Layout v={v} title={t('error.title')}>
        <Notice kind="error">{message}</Notice>
        {fields.length ? (
          <ul>
            {fields.map((f) => (
              <li>
                <code>{f.path}</code>: {f.message}
              </li>
            ))}
          </ul>
        ) : null}
      </Layout>,
      e.status as 400,
    );
  };
}

export function notFoundHandler(_c: Context<AppEnv>): Response {
  throw notFound();
}
