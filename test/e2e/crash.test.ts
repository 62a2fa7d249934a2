// In the serial tier: it starts the server a hundred times per engine, each time killed with SIGKILL.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { boot } from '../../src/main.js';
import { allowedLocations, emptyLedger, kill, type Ledger, rng, startServer, workload } from '../crash.js';
import { makeMuseum, makeUser } from '../factories.js';
import { startThrowawayPostgres } from '../pg-server.js';

const BIN = new URL('../../bin/mathaf.js', import.meta.url).pathname;
/** Kills per engine: a hundred by default. */
const KILLS = Number(process.env.CRASH_KILLS ?? 100);
const SEED = Number(process.env.CRASH_SEED ?? 20261207);
const ENGINES = (inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite']).filter(
  (e) => !process.env.CRASH_ENGINE || e === process.env.CRASH_ENGINE,
);

/**
 * Crash safety: a stream of mixed staff writes (records, moves, uploads, imports, ZIP batches) to
 * `mathaf serve`, killed with SIGKILL at a random moment, checked, and started again, a hundred
 * times. Every write acknowledged before a kill is there and whole, nothing was written that was not
 * asked for, no record names a file that is missing, and at the end no job, import or batch is left
 * stuck and the fixity check finds every file recorded and intact. On PostgreSQL the database server
 * itself is crashed once under load too, and the platform goes on without a restart.
 */
