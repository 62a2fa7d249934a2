import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { MUSEUM_ROLES } from '../../src/modules/access/roles.js';
import { createTestEnv, ENGINES, type Engine, type TestEnv } from '../database.js';
import { makeMuseum, makeUser, objectInput } from '../factories.js';
import { Browser, ORIGIN } from '../http.js';

/**
 * Hostile requests: every route of the inventory, anonymously and as each role, is sent a corpus of
 * malformed bodies (and every page a malformed query). Whatever comes, the process throws nothing
 * unhandled, every answer is a 2xx, 3xx or a 4xx with its error, never a 5xx, and a refused request
 * changes nothing in the database. SQLite takes the whole corpus; PostgreSQL, which refuses NUL in
 * text where SQLite keeps it, takes the text that cannot be stored.
 */

interface Body {
  name: string;
  type: string;
  body: Uint8Array | string;
}
const form = 'application/x-www-form-urlencoded';
const json = 'application/json';
const mp = (boundary: string) => `multipart/form-data; boundary=${boundary}`;
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Text no engine can store as sent, in every kind of body. */
const BAD_TEXT: Body[] = [
  {
    name: 'NUL in a form',
    type: form,
    body: 'name=a%00b&titles[0][lang]=en&titles[0][value]=x%00y&accessionNumber=N%00',
  },
  { name: 'NUL in a field name', type: form, body: 'na%00me=x' },
  {
    name: 'NUL in JSON',
    type: json,
    body: '{"name":"a\\u0000b","titles":[{"lang":"en","value":"x\\u0000"}],"accessionNumber":"N\\u0000","code":"\\u0000"}',
  },
  { name: 'NUL in a JSON key', type: json, body: '{"a\\u0000":1}' },
  {
    name: 'a lone surrogate in JSON',
    type: json,
    body: '{"name":"\\ud800","titles":[{"lang":"en","value":"\\udc00x"}],"accessionNumber":"S\\ud83d"}',
  },
  {
    name: 'NUL in a multipart field and file name',
    type: mp('B'),
    body: '--B\r\nContent-Disposition: form-data; name="name"\r\n\r\na\u0000b\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.csv"\r\nContent-Type: text/csv\r\n\r\nA,B\r\n--B--\r\n',
  },
];

/** The whole corpus goes to every route anonymously and as a director, who reaches nearly every handler; each other role gets the CORE of it, and a director signed in the FORMS. */
const CORPUS: Body[] = [
  ...BAD_TEXT,
  { name: 'more fields than any form', type: form, body: 'f=1&'.repeat(10_001) },
  { name: 'names nested fifty deep', type: form, body: `a${'[b]'.repeat(50)}=1` },
  { name: 'a 64-byte field with a huge row number', type: form, body: 'x[400000000]=1' },
  { name: 'a row number of twenty digits', type: form, body: 'titles[99999999999999999999][value]=x' },
  {
    name: 'keys that reach a prototype',
    type: form,
    body: '__proto__[admin]=1&constructor[prototype][admin]=1&a[__proto__][b]=1',
  },
  { name: 'a field both a value and a group', type: form, body: 'a=1&a[b]=2&titles[0]=x&titles[0][value]=y' },
  {
    name: 'a multipart body cut short',
    type: mp('B'),
    body: '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue without an end',
  },
  { name: 'multipart without a boundary', type: 'multipart/form-data', body: 'no boundary here' },
  { name: 'invalid UTF-8 in a form', type: form, body: 'name=%FF%FE%C3%28&titles[0][value]=%ED%A0%80' },
  {
    name: 'invalid UTF-8 in JSON',
    type: json,
    body: bytes(
      '{"name":"',
      [0xff, 0xfe, 0xc3, 0x28],
      '","titles":[{"lang":"en","value":"',
      [0xed, 0xa0, 0x80],
      '"}]}',
    ),
  },
  { name: 'invalid JSON', type: json, body: '{"titles":[{"lang":' },
  {
    name: 'JSON nested twenty thousand deep',
    type: json,
    body: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  },
  { name: 'JSON null', type: json, body: 'null' },
  { name: 'a JSON array', type: json, body: '[1,2,3]' },
  { name: 'a JSON string', type: json, body: '"x"' },
  { name: 'an empty JSON body', type: json, body: '' },
  { name: 'plain text', type: 'text/plain', body: 'hello' },
  { name: 'XML', type: 'application/xml', body: '<?xml version="1.0"?><x>&amp;</x>' },
  { name: 'no content type', type: '', body: 'a=1' },
];

