import { type Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { isAppError } from '../../errors.js';
import { clientIp } from '../../http/client-ip.js';
import type { AppEnv } from '../../http/env.js';
import { safeNext, str } from '../../http/forms.js';
import { isLang } from '../../http/i18n/locale.js';
import { Csrf, Notice } from '../../http/layout.js';
import { LANG_COOKIE } from '../../http/middleware/context.js';
import { page } from '../../http/page.js';
import { viewOf } from '../../http/view.js';

/** A sign-in carries an e-mail, a password and a form token: its body is small whatever MAX_BODY_BYTES allows. */
export const SIGN_IN_MAX_BYTES = 8192;

/** Counts a sign-in attempt by address and by account; throws 429 past a limit, or waits while the account is under attack. */
export function limitSignIn(c: Context<AppEnv>, email: string): Promise<void> {
  return c.get('services').signInLimiter.admit(clientIp(c), email);
}

/** Copies better-auth's session cookies onto our response. */
export function forwardCookies(from: Response, c: Context<AppEnv>): void {
  for (const cookie of from.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
}

function SignInForm(props: { c: Context<AppEnv>; next: string; email?: string; error?: string }) {
  const v = viewOf(props.c);
  return (
    <form method="post" action={`/sign-in?next=${encodeURIComponent(props.next)}`}>
      <Csrf v={v} />
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <label for="email">{v.t('signIn.email')}</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="username"
        required
        value={props.email ?? ''}
        dir="ltr"
      />
      <label for="password">{v.t('signIn.password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        dir="ltr"
      />
      <div class="actions">
        <button type="submit">{v.t('nav.signIn')}</button>
      </div>
    </form>
  );
}

/** Sign in and out, and the language switch. */
export function authPages() {
  const r = new Hono<AppEnv>();

  r.get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    return page(c, c.get('t')('signIn.title'), <SignInForm c={c} next={next} />);
  });

  r.post('/sign-in', async (c) => {
    const next = safeNext(c.req.query('next'));
    const body = await c.req.parseBody();
    const email = str(body.email) ?? '';
    const t = c.get('t');
    try {
      await limitSignIn(c, email);
    } catch (e) {
      const retryAfter = isAppError(e) ? e.details?.retryAfter : undefined;
      if (!retryAfter) throw e;
      c.header('Retry-After', String(retryAfter));
      return page(
        c,
        t('signIn.title'),
        <SignInForm
          c={c}
          next={next}
          email={email}
          error={t('signIn.rateLimited', { minutes: Math.ceil(retryAfter / 60) })}
        />,
        { status: 429 },
      );
    }
    const res = await c.get('services').auth.api.signInEmail({
      body: { email, password: typeof body.password === 'string' ? body.password : '' },
      headers: c.req.raw.headers,
      asResponse: true,
    });
    if (!res.ok)
      return page(
        c,
        t('signIn.title'),
        <SignInForm c={c} next={next} email={email} error={t('signIn.failed')} />,
        { status: 401 },
      );
    forwardCookies(res, c);
    return c.redirect(next, 303);
  });

  r.post('/sign-out', async (c) => {
    const res = await c.get('services').auth.api.signOut({ headers: c.req.raw.headers, asResponse: true });
    forwardCookies(res, c);
    return c.redirect('/', 303);
  });

  r.get('/lang/:lang', (c) => {
    const lang = c.req.param('lang');
    if (isLang(lang)) {
      setCookie(c, LANG_COOKIE, lang, { path: '/', maxAge: 365 * 86400, sameSite: 'Lax', httpOnly: false });
    }
    return c.redirect(safeNext(c.req.query('next'), '/'), 303);
  });
  return r;
}
