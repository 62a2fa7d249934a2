import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { headTag } from './head.js';
import { autonym, LANGS } from './i18n/locale.js';
import { STYLES } from './styles.js';
import { inLanguage, type View } from './view.js';

export interface Crumb {
  href: string;
  label: string;
}

/**
 * The page shell: the doctype (without it browsers lay the page out in quirks mode), language and
 * direction on <html>, a skip link, the header with the language switcher (plain links, no
 * script), breadcrumbs and the main landmark.
 */
export function Layout(props: {
  v: View;
  title: string;
  crumbs?: Crumb[];
  nav?: Child;
  head?: Child;
  pdf?: string | undefined;
  publicPage?: { path: string; base: string } | undefined;
  children?: Child;
}) {
  const { v, publicPage } = props;
  const { t, locale, actor } = v;
  // On a public page the switcher goes to the page's address in the other language.
  const switchTo = (l: string) => (publicPage ? inLanguage(l, publicPage.path) : v.here);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={locale.lang} dir={locale.dir}>
        <head>
          {headTag('meta', { charset: 'utf-8' })}
          {headTag('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' })}
          <title>{`${props.title} · ${t('app.name')}`}</title>
          {/* The one stylesheet, allowed by its hash (csp.ts). Its data attribute tells OpenSeadragon that its own rule
              is there, so the viewer does not inject a <style> element the policy would refuse (and keeps the focus visible). */}
          <style data-openseadragon-mobile-css="" dangerouslySetInnerHTML={{ __html: STYLES }} />
          {publicPage ? (
            <>
              {headTag('link', {
                rel: 'canonical',
                href: `${publicPage.base}${inLanguage(locale.lang, publicPage.path)}`,
              })}
              {LANGS.map((l) =>
                headTag('link', {
                  rel: 'alternate',
                  hreflang: l,
                  href: `${publicPage.base}${inLanguage(l, publicPage.path)}`,
                }),
              )}
              {headTag('link', {
                rel: 'alternate',
                hreflang: 'x-default',
                href: `${publicPage.base}${publicPage.path}`,
              })}
              {/* Shared on a social network or in a message, the page says what it is (pages may add a description and image). */}
              {headTag('meta', { property: 'og:type', content: 'website' })}
              {headTag('meta', { property: 'og:title', content: props.title })}
              {headTag('meta', {
                property: 'og:url',
                content: `${publicPage.base}${inLanguage(locale.lang, publicPage.path)}`,
              })}
              {headTag('meta', { property: 'og:site_name', content: t('app.name') })}
              {headTag('meta', { property: 'og:locale', content: locale.tag.replace('-', '_') })}
            </>
          ) : null}
          {headTag('link', { rel: 'icon', href: '/static/favicon.svg', type: 'image/svg+xml' })}
          {props.head}
        </head>
        <body>
          <a class="skip" href="#main">
            {t('nav.skip')}
          </a>
          <header class="top">
            <a class="brand" href={v.pub('/')}>
              {t('app.name')}
            </a>
            <nav aria-label={t('nav.main')}>
              <a href={v.pub('/search')}>{t('nav.search')}</a>
              <a href={v.pub('/browse')}>{t('portal.browse')}</a>
              <a href={v.pub('/map')}>{t('portal.map')}</a>
              <a href={v.pub('/stories')}>{t('nav.stories')}</a>
              <a href={v.pub('/directory')}>{t('nav.directory')}</a>
              {actor ? <a href="/staff">{t('nav.staff')}</a> : null}
              {props.nav}
            </nav>
            <nav aria-label={t('nav.language')} class="langs">
              {LANGS.map((l) => (
                <a
                  href={`/lang/${l}?next=${encodeURIComponent(switchTo(l))}`}
                  lang={l}
                  hreflang={l}
                  aria-current={l === locale.lang ? 'true' : undefined}
                >
                  {autonym(l)}
                </a>
              ))}
            </nav>
            <div class="who">
              {actor ? (
                <form method="post" action="/sign-out">
                  <input type="hidden" name="_csrf" value={v.csrf} />
                  <span>{t('nav.signedInAs', { name: actor.name })}</span>{' '}
                  <button type="submit">{t('nav.signOut')}</button>
                </form>
              ) : (
                <a href="/sign-in">{t('nav.signIn')}</a>
              )}
            </div>
          </header>
          {props.crumbs?.length ? (
            <nav aria-label="breadcrumb" class="crumbs">
              <ol>
                {props.crumbs.map((c) => (
                  <li>
                    <a href={c.href}>{c.label}</a>
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          <main id="main" tabindex={-1}>
            <h1>{props.title}</h1>
            {props.pdf ? (
              <p class="noprint">
                <a href={props.pdf} download>
                  {t('docs.pdf')}
                </a>
              </p>
            ) : null}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** A value typed by a person, in whatever language and direction it was written. */
export function Text(props: { value: string; lang?: string | undefined }) {
  return (
    <span lang={props.lang} dir="auto">
      {props.value}
    </span>
  );
}

export function Notice(props: { children?: Child; kind?: 'ok' | 'error' }) {
  return (
    <p class={`notice ${props.kind ?? 'ok'}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}

export function Csrf(props: { v: View }) {
  return <input type="hidden" name="_csrf" value={props.v.csrf} />;
}