const named = (...names: string[]) => names.map((n) => CORPUS.find((b) => b.name === n)!);
const CORE = named(
  'NUL in JSON',
  'a 64-byte field with a huge row number',
  'a multipart body cut short',
  'JSON null',
);
/** What a browser signed in sends: forms, read for their CSRF token. */
const FORMS = named(
  'NUL in a form',
  'a 64-byte field with a huge row number',
  'more fields than any form',
  'a multipart body cut short',
  'keys that reach a prototype',
  'a field both a value and a group',
);

/** Queries and addresses sent to every page. */
const BAD_QUERIES = [
  '?q=%00&page=%00',
  '?q=%ED%A0%80&lang=%FF',
  '?page=-1&limit=1e309&offset=NaN&from=x&to=%',
  `?${'a[b]'.repeat(100)}=1&x[400000000]=1`,
  '?status=nonsense&sort=nonsense&material=a&material=b',
];

interface Actor {
  name: string;
  headers: () => Record<string, string>;
  csrf?: () => string;
  /** Signed in: not sent to sign out, which would end the session the rest of the corpus comes with. */
  keepsSession?: boolean;
}

async function setUp(engine: Engine) {
  // The error logger is the witness of any error no handler turned into an answer.
  const unhandled: string[] = [];
  const env: TestEnv = await createTestEnv(engine);
  const logger = pino({ level: 'error' }, { write: (line: string) => unhandled.push(line) });
  const app = createApp(env.services, logger);
  const s = env.services;
  const museum = await makeMuseum(s, 'hostile');
  const other = await makeMuseum(s, 'hostile-other');
  const director = await makeUser(s, { museum, role: 'director' });
  const object = await s.objects.create(director, museum.id, objectInput({ accessionNumber: 'H.1' }));
  const tokenFor = async (userId: string) =>
    (await s.repos.tokens.create(s.database.db, userId, 'hostile')).token;
  // Scripts with a token ask for JSON; a browser (anonymous, or signed in) gets pages.
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, accept: json });
  const actors: Actor[] = [{ name: 'anonymous', headers: () => ({}) }];
  for (const role of MUSEUM_ROLES) {
    const user = role === 'director' ? director : await makeUser(s, { museum, role });
    const token = await tokenFor(user.userId);
    actors.push({ name: role, headers: () => bearer(token) });
  }
  const outsider = await tokenFor((await makeUser(s, { museum: other, role: 'director' })).userId);
  actors.push({ name: 'director of another museum', headers: () => bearer(outsider) });
  const admin = await tokenFor((await makeUser(s, { admin: true })).userId);
  actors.push({ name: 'platform administrator', headers: () => bearer(admin) });
  // A director signed in, whose forms carry their CSRF token: the forms are read as a browser sends them.
  const browser = new Browser(app);
  await browser.signIn(director.email);
  const csrf = await browser.csrf();
  const cookie = { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), origin: ORIGIN };
  actors.push({ name: 'director signed in', headers: () => cookie, csrf: () => csrf, keepsSession: true });

  const params: Record<string, string> = {
    museum: 'hostile',
    slug: 'hostile',
    id: object.id,
    object: object.id,
    name: 'mapping',
    lang: 'ar',
    country: 'ma',
    table: 'museums.csv',
    file: 'objects-1.xml',
    region: 'full',
    size: 'max',
    rotation: '0',
    qualityFormat: 'default.jpg',
  };
  const urlOf = (path: string) =>
    path
      .replace(/:(\w+)(\{[^}]*\})?/g, (_, p: string) => params[p] ?? 'x')
      .replace(/\*$/, path.startsWith('/api/auth') ? 'sign-in/email' : 'x');
  const seen = new Set<string>();
  const routes = app.routes
    .filter(
      (r) =>
        r.method !== 'ALL' &&
        r.method !== 'OPTIONS' &&
        !seen.has(`${r.method} ${r.path}`) &&
        seen.add(`${r.method} ${r.path}`),
    )
    // Deletions last, so the records the other routes name are still there for them.
    .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

  const watch = await watchWrites(env, engine);
  return { env, app, unhandled, actors, routes, urlOf, watch };
}

