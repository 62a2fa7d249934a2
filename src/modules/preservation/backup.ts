import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { tableCounts as countRows } from '../../db/snapshot.js';
import type { Storage } from '../media/storage.adapter.js';

/** What a backup holds, written beside it as `backup.json`: enough to restore it and to check the restore. */
export interface BackupManifest {
  format: 'mathaf-backup/1';
  createdAt: string;
  engine: 'sqlite' | 'postgres';
  /** The database file, relative to the backup's directory. */
  database: string;
  /** Rows in each table when the snapshot was taken. */
  tables: Record<string, number>;
  /** Every stored file (originals, derivatives), by key, with its SHA-256. */
  files: { key: string; sha256: string; size: number }[];
}

/** Keys that are the storage's own scratch space, not data. */
const SCRATCH = /^(tmp|cache)\//;

/** Rows in every table of the database (the current schema's on PostgreSQL). */
export async function tableCounts(database: Database): Promise<Record<string, number>> {
  const db = database.db as unknown as Kysely<unknown>;
  return countRows(db, await database.dialect.currentSchema(db));
}

/**
 * `mathaf backup`: the database copied consistently while the platform runs, then every stored
 * file. In that order, so every file a backed-up record names is in the backup (originals are
 * written before their record, and never removed).
 */
export async function backup(database: Database, storage: Storage, out: string): Promise<BackupManifest> {
  if ((await readdir(out).catch(() => [])).length) throw new Error(`${out} is not empty`);
  await mkdir(out, { recursive: true });
  const engine = database.dialect.name;
  const file = engine === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
  const tables = await database.snapshot(join(out, file));
  const files: BackupManifest['files'] = [];
  for (const key of await storage.list('')) {
    if (SCRATCH.test(key)) continue;
    const target = join(out, 'media', key);
    await mkdir(dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _e, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(Readable.from(await storage.stream(key)), tap, createWriteStream(target));
    files.push({ key, sha256: hash.digest('hex'), size });
  }
  const manifest: BackupManifest = {
    format: 'mathaf-backup/1',
    createdAt: new Date().toISOString(),
    engine,
    database: file,
    tables,
    files,
  };
  await writeFile(join(out, 'backup.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

export async function readManifest(from: string): Promise<BackupManifest> {
  const m = JSON.parse(await readFile(join(from, 'backup.json'), 'utf8')) as BackupManifest;
  if (m.format !== 'mathaf-backup/1') throw new Error(`${from} is not a Mathaf backup`);
  return m;
}

/** Puts a backup's files back into storage, each checked against its digest once stored. */
export async function restoreFiles(
  storage: Storage,
  from: string,
  manifest: BackupManifest,
): Promise<string[]> {
  const problems: string[] = [];
  for (const f of manifest.files) {
    const source = join(from, 'media', f.key);
    const actual = await digestOf(source).catch(() => null);
    if (actual !== f.sha256) {
      problems.push(`${f.key}: ${actual === null ? 'missing from the backup' : 'changed in the backup'}`);
      continue;
    }
    const temp = await storage.tempPath();
    await copyFile(source, temp);
    await storage.putFile(f.key, temp);
    const stored = await storage.digest(f.key);
    if (stored?.sha256 !== f.sha256) problems.push(`${f.key}: stored copy does not match`);
  }
  return problems;
}

/** Differences between the row counts a backup recorded and those of the restored database. */
export function compareCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  return Object.entries(expected)
    .filter(([t, n]) => actual[t] !== n)
    .map(([t, n]) => `${t}: ${n} rows in the backup, ${actual[t] ?? 'no table'} restored`);
}

async function digestOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
