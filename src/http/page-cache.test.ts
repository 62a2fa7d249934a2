import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.js';

const page = Buffer.from(
  `<!DOCTYPE html><html lang="ar" dir="rtl"><body>${Array.from({ length: 400 }, (_, i) => `<p>مشكاة مسجد السلطان حسن ${i % 37} — Mosque lamp ${i % 11}</p>`).join('')}</body></html>`,
);

describe('the page cache', () => {
  it('admits a page from its second reader on, and remembers the pages it keeps', () => {
    const cache = new PageCache(10, 60_000);
    expect(cache.admit('ar /objects/1')).toBe(false);
    expect(cache.admit('ar /objects/2')).toBe(false);
    expect(cache.admit('ar /objects/1')).toBe(true);
    cache.keep('ar /objects/1', 'stamp-1', page);
    expect(cache.admit('ar /objects/1')).toBe(true);
    expect(cache.admit('en /objects/1')).toBe(false);
  });

  it('keeps a page compressed as well as other pages, and gives it back while its record is unchanged', () => {
    const cache = new PageCache(10, 60_000);
    const kept = cache.keep('ar /objects/1', 'stamp-1', page);
    expect(brotliDecompressSync(kept.br).equals(page)).toBe(true);
    // Quality 4, the pages' own, not the fastest.
    expect(kept.br.byteLength).toBeLessThan(
      brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }).byteLength,
    );
    expect(cache.get('ar /objects/1', 'stamp-1')).toBe(kept);
    expect(cache.get('ar /objects/1', 'stamp-2')).toBeUndefined();
    expect(cache.get('en /objects/1', 'stamp-1')).toBeUndefined();
  });
});
