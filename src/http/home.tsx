import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import { page } from './page.js';
import { viewOf } from './view.js';

/** The front page. The public portal (search, object pages, exhibitions) grows here. */
export function homePage() {
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => {
    const count = await c.get('services').museums.count();
    const v = viewOf(c);
    return page(c, v.t('app.tagline'), (
      <>
        <p>{v.t('home.lead')}</p>
        <p>{v.t('home.museums', { count })}</p>
        <p>{v.actor ? <a href="/staff">{v.t('nav.staff')}</a> : <a href="/sign-in">{v.t('home.staff')}</a>}</p>
      </>
    ));
  });
  return r;
}
