import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_MMAP_DEFAULT } from '../config.js';
import { openDatabase } from './database.js';

describe('an embedded database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const mapped = async (options: Parameters<typeof openDatabase>[1]) => {
    const database = openDatabase(`sqlite:${join(dir, `m${Math.random()}.sqlite`)}`, options);
    try {
      const journal = (await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(database.db)).rows[0]!
        .journal_mode;
      return {
        journal,
        mmap: Number(
          (await sql<{ mmap_size: number }>`PRAGMA mmap_size`.execute(database.db)).rows[0]!.mmap_size,
        ),
      };
    } finally {
      await database.close();
    }
  };

  it('is read through memory mapping, a gigabyte of it unless told otherwise, in WAL mode', async () => {
    expect(await mapped({})).toEqual({ journal: 'wal', mmap: SQLITE_MMAP_DEFAULT });
    expect(await mapped({ mmapBytes: 64 * 1024 * 1024 })).toEqual({ journal: 'wal', mmap: 64 * 1024 * 1024 });
    expect((await mapped({ mmapBytes: 0 })).mmap).toBe(0);
  });
});