/** Tables a request may not change when refused: all but sessions, tokens (their last use), rate limits and counters, and the search index's own. */
const UNWATCHED = new Set(['session', 'verification', 'api_token', 'rate_limit', 'usage_count']);

/**
 * A count of the rows written to the watched tables, kept by triggers this test adds (TEMP ones
 * on SQLite, of this test's own schema on PostgreSQL), and a snapshot of those tables, read only
 * when the count moved: the whole inventory can then be checked request by request in seconds.
 */
async function watchWrites(env: TestEnv, engine: Engine) {
  const db = env.services.database.db;
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((t) => !UNWATCHED.has(t) && !t.startsWith('search_fts'));
  const run = (q: string) => sql.raw(q).execute(db);
  if (engine === 'sqlite') {
    await run('CREATE TEMP TABLE hostile_writes (n INTEGER NOT NULL)');
    for (const t of tables)
      for (const op of ['INSERT', 'UPDATE', 'DELETE'])
        await run(
          `CREATE TEMP TRIGGER "hostile_${t}_${op}" AFTER ${op} ON main."${t}" BEGIN UPDATE hostile_writes SET n = n + 1; END`,
        );
  } else {
    await run('CREATE TABLE hostile_writes (n bigint NOT NULL)');
    await run(
      'CREATE FUNCTION hostile_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE hostile_writes SET n = n + 1; RETURN NULL; END $$',
    );
    for (const t of tables)
      await run(
        `CREATE TRIGGER hostile_count AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION hostile_count()`,
      );
  }
  await run('INSERT INTO hostile_writes VALUES (0)');
  return {
    count: async () =>
      Number((await sql<{ n: number }>`select n from hostile_writes`.execute(db)).rows[0]!.n),
    snapshot: async () => {
      const out: Record<string, unknown[]> = {};
      for (const t of tables) out[t] = (await sql.raw(`select * from "${t}"`).execute(db)).rows;
      return JSON.stringify(out);
    },
  };
}

type World = Awaited<ReturnType<typeof setUp>>;

/** Whether a refusal says what is wrong: a JSON error with its code and message, a page with its notice or field errors, or the plain-text reason IIIF's specification asks for. */
function saysWhy(res: Response, text: string): boolean {
  const type = res.headers.get('content-type') ?? '';
  // better-auth's own endpoints answer with their code and message at the top level.
  if (type.startsWith('application/json'))
    return /"code":"[A-Za-z_]+"/.test(text) && /"message":"[^"]+"/.test(text);
  if (type.startsWith('text/html'))
    return /class="(notice[^"]*|field-error|error)"|aria-invalid="true"/.test(text);
  return type.startsWith('text/plain') && text.trim().length > 0;
}

