import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { str } from '../../http/forms.js';
import type { MessageKey } from '../../http/i18n/locale.js';
import { Csrf, Notice } from '../../http/layout.js';
import { museumName, page } from '../../http/page.js';
import { viewOf } from '../../http/view.js';
import { forwardCookies, limitSignIn } from '../auth/auth.pages.js';

/**
 * Accepting an invitation: a signed-in person joins at once; a newcomer creates an account
 * for the invited address (sign-up is open only this way) and joins.
 */
export function invitationPages() {
  const r = new Hono<AppEnv>();

  r.get('/invite/:id', (c) => render(c));

  r.post('/invite/:id', async (c) => {
    const s = c.get('services');
    const id = c.req.param('id');
    const actor = c.get('actor');
    const { invitation } = await s.museums.openInvitation(id);
    if (actor) {
      if (actor.email.toLowerCase() !== invitation.email.toLowerCase()) return render(c, 403);
      const museum = await s.museums.accept(actor, id);
      return c.redirect(`/staff/m/${museum.slug}/objects`, 303);
    }
    const body = await c.req.parseBody();
    const name = str(body.name);
    const password = typeof body.password === 'string' ? body.password : '';
    if (!name || password.length < 10) return render(c, 400, c.get('t')('field.required'));
    if (await s.museums.accountFor(invitation.email)) return render(c, 400);
    await limitSignIn(c, invitation.email);
    const userId = await s.museums.createAccount({ name, email: invitation.email, password });
    const res = await s.auth.api.signInEmail({
      body: { email: invitation.email, password },
      headers: c.req.raw.headers,
      asResponse: true,
    });
    const newActor = await s.actors.forUser(userId);
    const museum = await s.museums.accept(newActor!, id);
    forwardCookies(res, c);
    return c.redirect(`/staff/m/${museum.slug}/objects`, 303);
  });
  return r;
}

async function render(c: Context<AppEnv>, status = 200, error?: string) {
  const s = c.get('services');
  const id = c.req.param('id') ?? '';
  const { invitation, museum } = await s.museums.openInvitation(id);
  const v = viewOf(c);
  const { t } = v;
  const name = museumName(v, museum);
  const role = t(`role.${invitation.role}` as MessageKey);
  const wrongPerson = v.actor && v.actor.email.toLowerCase() !== invitation.email.toLowerCase();
  const exists = !v.actor && (await s.museums.accountFor(invitation.email));
  return page(
    c,
    t('invite.title', { museum: name }),
    <>
      <p>{t('invite.lead', { museum: name, role })}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {wrongPerson ? (
        <Notice kind="error">{t('invite.otherPerson', { email: invitation.email })}</Notice>
      ) : null}
      {v.actor && !wrongPerson ? (
        <form method="post" action={`/invite/${id}`}>
          <Csrf v={v} />
          <button type="submit">{t('action.accept')}</button>
        </form>
      ) : null}
      {!v.actor && exists ? (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(`/invite/${id}`)}`}>
            {t('invite.haveAccount', { email: invitation.email })}
          </a>
        </p>
      ) : null}
      {!v.actor && !exists ? (
        <form method="post" action={`/invite/${id}`}>
          <Csrf v={v} />
          <h2>{t('invite.newAccount')}</h2>
          <label for="email">{t('signIn.email')}</label>
          <input id="email" type="email" value={invitation.email} readonly dir="ltr" />
          <label for="name">{t('invite.name')}</label>
          <input id="name" name="name" required dir="auto" autocomplete="name" />
          <label for="password">{t('invite.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            required
            minlength={10}
            autocomplete="new-password"
            dir="ltr"
          />
          <div class="actions">
            <button type="submit">{t('action.accept')}</button>
          </div>
        </form>
      ) : null}
    </>,
    { status },
  );
}
