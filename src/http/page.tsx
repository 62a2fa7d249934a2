import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html';
import { isAppError, type FieldError } from '../errors.js';
import { can } from '../modules/access/policy.js';
import { pickLang } from '../modules/common/values.schemas.js';
import type { Museum } from '../modules/museums/museum.schemas.js';
import type { AppEnv } from './env.js';
import { type Crumb, Layout } from './layout.js';
import type { View } from './view.js';
import { viewOf } from './view.js';
import { withoutLanguage } from './middleware/context.js';
import { freshAnswer } from './page-cache.js';
import { isPrintable } from './pdf.js';

type PageOptions = { crumbs?: Crumb[]; museum?: Museum; status?: number; head?: Child; public?: boolean };

/**
 * Renders a page in the shell. A public page (`public`) names its address in every language
 * (hreflang) and its canonical one, and may be kept by shared caches when no one is signed in:
 * `no-cache` with an ETag, so a change to a record shows at once and an unchanged page costs a 304.
 */
export async function page(c: Context<AppEnv>, title: string, body: Child, opts: PageOptions = {}) {
  const html = await pageMarkup(c, title, body, opts);
  const status = opts.status ?? 200;
  if (status === 200 && c.get('cacheControl') === 'public, no-cache')
    return freshAnswer(c, Buffer.from(html));
  return c.html(html, status as 200);
}

/**
 * Says how the answer may be cached, and remembers it for the page shell. Looking at `c.res` instead
 * would build the answer early, and Hono would then copy the handler's own answer, body and all.
 */
export function cacheFor(c: Context<AppEnv>, value: string): void {
  c.set('cacheControl', value);
  c.header('Cache-Control', value);
}

/** The page's markup, as `page` sends it (and sets the same headers): for a page kept once rendered. */
export async function pageMarkup(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  opts: PageOptions = {},
): Promise<string> {
  const v = viewOf(c);
  const pdf =
    isPrintable(c.req.path) && c.get('services').pdf.available()
      ? `${c.req.path}.pdf${new URL(c.req.url).search}`
      : undefined;
  const url = new URL(c.req.url);
  const publicPage = opts.public
    ? { path: withoutLanguage(url.pathname) + url.search, base: c.get('services').config.PUBLIC_URL }
    : undefined;
  if (opts.public && !c.get('actor') && !c.get('cacheControl')) cacheFor(c, 'public, no-cache');
  const markup = (
    <Layout
      v={v}
      title={title}
      crumbs={opts.crumbs}
      head={opts.head}
      pdf={pdf}
      publicPage={publicPage}
      nav={opts.museum ? <MuseumNav v={v} museum={opts.museum} /> : undefined}
    >
      {body}
    </Layout>
  );
  // As `c.html` renders a page: its callbacks (hono/jsx's hoisted head elements) run.
  return String(
    await resolveCallback(markup as unknown as string, HtmlEscapedCallbackPhase.Stringify, false, {}),
  );
}

export function museumName(v: View, m: Museum): string {
  return pickLang(m.names, [v.locale.lang, m.defaultLanguage])?.value ?? m.slug;
}

export function MuseumNav(props: { v: View; museum: Museum }) {
  const { v, museum } = props;
  const base = `/staff/m/${museum.slug}`;
  return (
    <>
      <a href={`${base}/objects`}>{v.t('nav.objects')}</a>
      <a href={`${base}/authorities`}>{v.t('nav.authorities')}</a>
      <a href={`${base}/locations`}>{v.t('nav.locations')}</a>
      <a href={`${base}/entries`}>{v.t('nav.entries')}</a>
      <a href={`${base}/register`}>{v.t('nav.register')}</a>
      <a href={`${base}/loans`}>{v.t('nav.loans')}</a>
      <a href={`${base}/inventories`}>{v.t('nav.inventory')}</a>
      <a href={`${base}/exits`}>{v.t('nav.exits')}</a>
      <a href={`${base}/deaccessions`}>{v.t('nav.deaccessions')}</a>
      <a href={`${base}/reproduction`}>{v.t('nav.rights')}</a>
      <a href={`${base}/digitization`}>{v.t('nav.digitization')}</a>
      <a href={`${base}/stories`}>{v.t('nav.stories')}</a>
      {v.actor && can(v.actor, 'create', 'import', museum.id) ? (
        <a href={`${base}/imports`}>{v.t('nav.imports')}</a>
      ) : null}
      <a href={`${base}/desk`}>{v.t('nav.dashboard')}</a>
      {v.actor && can(v.actor, 'read', 'member', museum.id) ? (
        <a href={`${base}/members`}>{v.t('nav.members')}</a>
      ) : null}
      {v.actor && can(v.actor, 'update', 'museum', museum.id) ? (
        <a href={`${base}/profile`}>{v.t('nav.profile')}</a>
      ) : null}
      {v.actor && can(v.actor, 'update', 'museum', museum.id) ? (
        <a href={`${base}/directory`}>{v.t('nav.directoryEntry')}</a>
      ) : null}
      <a href={`${base}/partners`}>{v.t('nav.partners')}</a>
      {v.actor && can(v.actor, 'update', 'museum', museum.id) ? (
        <a href={`${base}/settings`}>{v.t('nav.settings')}</a>
      ) : null}
    </>
  );
}

/** The field errors of a refused form submission, or rethrows anything else. */
export function formErrors(e: unknown): FieldError[] {
  if (isAppError(e) && e.details?.fields?.length && (e.status === 400 || e.status === 404))
    return e.details.fields;
  throw e;
}