/** Sends each request and holds the invariants; returns the answers' statuses, for the tallies. */
async function hammer(w: World, requests: { label: string; send: () => Promise<Response> }[]) {
  const faults: string[] = [];
  let base = await w.watch.snapshot();
  let count = await w.watch.count();
  const statuses = new Map<number, number>();
  for (const r of requests) {
    let res: Response;
    try {
      res = await r.send();
    } catch (e) {
      faults.push(`${r.label}: threw ${(e as Error).message}`);
      continue;
    }
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const text = await res.text();
    if (res.status >= 500) faults.push(`${r.label}: ${res.status} ${text.slice(0, 200)}`);
    if (res.status >= 400 && !saysWhy(res, text)) faults.push(`${r.label}: ${res.status} without an error`);
    const now = await w.watch.count();
    if (now === count) continue;
    count = now;
    const after = await w.watch.snapshot();
    if (res.status >= 400 && after !== base)
      faults.push(`${r.label}: refused with ${res.status}, yet changed the database`);
    base = after;
  }
  return { faults, statuses };
}

function bodyRequests(w: World, plan: [Actor, Body[]][]) {
  const out: { label: string; send: () => Promise<Response> }[] = [];
  for (const route of w.routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')) {
    for (const [actor, corpus] of plan) {
      if (actor.keepsSession && /sign-out|\/api\/auth/.test(route.path)) continue;
      for (const b of corpus) {
        out.push({
          label: `${actor.name} ${route.method} ${route.path} with ${b.name}`,
          send: async () => {
            const headers: Record<string, string> = { ...actor.headers() };
            if (b.type) headers['content-type'] = b.type;
            let body = b.body;
            // Signed in, a form carries its token (the check reads it from the form itself), anything else the header the page's scripts send.
            if (actor.csrf && b.type === form) body = `_csrf=${actor.csrf()}&${b.body}`;
            else if (actor.csrf) headers['x-csrf-token'] = actor.csrf();
            return w.app.request(w.urlOf(route.path), {
              method: route.method,
              headers,
              body: body as BodyInit,
            });
          },
        });
      }
    }
  }
  return out;
}

function queryRequests(w: World, actors: Actor[], queries: string[]) {
  return w.routes
    .filter((r) => r.method === 'GET')
    .flatMap((route) =>
      actors.flatMap((actor) =>
        queries.map((q) => ({
          label: `${actor.name} GET ${route.path}${q.slice(0, 40)}`,
          send: async () => w.app.request(`${w.urlOf(route.path)}${q}`, { headers: actor.headers() }),
        })),
      ),
    );
}

describe('hostile requests to every route (sqlite)', () => {
  let w: World;
  beforeAll(async () => {
    w = await setUp('sqlite');
  }, 120_000);
  afterAll(() => w.env.close());

  it('answers every malformed body, anonymously and as each role, with a 4xx or a success, and refusing changes nothing', async () => {
    const started = Date.now();
    const plan = w.actors.map((a): [Actor, Body[]] => [
      a,
      a.name === 'anonymous' || a.name === 'director' ? CORPUS : a.keepsSession ? FORMS : CORE,
    ]);
    const { faults, statuses } = await hammer(w, bodyRequests(w, plan));
    expect(faults).toEqual([]);
    expect(w.unhandled).toEqual([]);
    // The corpus was refused, as a rule: by the checks of the body (400), or of who is asking.
    expect(
      statuses.get(400)! + (statuses.get(401) ?? 0) + (statuses.get(403) ?? 0) + (statuses.get(404) ?? 0),
    ).toBeGreaterThan(0.8 * [...statuses.values()].reduce((a, b) => a + b));
    expect(Date.now() - started).toBeLessThan(240_000);
  }, 300_000);

  it('answers every page asked with a malformed query or address without a 5xx', async () => {
    const anonymous = w.actors[0]!;
    const director = w.actors.find((a) => a.name === 'director')!;
    const requests = queryRequests(w, [anonymous, director], BAD_QUERIES);
    // A NUL in the address itself: refused before any handler looks it up.
    for (const path of [
      '/m/hostile%00',
      '/api/v1/museums/hostile%00/objects',
      `/api/v1/museums/hostile/objects/${'0'.repeat(8)}%00`,
    ]) {
      requests.push({
        label: `GET ${path}`,
        send: async () => w.app.request(path, { headers: director.headers() }),
      });
    }
    const { faults } = await hammer(w, requests);
    expect(faults).toEqual([]);
    expect(w.unhandled).toEqual([]);
  }, 300_000);
});

