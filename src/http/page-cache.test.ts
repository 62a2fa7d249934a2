import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.js';

const page = Buffer.from(`<!DOCTYPE html><html lang="ar" dir="rtl"><body>${Array.from({ length: 400 }, (_, i) => `<p>مشكاة مسجد السلطان حسن ${i % 37} — Mosque lamp ${i % 11}</p>`).join('')}</body></html>`);

describe('the page cache', () => {
  it('keeps a page compressed fast, and compresses it as well as other pages once a second reader asks for it', () => {
    const cache = new PageCache(10, 60_000);
    const kept = cache.keep('ar /objects/1', 'stamp-1', page);
    expect(kept.fast).toBe(true);
    const first = kept.br;
    expect(brotliDecompressSync(first).equals(page)).toBe(true);

    const again = cache.get('ar /objects/1', 'stamp-1')!;
    expect(again.fast).toBe(false);
    expect(again.etag).toBe(kept.etag);
    expect(brotliDecompressSync(again.br).equals(page)).toBe(true);
    expect(again.br.byteLength).toBeLessThan(first.byteLength);
    // Compressed again only once.
    const third = cache.get('ar /objects/1', 'stamp-1')!;
    expect(third.br).toBe(again.br);
  });

  it('gives nothing for a record changed since its page was kept', () => {
    const cache = new PageCache(10, 60_000);
    cache.keep('ar /objects/1', 'stamp-1', page);
    expect(cache.get('ar /objects/1', 'stamp-2')).toBeUndefined();
    expect(cache.get('en /objects/1', 'stamp-1')).toBeUndefined();
  });
});
