// In the serial tier: it starts two servers, an object store and a proxy, and kills one server.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { boot } from '../../src/main.js';
import { kill, startServer } from '../crash.js';
import { makeMuseum, makeUser, TEST_PASSWORD } from '../factories.js';
import { startS3 } from '../s3-server.js';

const SECRET = 'scale-out-secret-shared-by-every-app-server-0000';

/**
 * A small load balancer as the README prescribes one: each request to one of the app servers (the
 * one named by `x-backend`, or each in turn), with the client's address (`x-client`, as if from
 * elsewhere) appended to X-Forwarded-For.
 */
function balancer(backends: () => string[]): Promise<{ server: Server; url: string }> {
  let turn = 0;
  const server = createServer((req, res) => {
    const all = backends();
    const chosen =
      req.headers['x-backend'] !== undefined
        ? all[Number(req.headers['x-backend'])]!
        : all[turn++ % all.length]!;
    const target = new URL(req.url ?? '/', chosen);
    const { 'x-backend': _b, 'x-client': client, ...rest } = req.headers;
    const headers = { ...rest, host: target.host, 'x-forwarded-for': String(client ?? '198.51.100.10') };
    const out = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/** A browser of one person at one address, keeping its cookies, through the balancer. */
class Person {
  private readonly cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly address: string,
  ) {}

  async fetch(path: string, backend: number, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-backend', String(backend));
    headers.set('x-client', this.address);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      if (pair!.slice(i + 1) === '' || /max-age=0/i.test(c)) this.cookies.delete(pair!.slice(0, i));
      else this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }

  /** Signs in on one server: the form from it, the answer from it. */
  async signIn(email: string, password: string, backend: number): Promise<Response> {
    const form = await (await this.fetch('/sign-in', backend)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    return this.fetch('/sign-in', backend, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, email, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.base },
    });
  }
}

/**
 * Scale-out: two app servers behind a balancer, one PostgreSQL, one S3-compatible store. Sessions,
 * jobs, caches and the sign-in limits behave as one system, and a server killed in the middle of a
 * job has it finished by the other.
 */
describe.skipIf(!inject('pgUrl'))('two app servers behind a balancer, one database, one object store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-scale-'));
  const servers: { proc: ChildProcess; base: string; output: () => string }[] = [];
  let lb: { server: Server; url: string };
  let s3: Awaited<ReturnType<typeof startS3>>;
  let admin: pg.Client;
  let databaseUrl = '';
  let token = '';
  let directorEmail = '';
  let objectId = '';
  const dbName = `scale_${Date.now().toString(36)}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const u = new URL(inject('pgUrl'));
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
    s3 = await startS3();
    lb = await balancer(() => servers.map((s) => s.base));
    const shared = {
      ...s3.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: SECRET,
      PUBLIC_URL: lb.url,
      TRUSTED_PROXIES: '127.0.0.1',
      SIGNIN_RATE_LIMIT: '3',
      NODE_ENV: 'test',
      FIXITY_INTERVAL_HOURS: '0',
    };
    const b = await boot(loadConfig({ ...shared, MEDIA_DIR: join(dir, 'setup'), LOG_LEVEL: 'silent' }));
    const museum = await makeMuseum(b.services, 'scale');
    const director = await makeUser(b.services, { museum, role: 'director' });
    directorEmail = director.email;
    const registrar = await makeUser(b.services, { museum, role: 'registrar' });
    token = (await b.services.repos.tokens.create(b.database.db, registrar.userId, 'scale')).token;
    objectId = (
      await b.services.objects.create(registrar, museum.id, {
        accessionNumber: 'S.1',
        visibility: 'public',
        titles: [{ lang: 'en', value: 'Lustre bowl' }],
      })
    ).id;
    await b.database.close();
    for (const name of ['a', 'b']) servers.push(await startServer({ ...shared, MEDIA_DIR: join(dir, name) }));
  }, 300_000);

  afterAll(async () => {
    for (const s of servers) await kill(s.proc, 'SIGTERM');
    await new Promise((r) => lb.server.close(r));
    await s3.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (path: string, backend: number, init: RequestInit = {}) =>
    fetch(`${lb.url}/api/v1/museums/scale${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'x-backend': String(backend), ...(init.headers ?? {}) },
    });

  it('knows on one server a session begun on the other, and ends it on both', async () => {
    const director = new Person(lb.url, '203.0.113.20');
    expect((await director.signIn(directorEmail, TEST_PASSWORD, 0)).status).toBe(303);
    expect((await director.fetch('/staff', 1)).status).toBe(200);
    expect((await director.fetch('/staff', 0)).status).toBe(200);
    const page = await (await director.fetch('/staff', 1)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    expect(
      (
        await director.fetch('/sign-out', 1, {
          method: 'POST',
          body: new URLSearchParams({ _csrf: csrf }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: lb.url },
        })
      ).status,
    ).toBe(303);
    expect((await director.fetch('/staff', 0)).status).toBe(303);
  });

  it('counts sign-in attempts on both servers as one, per client address behind the balancer', async () => {
    const attacker = new Person(lb.url, '203.0.113.66');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await attacker.signIn(directorEmail, 'wrong password', i % 2)).status);
    // Three refused passwords, on either server; the fourth attempt is not even tried.
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attacker.signIn(directorEmail, TEST_PASSWORD, 1)).status).toBe(429);
    // The account's owner, elsewhere behind the same balancer, is not locked out.
    expect((await new Person(lb.url, '203.0.113.21').signIn(directorEmail, TEST_PASSWORD, 0)).status).toBe(
      303,
    );
  });

  it('shows at once on one server an edit made on the other, though each keeps pages rendered', async () => {
    const page = async (backend: number) =>
      (
        await fetch(`${lb.url}/en/m/scale/objects/${objectId}`, { headers: { 'x-backend': String(backend) } })
      ).text();
    for (const backend of [0, 1, 0, 1]) expect(await page(backend)).toContain('Lustre bowl');
    const res = await api(`/objects/${objectId}`, 0, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ titles: [{ lang: 'en', value: 'Lustre bowl with a hare' }] }),
    });
    expect(res.status).toBe(200);
    expect(await page(1)).toContain('Lustre bowl with a hare');
  });

  it('runs each job once, on either server, and serves from one what was stored through the other', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const jpeg = await sharp({
        create: { width: 300 + i, height: 200, channels: 3, background: { r: 40 * i, g: 90, b: 160 } },
      })
        .jpeg()
        .toBuffer();
      const res = await api(`/objects/${objectId}/media`, i % 2, {
        method: 'POST',
        body: new Uint8Array(jpeg),
        headers: { 'x-filename': `S.1_${i}.jpg` },
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      for (const end = Date.now() + 120_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
        const { rows } = await db.query(
          "SELECT count(*)::int AS n FROM job WHERE kind = 'derivatives' AND status <> 'done'",
        );
        if (rows[0].n === 0) break;
      }
      const { rows } = await db.query("SELECT status, attempts FROM job WHERE kind = 'derivatives'");
      expect(rows).toHaveLength(6);
      for (const r of rows) expect(r).toEqual({ status: 'done', attempts: 1 });
    } finally {
      await db.end();
    }
    for (const [k, id] of ids.entries()) {
      const info = await fetch(`${lb.url}/iiif/3/${id}/info.json`, {
        headers: { 'x-backend': String((k + 1) % 2) },
      });
      expect(info.status, id).toBe(200);
      expect(((await info.json()) as { width: number }).width).toBe(300 + k);
    }
  });

  it('has a job of a server killed in its middle finished by the other, once', async () => {
    const rows = 30_000;
    const csv = `accession_number,title\r\n${Array.from({ length: rows }, (_, i) => `K.${i},Tile ${i}`).join('\r\n')}\r\n`;
    const up = await api('/imports', 0, {
      method: 'POST',
      body: csv,
      headers: { 'x-filename': 'tiles.csv' },
    });
    expect(up.status).toBe(201);
    const batch = ((await up.json()) as { batch: { id: string } }).batch.id;
    const mapping = {
      columns: [
        { column: 'accession_number', field: 'accessionNumber' },
        { column: 'title', field: 'title', lang: 'en' },
      ],
      visibility: 'internal',
    };
    expect(
      (
        await api(`/imports/${batch}/run`, 0, {
          method: 'POST',
          body: JSON.stringify({ mapping }),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(202);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // The server whose worker took the job (its claim names its process) is killed while it runs it.
      let holder: number | undefined;
      for (
        const end = Date.now() + 60_000;
        !holder && Date.now() < end;
        await new Promise((r) => setTimeout(r, 50))
      ) {
        const { rows: jobs } = await db.query(
          "SELECT locked_by FROM job WHERE kind = 'import' AND status = 'running'",
        );
        const pid = Number(String(jobs[0]?.locked_by ?? '').split('/')[1]);
        holder = servers.findIndex((s) => s.proc.pid === pid) + 1 || undefined;
      }
      expect(holder, 'a server took the import').toBeDefined();
      const victim = servers[holder! - 1]!;
      await kill(victim.proc);
      const other = 2 - holder!;
      for (const end = Date.now() + 120_000; Date.now() < end; await new Promise((r) => setTimeout(r, 500))) {
        const { rows: b } = await db.query('SELECT status FROM import_batch WHERE id = $1', [batch]);
        if (b[0].status === 'done' || b[0].status === 'failed') break;
      }
      const { rows: b } = await db.query('SELECT status, error FROM import_batch WHERE id = $1', [batch]);
      expect(b[0]).toEqual({ status: 'done', error: null });
      const { rows: objects } = await db.query(
        "SELECT count(*)::int AS n, count(DISTINCT accession_number)::int AS d FROM object WHERE accession_number LIKE 'K.%'",
      );
      expect(objects[0]).toEqual({ n: rows, d: rows });
      const { rows: job } = await db.query("SELECT status, attempts FROM job WHERE kind = 'import'");
      expect(job).toEqual([{ status: 'done', attempts: 2 }]);
      // The other server still answers, through the balancer.
      expect((await api(`/imports/${batch}`, other)).status).toBe(200);
      servers.splice(holder! - 1, 1);
    } finally {
      await db.end();
    }
  });
});
