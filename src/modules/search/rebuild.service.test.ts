import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, ENGINES, type TestEnv } from '../../../test/database.js';
import { makeMuseum, makeUser, objectInput } from '../../../test/factories.js';
import { RebuildRepository } from './rebuild.repository.js';
import { RebuildService } from './rebuild.service.js';

/** A process that dies after writing a given number of pages, as a SIGKILL would stop it. */
class Killed extends Error {}

describe.each(ENGINES)('rebuilds of the search index that outlive their process (%s)', (engine) => {
  let env: TestEnv;
  let clock: Date;
  let rebuilds: RebuildService;
  const titles = Array.from({ length: 11 }, (_, i) => `Astrolabe number ${i} zijrebuild${i}`);
  const found = async () => (await env.services.searches.searchPublic({ q: 'astrolabe' })).total;

  beforeAll(async () => {
    env = await createTestEnv(engine);
    const s = env.services;
    const museum = await makeMuseum(s);
    const curator = await makeUser(s, { museum, role: 'curator' });
    for (const value of titles)
      await s.objects.create(
        curator,
        museum.id,
        objectInput({ visibility: 'public', titles: [{ lang: 'en', value }] }),
      );
    clock = new Date('2026-12-07T10:00:00Z');
    rebuilds = new RebuildService(
      { db: s.database.db, dialect: s.database.dialect },
      s.repos.search,
      s.repos.objects,
      new RebuildRepository(),
      60_000,
      () => clock,
    );
  });
  afterAll(() => env.close());

  it('takes up a rebuild from empty killed half-way where it stopped, once its process has shown no sign of life for a minute', async () => {
    const db = env.services.database.db;
    const all = await env.services.repos.search.all(db);
    expect(await found()).toBe(titles.length);
    const die = (pages: number) => async (written: number) => {
      if (written >= pages * 3) throw new Killed();
    };
    await expect(rebuilds.run({ emptyFirst: true, pageSize: 3, onPage: die(2) })).rejects.toBeInstanceOf(
      Killed,
    );
    // Killed: search finds only the pages written, and the rebuild is recorded with its last object.
    expect(await found()).toBe(6);
    const stopped = await rebuilds.state();
    expect(stopped).toMatchObject({ emptyFirst: true });
    expect(stopped!.after).not.toBeNull();
    // While the run may still be alive, another is refused and the periodic check leaves it be.
    clock = new Date(clock.getTime() + 30_000);
    await expect(rebuilds.run()).rejects.toMatchObject({ status: 409, code: 'rebuild_running' });
    expect(await rebuilds.resumeStale()).toBeNull();
    // A minute without a sign of life: the check takes it up after the last page written, and finishes it.
    clock = new Date(clock.getTime() + 31_000);
    expect(await rebuilds.resumeStale({ pageSize: 3 })).toEqual({
      objects: titles.length - 6,
      resumed: true,
    });
    expect(await rebuilds.state()).toBeUndefined();
    expect(await found()).toBe(titles.length);
    expect(await env.services.repos.search.all(db)).toEqual(all);
    expect((await env.services.searches.searchPublic({ q: 'zijrebuild10' })).total).toBe(1);
  });

  it('takes up a stopped rebuild when the command is run again, and stops a stalled run that another took over', async () => {
    const db = env.services.database.db;
    const all = await env.services.repos.search.all(db);
    await expect(
      rebuilds.run({
        emptyFirst: true,
        pageSize: 4,
        onPage: async () => {
          throw new Killed();
        },
      }),
    ).rejects.toBeInstanceOf(Killed);
    expect(await found()).toBe(4);
    clock = new Date(clock.getTime() + 120_000);
    // The stalled run wakes after another has taken its rebuild over: its next page is refused and writes nothing.
    let stalled: Promise<unknown> | null = null;
    const other = rebuilds.run({
      pageSize: 4,
      onPage: async () => {
        if (stalled) return;
        clock = new Date(clock.getTime() + 120_000);
        stalled = rebuilds.resumeStale({ pageSize: 4 });
        expect(await stalled).toMatchObject({ resumed: true });
        expect(await rebuilds.state()).toBeUndefined();
      },
    });
    await expect(other).rejects.toMatchObject({ status: 409, code: 'rebuild_taken_over' });
    expect(await found()).toBe(titles.length);
    expect(await env.services.repos.search.all(db)).toEqual(all);
  });

  it('is taken up by the worker’s periodic check, which queues the next one', async () => {
    const s = env.services;
    const db = s.database.db;
    const all = await s.repos.search.all(db);
    await s.repos.search.clear(db);
    // A rebuild from empty whose process stopped two minutes ago, before its first page.
    const at = new Date(Date.now() - 120_000).toISOString();
    expect(
      await new RebuildRepository().begin(db, {
        owner: 'elsewhere/1/x',
        emptyFirst: true,
        after: null,
        startedAt: at,
        beatAt: at,
      }),
    ).toBe(true);
    expect(await found()).toBe(0);
    await s.scheduleRebuildCheck();
    const [check] = await s.repos.jobs.pending(db, 'search-rebuild');
    expect(Date.parse(check!.run_after)).toBeGreaterThan(Date.now() + 50_000);
    await s.repos.jobs.enqueue(db, 'search-rebuild', {});
    await s.worker.drain();
    expect(await rebuilds.state()).toBeUndefined();
    expect(await found()).toBe(titles.length);
    expect(await s.repos.search.all(db)).toEqual(all);
    expect(await s.repos.jobs.pending(db, 'search-rebuild')).toHaveLength(2);
  });
});