describe.each(ENGINES)('text that cannot be stored, on every route (%s)', (engine) => {
  let w: World;
  beforeAll(async () => {
    w = await setUp(engine);
  }, 120_000);
  afterAll(() => w.env.close());

  it('is refused with a 400 naming the field, the same on both engines, and nothing is written', async () => {
    const before = await w.watch.snapshot();
    const director = w.actors.find((a) => a.name === 'director')!;
    const nul = { 'content-type': json, ...director.headers() };
    // Where the input is read, the field is named.
    const cases: [string, string, string, string][] = [
      [
        'POST',
        '/api/v1/museums/hostile/objects',
        JSON.stringify({ accessionNumber: 'H.2', titles: [{ lang: 'en', value: 'Bowl\u0000' }] }),
        'titles.0.value',
      ],
      [
        'POST',
        '/api/v1/museums/hostile/objects',
        JSON.stringify({ accessionNumber: 'H.\ud800', titles: [{ lang: 'en', value: 'Bowl' }] }),
        'accessionNumber',
      ],
      [
        'POST',
        '/api/v1/museums/hostile/authorities',
        JSON.stringify({ type: 'person', labels: [{ lang: 'en', value: 'Ibn\u0000', preferred: true }] }),
        'labels.0.value',
      ],
      [
        'POST',
        '/api/v1/museums/hostile/locations',
        JSON.stringify({ code: 'L\u0000', kind: 'room', names: [{ lang: 'en', value: 'Room' }] }),
        'code',
      ],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await w.app.request(path, { method, headers: nul, body });
      expect(res.status, `${path} ${field}`).toBe(400);
      expect((await res.json()).error.fields, `${path} ${field}`).toEqual([
        expect.objectContaining({ path: field, code: 'invalid_text' }),
      ]);
    }
    // A staff form, and the public proposal form, anonymously.
    const signedIn = w.actors.find((a) => a.keepsSession)!;
    const page = await w.app.request('/staff/m/hostile/objects', {
      method: 'POST',
      headers: { ...signedIn.headers(), 'content-type': form, accept: json },
      body: `_csrf=${signedIn.csrf!()}&accessionNumber=H.3&titles[0][lang]=en&titles[0][value]=a%00`,
    });
    expect(page.status).toBe(400);
    expect((await page.json()).error.fields).toEqual([
      expect.objectContaining({ path: 'titles[0][value]', code: 'invalid_text' }),
    ]);
    const proposal = await w.app.request('/directory/propose', {
      method: 'POST',
      headers: { 'content-type': form, origin: ORIGIN, accept: json },
      body: 'name=Mus%00ee',
    });
    expect(proposal.status).toBe(400);
    expect((await proposal.json()).error.fields).toEqual([
      expect.objectContaining({ path: 'name', code: 'invalid_text' }),
    ]);
    expect(await w.watch.snapshot()).toBe(before);
    expect(w.unhandled).toEqual([]);
  });

  // SQLite keeps a NUL where PostgreSQL fails on it: the sweep of every route by the whole corpus above covers SQLite.
  it.runIf(engine === 'postgres')(
    'is refused on every route, anonymously and as a director, and nothing is written',
    async () => {
      const anonymous = w.actors.find((a) => a.name === 'anonymous')!;
      const director = w.actors.find((a) => a.name === 'director')!;
      const signedIn = w.actors.find((a) => a.keepsSession)!;
      const { faults } = await hammer(
        w,
        bodyRequests(w, [
          [anonymous, BAD_TEXT],
          [director, BAD_TEXT],
          [signedIn, BAD_TEXT.filter((b) => b.type === form)],
        ]),
      );
      expect(faults).toEqual([]);
      expect(w.unhandled).toEqual([]);
    },
    120_000,
  );
});