describe.each(ENGINES)('killed at random points during writes (%s)', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), `mathaf-crash-${engine}-`));
  const media = join(dir, 'media');
  let env: Record<string, string>;
  let pgServer: ReturnType<typeof startThrowawayPostgres> = null;
  let token = '';
  let museumId = '';
  const locations: string[] = [];
  const ledger: Ledger = emptyLedger();

  beforeAll(async () => {
    let url = `sqlite:${join(dir, 'm.sqlite')}`;
    if (engine === 'postgres') {
      // A cluster of its own: it is crashed on purpose, which would cut every other test's connections.
      pgServer = startThrowawayPostgres();
      url = pgServer!.url;
    }
    env = { DATABASE_URL: url, MEDIA_DIR: media, NODE_ENV: 'test', FIXITY_INTERVAL_HOURS: '0' };
    const b = await boot(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    const museum = await makeMuseum(b.services, 'crash');
    museumId = museum.id;
    const registrar = await makeUser(b.services, { museum, role: 'registrar' });
    token = (await b.services.repos.tokens.create(b.database.db, registrar.userId, 'crash')).token;
    for (const code of ['S1', 'S2', 'S3']) {
      locations.push(
        (
          await b.services.locations.create(registrar, museum.id, {
            kind: 'room',
            code,
            names: [{ lang: 'en', value: `Store ${code}` }],
          })
        ).id,
      );
    }
    await b.database.close();
  }, 120_000);
  afterAll(() => {
    pgServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What must hold after every kill, read from the database and the media folder as the server left them. */
  async function check(round: number, final = false): Promise<void> {
    const database = openDatabase(env.DATABASE_URL!, { poolMax: 2 });
    const db = database.db;
    try {
      if (engine === 'sqlite') {
        expect(
          (await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db)).rows,
          `round ${round}`,
        ).toEqual([{ integrity_check: 'ok' }]);
        expect((await sql`PRAGMA foreign_key_check`.execute(db)).rows, `round ${round}`).toEqual([]);
      }
      expect(
        ledger.refused,
        `round ${round}: answers that were neither a success nor a lost connection`,
      ).toEqual([]);
      const objects = await db
        .selectFrom('object')
        .select(['id', 'accession_number'])
        .where('museum_id', '=', museumId)
        .execute();
      const byAccession = new Map(objects.map((o) => [o.accession_number, o.id]));
      for (const [accession, id] of ledger.objects)
        expect(byAccession.get(accession), `round ${round}: acknowledged ${accession}`).toBe(id);
      for (const o of objects)
        expect(
          ledger.attemptedObjects.has(o.accession_number),
          `round ${round}: ${o.accession_number} was never asked for`,
        ).toBe(true);
      // Whole: each record has its search document and the audit event of its creation, written in its transaction.
      const indexed = new Set(
        (await db.selectFrom('search_doc').select('object_id').execute()).map((d) => d.object_id),
      );
      const audited = new Set(
        (
          await db
            .selectFrom('audit_event')
            .select('entity_id')
            .where('entity_type', '=', 'object')
            .where('action', '=', 'create')
            .execute()
        ).map((e) => e.entity_id),
      );
      for (const o of objects) {
        expect(indexed.has(o.id), `round ${round}: ${o.accession_number} has no search document`).toBe(true);
        expect(audited.has(o.id), `round ${round}: ${o.accession_number} has no audit event`).toBe(true);
      }
      const at = new Map(
        (await db.selectFrom('object_location').select(['object_id', 'location_id']).execute()).map((l) => [
          l.object_id,
          l.location_id,
        ]),
      );
      for (const [id, moves] of ledger.moves)
        expect(allowedLocations(moves).has(at.get(id) ?? null), `round ${round}: location of ${id}`).toBe(
          true,
        );
      const files = await db
        .selectFrom('media')
        .select(['id', 'storage_key'])
        .where('museum_id', '=', museumId)
        .execute();
      const mediaIds = new Set(files.map((f) => f.id));
      for (const id of ledger.media)
        expect(mediaIds.has(id), `round ${round}: acknowledged upload ${id}`).toBe(true);
      for (const f of files)
        expect(existsSync(join(media, f.storage_key)), `round ${round}: the file of media ${f.id}`).toBe(
          true,
        );
      const batches = new Map(
        (await db.selectFrom('media_batch').select(['id', 'status']).execute()).map((b) => [b.id, b.status]),
      );
      for (const [id, saved] of ledger.batches) {
        expect(batches.get(id), `round ${round}: batch ${id}`).toBe('saved');
        for (const m of saved) expect(mediaIds.has(m), `round ${round}: batch ${id}'s media ${m}`).toBe(true);
      }
      const imports = new Map(
        (await db.selectFrom('import_batch').select(['id', 'status', 'error']).execute()).map((b) => [
          b.id,
          b,
        ]),
      );
      for (const [id, accessions] of ledger.imports) {
        const b = imports.get(id);
        expect(
          ['queued', 'running', 'done', 'failed'],
          `round ${round}: import ${id} ${b?.status} ${b?.error}`,
        ).toContain(b?.status);
        // Whole or not at all: done with every row, or (its worker killed in it at every try, as a job that
        // brings its process down would be) failed with the reason said and every row taken back.
        if (b?.status === 'done')
          for (const a of accessions) expect(byAccession.has(a), `import ${id}: ${a}`).toBe(true);
        if (b?.status === 'failed') {
          expect(b.error, `import ${id}`).toMatch(/stopped/);
          for (const a of accessions) expect(byAccession.has(a), `import ${id}: ${a} taken back`).toBe(false);
        }
        if (final) expect(['done', 'failed'], `import ${id}`).toContain(b?.status);
      }
      if (final) {
        expect(
          [...batches.values()].filter((s) => s === 'saving'),
          'batches left saving',
        ).toEqual([]);
        const stuck = await db
          .selectFrom('job')
          .select(['kind', 'status', 'run_after', 'last_error'])
          .where((eb) =>
            eb.or([
              eb('status', '=', 'running'),
              eb.and([eb('status', '=', 'pending'), eb('run_after', '<=', new Date().toISOString())]),
            ]),
          )
          .execute();
        expect(stuck, 'jobs left running or overdue').toEqual([]);
      }
    } finally {
      await database.close();
    }
  }

  /** Waits until the server has nothing left to do: imports ended, batches saved, jobs done. */
  async function settled(): Promise<void> {
    const database = openDatabase(env.DATABASE_URL!, { poolMax: 2 });
    try {
      for (const end = Date.now() + 180_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
        const busy = await database.db
          .selectFrom('job')
          .select('id')
          .where((eb) =>
            eb.or([
              eb('status', '=', 'running'),
              eb.and([eb('status', '=', 'pending'), eb('run_after', '<=', new Date().toISOString())]),
            ]),
          )
          .executeTakeFirst();
        const importing = await database.db
          .selectFrom('import_batch')
          .select('id')
          .where('status', 'in', ['queued', 'running'])
          .executeTakeFirst();
        const saving = await database.db
          .selectFrom('media_batch')
          .select('id')
          .where('status', '=', 'saving')
          .executeTakeFirst();
        if (!busy && !importing && !saving) return;
      }
    } finally {
      await database.close();
    }
  }

  it(`keeps every acknowledged write whole across ${KILLS} kills, and leaves nothing stuck`, async () => {
    const r = rng(SEED);
    const started = Date.now();
    for (let round = 1; round <= KILLS; round++) {
      const server = await startServer(env);
      if (process.env.CRASH_VERBOSE)
        console.log(
          `round ${round} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${ledger.objects.size} objects, ${ledger.media.size} uploads, ${ledger.imports.size} imports, ${ledger.batches.size} batches acknowledged`,
        );
      const load = workload({
        base: server.base,
        museum: 'crash',
        token,
        locations,
        ledger,
        round,
        clients: 3,
        seed: SEED + round,
      });
      if (pgServer && round === Math.ceil(KILLS / 2)) {
        // The database server crashes under load; the platform serves writes again once it is back, without a restart.
        await new Promise((res) => setTimeout(res, 200));
        pgServer.crashAndRestart();
        load.stop();
        await load.done;
        ledger.refused.length = 0;
        let status = 0;
        for (let i = 0; i < 60 && status !== 201; i++) {
          const accession = `P.${round}.${i}`;
          ledger.attemptedObjects.add(accession);
          const res = await fetch(`${server.base}/api/v1/museums/crash/objects`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              accessionNumber: accession,
              titles: [{ lang: 'en', value: 'After the restart' }],
            }),
          }).catch(() => null);
          status = res?.status ?? 0;
          if (status === 201) ledger.objects.set(accession, ((await res!.json()) as { id: string }).id);
          else await new Promise((res) => setTimeout(res, 500));
        }
        expect(
          status,
          `a write once PostgreSQL is back; the server said:\n${server.output().slice(-3000)}`,
        ).toBe(201);
        await kill(server.proc);
      } else {
        // Killed at a random moment once writes are flowing (the first answers of a process just started come slowly).
        const acked = ledger.objects.size;
        for (let i = 0; i < 200 && ledger.objects.size === acked && ledger.refused.length === 0; i++)
          await new Promise((res) => setTimeout(res, 25));
        await new Promise((res) => setTimeout(res, r.int(800)));
        await kill(server.proc);
        load.stop();
        await load.done;
      }
      await check(round);
    }
    // Once more, left to finish what it had begun, then stopped as an operator would.
    const server = await startServer(env);
    await settled();
    await kill(server.proc, 'SIGTERM');
    await check(KILLS + 1, true);
    // The server is stopped, so no upload is on its way: originals that no record names are set aside at once, and recorded.
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'fixity'], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent', ORPHAN_GRACE_MINUTES: '0' },
    });
    expect(stdout).toMatch(
      /^Checked (\d+): \1 intact, 0 changed, 0 missing, 0 untracked, \d+ set aside, 0 restored\./m,
    );
    const again = await promisify(execFile)(process.execPath, [BIN, 'fixity'], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    });
    expect(again.stdout).toMatch(
      /^Checked (\d+): \1 intact, 0 changed, 0 missing, 0 untracked, 0 set aside, 0 restored\./m,
    );
    expect(
      (existsSync(join(media, 'tmp')) ? readdirSync(join(media, 'tmp')) : []).filter((f) =>
        f.endsWith('.part'),
      ),
      'temporary files left',
    ).toEqual([]);
    expect(ledger.objects.size).toBeGreaterThan(KILLS);
  }, 3_600_000);
});
