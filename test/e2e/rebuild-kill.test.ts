// In the serial tier: it starts whole processes, which a loaded machine starts slowly.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { newId, nowIso } from '../../src/db/ids.js';
import { SYSTEM_ACTOR } from '../../src/modules/access/roles.js';
import { accessionSortKey } from '../../src/modules/common/sort-keys.js';
import { boot } from '../../src/main.js';

const BIN = new URL('../../bin/mathaf.js', import.meta.url).pathname;
const OBJECTS = 6000;

/** `mathaf search:rebuild --empty-first` killed by SIGKILL half-way, on an SQLite file, and run again. */
describe('a rebuild from empty killed half-way', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mathaf-rebuild-kill-'));
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'm.sqlite')}`,
      MEDIA_DIR: join(dir, 'media'),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    };
    const b = await boot(loadConfig(env));
    const museum = await b.services.museums.create(SYSTEM_ACTOR, {
      slug: 'kill',
      names: [{ lang: 'en', value: 'Kill' }],
    });
    const now = nowIso();
    await b.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < OBJECTS; i += 100) {
        await trx
          .insertInto('object')
          .values(
            Array.from({ length: 100 }, (_, k) => ({
              id: newId(),
              museum_id: museum.id,
              accession_number: `K.${i + k}`,
              accession_sort: accessionSortKey(`K.${i + k}`),
              visibility: 'public',
              titles: JSON.stringify([
                { lang: 'en', value: `Lamp ${i + k}` },
                { lang: 'ar', value: `قنديل ${i + k}` },
              ]),
              descriptions: '[]',
              sort_title: `Lamp ${i + k}`,
              other_numbers: '[]',
              dimensions: '[]',
              inscriptions: '[]',
              provenance: '[]',
              credit_line: '[]',
              keywords: '[]',
              rights: null,
              date_earliest: null,
              date_latest: null,
              date_review: 0,
              created_at: now,
              updated_at: now,
              created_by: null,
              updated_by: null,
              version: 1,
            })),
          )
          .execute();
      }
    });
    await b.services.rebuilds.run();
    await b.database.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the rebuild recorded, and the command run again takes it up where it stopped and makes search whole', async () => {
    const db = new SQLite(join(dir, 'm.sqlite'), { readonly: true });
    const publicDocuments = () =>
      (db.prepare('SELECT count(*) AS n FROM search_doc WHERE is_public = 1').get() as { n: number }).n;
    const progress = () =>
      db.prepare('SELECT after_id AS after FROM search_rebuild').get() as
        | { after: string | null }
        | undefined;
    try {
      expect(publicDocuments()).toBe(OBJECTS);
      const proc = spawn(process.execPath, [BIN, 'search:rebuild', '--empty-first'], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      const exited = new Promise((r) => proc.once('exit', r));
      // Killed once its first page is written, as a power cut or an operator's kill -9 would stop it.
      for (let i = 0; !progress()?.after; i++) {
        if (proc.exitCode !== null || i > 3000)
          throw new Error('the rebuild ended before it could be killed');
        await new Promise((r) => setTimeout(r, 10));
      }
      proc.kill('SIGKILL');
      await exited;
      const partial = publicDocuments();
      expect(partial).toBeLessThan(OBJECTS);
      expect(progress()?.after).toBeTruthy();
      // Run again at once: the dead process's rebuild is taken up (not refused as running, nor begun anew), and finished.
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'search:rebuild'], {
        env: { ...process.env, ...env },
      });
      expect(stdout).toMatch(/taken up and finished \((\d+) objects written\)/);
      expect(Number(/\((\d+) objects written\)/.exec(stdout)![1])).toBeLessThan(OBJECTS);
      expect(publicDocuments()).toBe(OBJECTS);
      expect(progress()).toBeUndefined();
    } finally {
      db.close();
    }
  }, 120_000);
});
