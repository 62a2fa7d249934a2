import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../../test/zip.js';
import { LocalStorage } from './storage.adapter.js';
import { UnsafeZip, walkZip } from './zip.js';

const dir = mkdtempSync(join(tmpdir(), 'mathaf-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, b: Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, b);
  return p;
};

describe("reading a ZIP's entries as streams", () => {
  // Errors no caller caught: in a server, each of these ends the process.
  const stray: unknown[] = [];
  const keep = (e: unknown) => void stray.push(e);
  beforeEach(() => {
    stray.length = 0;
    process.on('uncaughtException', keep);
    process.on('unhandledRejection', keep);
  });
  afterEach(() => {
    process.off('uncaughtException', keep);
    process.off('unhandledRejection', keep);
  });
  const settle = () => new Promise((r) => setTimeout(r, 100));
  const megabyte = Buffer.alloc(1_000_000, 7);

  it('lets a reader stop part way through an entry, with nothing thrown afterwards', async () => {
    const path = write(
      'large.zip',
      makeZip([
        { name: 'a.bin', data: megabyte, deflate: true },
        { name: 'b.bin', data: Buffer.from('b') },
      ]),
    );
    const storage = new LocalStorage(dir);
    const outcomes: string[] = [];
    await walkZip(path, async (item, content) => {
      // As a batch's save does: the entry opened, left a moment while its object is checked, then
      // received up to the upload limit, past which the rest is refused.
      const stream = await content();
      await new Promise((r) => setTimeout(r, 20));
      const r = await storage.receive(stream, 100_000).catch((e: Error) => e);
      outcomes.push(`${item.name}: ${r instanceof Error ? r.message : r.size}`);
      if (!(r instanceof Error)) await storage.discard(r);
    });
    await settle();
    expect(stray).toEqual([]);
    expect(outcomes).toEqual(['a.bin: The request body is too large', 'b.bin: 1']);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('fails the read of an entry that expands past the size it declares, as the reader’s error', async () => {
    const path = write(
      'liar.zip',
      makeZip([{ name: 'a.bin', data: megabyte, deflate: true, declaredSize: 2_000 }]),
    );
    let error: unknown;
    await walkZip(path, async (_item, content) => {
      const reader = (await content()).getReader();
      try {
        for (;;) if ((await reader.read()).done) break;
      } catch (e) {
        error = e;
      }
    });
    await settle();
    expect(error).toBeInstanceOf(UnsafeZip);
    expect(String(error)).toMatch(/does not read as the archive declares it/);
    expect(stray).toEqual([]);
  });
});
