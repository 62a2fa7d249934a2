import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { Csrf, Notice } from '../../http/layout.js';
import { formErrors, page } from '../../http/page.js';
import { actorOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';

/** Changing one's own password. */
export function passwordPages() {
  const r = new Hono<AppEnv>();
  r.get('/staff/password', (c) => {
    actorOf(c);
    return render(c, c.req.query('done') === '1' ? 'done' : undefined);
  });
  r.post('/staff/password', async (c) => {
    const actor = actorOf(c);
    const body = await c.req.parseBody();
    const field = (k: string) => (typeof body[k] === 'string' ? body[k] : '');
    try {
      const { cookies } = await c.get('services').accounts.changePassword(actor, c.req.raw.headers, {
        currentPassword: field('currentPassword'),
        newPassword: field('newPassword'),
        confirm: field('confirm'),
      });
      // The new session's cookie, in place of the one that has just ended.
      for (const cookie of cookies) c.header('Set-Cookie', cookie, { append: true });
      return c.redirect('/staff/password?done=1', 303);
    } catch (e) {
      const fields = formErrors(e);
      const codes = new Set(fields.map((f) => f.code));
      return render(
        c,
        codes.has('wrong_password') ? 'wrong' : codes.has('password_mismatch') ? 'mismatch' : 'invalid',
        400,
      );
    }
  });
  return r;
}

function render(
  c: Context<AppEnv>,
  outcome?: 'done' | 'wrong' | 'mismatch' | 'invalid',
  status: 200 | 400 = 200,
) {
  const v = viewOf(c);
  const { t } = v;
  return page(
    c,
    t('password.title'),
    <form method="post" action="/staff/password">
      <Csrf v={v} />
      {outcome === 'done' ? (
        <Notice>{t('password.done')}</Notice>
      ) : outcome ? (
        <Notice kind="error">{t(`password.${outcome}`)}</Notice>
      ) : null}
      <p>{t('password.lead')}</p>
      <label for="currentPassword">{t('password.current')}</label>
      <input
        id="currentPassword"
        name="currentPassword"
        type="password"
        autocomplete="current-password"
        required
        dir="ltr"
        aria-invalid={outcome === 'wrong' ? 'true' : undefined}
      />
      <label for="newPassword">{t('password.new')}</label>
      <input
        id="newPassword"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        required
        minlength={10}
        maxlength={256}
        dir="ltr"
        aria-invalid={outcome === 'invalid' ? 'true' : undefined}
      />
      <label for="confirm">{t('password.confirm')}</label>
      <input
        id="confirm"
        name="confirm"
        type="password"
        autocomplete="new-password"
        required
        minlength={10}
        maxlength={256}
        dir="ltr"
        aria-invalid={outcome === 'mismatch' ? 'true' : undefined}
      />
      <div class="actions">
        <button type="submit">{t('action.save')}</button>
      </div>
    </form>,
    { status, crumbs: [{ href: '/staff', label: t('nav.museums') }] },
  );
}
