import { LRUCache } from 'lru-cache';

/**
 * Rendered public pages kept in memory, each with the stamp of the record it shows: a page is
 * served from here only while its record's stamp is unchanged (checked on every request, in the
 * database, so a change shows at once, on every app server) and for at most `ttlMs` (what a page
 * shows of other records — related objects, its museum — may lag that long).
 */
export class PageCache {
  private readonly pages: LRUCache<string, { stamp: string; body: string }>;

  constructor(max: number, ttlMs: number) {
    this.pages = new LRUCache({ max: Math.max(1, max), ttl: ttlMs });
  }

  get(key: string, stamp: string): string | undefined {
    const hit = this.pages.get(key);
    return hit && hit.stamp === stamp ? hit.body : undefined;
  }

  set(key: string, stamp: string, body: string): void {
    this.pages.set(key, { stamp, body });
  }
}
