import pino from 'pino';
import { createApp } from '../src/http/app.js';
import { type Engine, createTestEnv, type TestEnv } from './database.js';
import { TEST_PASSWORD } from './factories.js';

export const ORIGIN = 'http://localhost:8080';

/** The HTTP application on a fresh database, called in-process. */
export async function createTestApp(engine: Engine = 'sqlite', env: Record<string, string> = {}) {
  const t: TestEnv = await createTestEnv(engine, env);
  const app = createApp(t.services, pino({ level: 'silent' }));
  return { app, services: t.services, close: t.close };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** What @hono/node-server gives a request about its connection: the peer's address (`getConnInfo`). */
export function peerEnv(address: string) {
  return {
    incoming: {
      socket: {
        remoteAddress: address,
        remotePort: 40000,
        remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4',
      },
    },
  };
}

/** A browser-like client: keeps cookies, sends the CSRF token with forms; connects from `peer` when given. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: TestApp['app'],
    private readonly headers: Record<string, string> = {},
    private readonly peer?: string,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.headers)) if (!headers.has(k)) headers.set(k, v);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(
      path,
      { ...init, headers },
      this.peer ? peerEnv(this.peer) : undefined,
    );
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** The CSRF token the server puts in its forms (fetching a page first sets the cookie). */
  async csrf(): Promise<string> {
    const html = await (await this.get('/sign-in')).text();
    return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  }

  /** Posts a form as a browser would (same origin, with the CSRF token unless told otherwise). */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    opts: { csrf?: string | null; origin?: string } = {},
  ) {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? await this.csrf() : opts.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: opts.origin ?? ORIGIN },
    });
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    return this.post('/sign-in', { email, password });
  }
}

/** A JSON API client authenticated with a personal API token. */
export async function apiClient(t: TestApp, userId: string, lang = 'en') {
  const { token } = await t.services.repos.tokens.create(t.services.database.db, userId, 'test');
  const call = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    t.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'accept-language': lang,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...extra,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return { token, call };
}
