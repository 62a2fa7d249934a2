import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { formatTimestamp } from '../../http/i18n/format.js';
import { Csrf } from '../../http/layout.js';
import { page } from '../../http/page.js';
import { actorOf } from '../../http/request.js';
import { viewOf } from '../../http/view.js';
import type { ApiToken } from './api-token.repository.js';

/** A person's API tokens: make one (shown once), see when each was last used, revoke. */
export function tokenPages() {
  const r = new Hono<AppEnv>();
  const render = async (c: Context<AppEnv>, created?: string) => {
    const actor = actorOf(c);
    const tokens = await c.get('services').tokens.list(actor);
    const v = viewOf(c);
    return page(
      c,
      v.t('tokens.title'),
      <>
        <p>{v.t('tokens.lead')}</p>
        {created ? (
          <div class="notice" role="status">
            <p>{v.t('tokens.created')}</p>
            <code class="token" dir="ltr">
              {created}
            </code>
          </div>
        ) : null}
        {tokens.length ? <TokenTable tokens={tokens} v={v} /> : <p>{v.t('tokens.none')}</p>}
        <form method="post" action="/staff/tokens">
          <Csrf v={v} />
          <label for="name">{v.t('tokens.name')}</label>
          <input id="name" name="name" required maxlength={100} />
          <div class="actions">
            <button type="submit">{v.t('tokens.new')}</button>
          </div>
        </form>
      </>,
      { status: created ? 201 : 200 },
    );
  };
  r.get('/staff/tokens', (c) => render(c));
  r.post('/staff/tokens', async (c) => {
    const actor = actorOf(c);
    const body = await c.req.parseBody();
    const { token } = await c
      .get('services')
      .tokens.create(actor, typeof body.name === 'string' ? body.name : '');
    return render(c, token);
  });
  r.post('/staff/tokens/:id/revoke', async (c) => {
    await c.get('services').tokens.revoke(actorOf(c), c.req.param('id'));
    return c.redirect('/staff/tokens', 303);
  });
  return r;
}

function TokenTable(props: { tokens: ApiToken[]; v: ReturnType<typeof viewOf> }) {
  const { v } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{v.t('tokens.name')}</th>
          <th scope="col">{v.t('tokens.lastUsed')}</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((t) => (
          <tr>
            <td>
              {t.name} <code dir="ltr">{t.prefix}…</code>
            </td>
            <td>{t.lastUsedAt ? formatTimestamp(v.locale, t.lastUsedAt) : v.t('tokens.never')}</td>
            <td>
              <form method="post" action={`/staff/tokens/${t.id}/revoke`}>
                <Csrf v={v} />
                <button type="submit" class="danger">
                  {v.t('tokens.revoke')}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
