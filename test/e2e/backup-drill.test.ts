// In the serial tier: it starts whole processes (a server, a backup, a restore), which a loaded machine starts slowly.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { boot } from '../../src/main.js';
import { ENGINES } from '../database.js';
import { makeMuseum, makeUser } from '../factories.js';

const BIN = new URL('../../bin/mathaf.js', import.meta.url).pathname;
const run = promisify(execFile);

async function until<T>(f: () => T | undefined | Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve()
      .then(f)
      .catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The restore drill: a platform taking writes (records and images, through its API) is backed up
 * by `mathaf backup` in a process of its own, and the backup restored by `mathaf restore` on an
 * empty database and media folder. The restore's counts and digests must match what the backup
 * recorded, hold every write acknowledged before the backup began, and name no file it lacks.
 */
describe.each(ENGINES)('the restore drill (%s)', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), `mathaf-drill-${engine}-`));
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /** An empty database of the engine: a SQLite file, or a database of its own on the test server. */
  async function emptyDatabase(name: string): Promise<string> {
    if (engine === 'sqlite') return `sqlite:${join(dir, `${name}.sqlite`)}`;
    const admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    const db = `${name}_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${db}`);
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    });
    const u = new URL(inject('pgUrl'));
    u.pathname = `/${db}`;
    return u.toString();
  }

  it('backs up during writes and restores every acknowledged write, row for row and byte for byte', async () => {
    const source = {
      DATABASE_URL: await emptyDatabase('source'),
      MEDIA_DIR: join(dir, 'source-media'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    };
    const b = await boot(loadConfig(source));
    const museum = await makeMuseum(b.services, 'drill');
    const registrar = await makeUser(b.services, { museum, role: 'registrar' });
    const { token } = await b.services.repos.tokens.create(b.database.db, registrar.userId, 'drill');
    await b.database.close();

    const server: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, ...source, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    });
    let output = '';
    server.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    server.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const port = await until(() => output.match(/"port":(\d+)/)?.[1]);
    const base = `http://127.0.0.1:${port}/api/v1/museums/drill`;
    const headers = { authorization: `Bearer ${token}` };

    // Writers: records, and an image on every fifth, each noted once acknowledged.
    const acknowledged: { accession: string; at: number; image: boolean }[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const accession = `D.${w}.${i}`;
        const res = await fetch(`${base}/objects`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ accessionNumber: accession, titles: [{ lang: 'ar', value: `مشكاة ${i}` }] }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
        const { id } = (await res.json()) as { id: string };
        let image = false;
        if (i % 5 === 0) {
          const jpeg = await sharp({
            create: {
              width: 64 + w,
              height: 48 + (i % 50),
              channels: 3,
              background: { r: i % 255, g: w * 40, b: 90 },
            },
          })
            .jpeg()
            .toBuffer();
          const up = await fetch(`${base}/objects/${id}/media`, {
            method: 'POST',
            headers: { ...headers, 'x-filename': `${accession}.jpg` },
            body: jpeg,
          });
          expect(up.status).toBe(201);
          image = true;
        }
        acknowledged.push({ accession, at: Date.now(), image });
      }
    };
    const writers = [0, 1, 2].map(writer);
    await until(() => (acknowledged.length >= 30 ? true : undefined));

    const out = join(dir, 'backup');
    const began = Date.now();
    const backup = await run(process.execPath, [BIN, 'backup', '--out', out], {
      env: { ...process.env, ...source },
    });
    const ended = Date.now();
    const during = acknowledged.filter((a) => a.at > began && a.at < ended).length;
    writing = false;
    await Promise.all(writers);
    expect(backup.stdout).toMatch(/Backup written to/);
    // Writes went on while it ran.
    expect(during).toBeGreaterThan(0);

    const target = {
      DATABASE_URL: await emptyDatabase('restored'),
      MEDIA_DIR: join(dir, 'restored-media'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    };
    const restore = await run(process.execPath, [BIN, 'restore', '--from', out], {
      env: { ...process.env, ...target },
    }).catch((e: { stdout: string; code: number }) => e);
    expect(restore.stdout).toMatch(/Restored: \d+ tables and \d+ files, all as backed up\./);

    // Every write acknowledged before the backup began is there; the images' files are whole.
    const r = await boot(loadConfig(target));
    cleanups.push(() => r.database.close());
    const actor = (await r.services.actors.forUser(registrar.userId))!;
    const kept = new Set(
      (await r.database.db.selectFrom('object').select('accession_number').execute()).map(
        (o) => o.accession_number,
      ),
    );
    const before = acknowledged.filter((a) => a.at < began);
    expect(before.length).toBeGreaterThanOrEqual(30);
    for (const a of before) expect(kept.has(a.accession), a.accession).toBe(true);
    expect(kept.size).toBeLessThanOrEqual(acknowledged.length);
    const fixity = await r.services.fixity.run();
    expect({ changed: fixity.changed, missing: fixity.missing }).toEqual({ changed: [], missing: [] });
    expect(fixity.ok).toBeGreaterThanOrEqual(before.filter((a) => a.image).length);
    expect((await r.services.searches.searchMuseum(actor, museum.id, { q: 'مشكاة' })).total).toBe(kept.size);
  }, 300_000);
});
