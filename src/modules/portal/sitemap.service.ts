import type { ServiceContext } from '../common/context.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import { isLang, LANGS } from '../../http/i18n/locale.js';
import type { StoryRepository } from '../stories/story.repository.js';
import type { PortalRepository } from './portal.repository.js';
import { esc as xml } from '../common/xml.js';

/** The most URLs one sitemap file may hold (sitemaps.org). */
export const URLS_PER_FILE = 50_000;

const urlset = (urls: { loc: string; lastmod?: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
    .map(
      (u) =>
        `<url><loc>${xml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.slice(0, 10)}</lastmod>` : ''}</url>`,
    )
    .join('\n')}\n</urlset>\n`;

/**
 * Sitemaps for search engines: an index naming a file of pages (the front, browse, map and
 * stories pages in each language, each museum, each published story, each person, place or term
 * with public objects) and files of public objects, each at most `URLS_PER_FILE`. An object is listed at its
 * address in its museum's language (its pages name the others with hreflang).
 */
export class SitemapService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly portal: PortalRepository,
    private readonly museums: MuseumRepository,
    private readonly stories: StoryRepository,
    private readonly base: string,
  ) {}

  async index(perFile = URLS_PER_FILE): Promise<string> {
    const files = Math.ceil((await this.portal.publicObjectCount(this.ctx.db)) / perFile);
    const names = ['pages', ...Array.from({ length: files }, (_, i) => `objects-${i + 1}`)];
    return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${names
      .map((n) => `<sitemap><loc>${xml(`${this.base}/sitemaps/${n}.xml`)}</loc></sitemap>`)
      .join('\n')}\n</sitemapindex>\n`;
  }

  async pages(): Promise<string> {
    const museums = await this.museums.list(this.ctx.db);
    const langOf = new Map(
      museums.map((m) => [m.slug, isLang(m.defaultLanguage) ? m.defaultLanguage : 'en']),
    );
    const stories = await this.stories.published(this.ctx.db, null, URLS_PER_FILE);
    const fixed = LANGS.flatMap((l) =>
      ['', '/browse', '/map', '/stories'].map((p) => ({ loc: `${this.base}/${l}${p}` })),
    );
    const room = URLS_PER_FILE - fixed.length - museums.length - stories.length;
    const authorities = room > 0 ? await this.portal.publicAuthorityIds(this.ctx.db, room) : [];
    return urlset([
      ...fixed,
      // A person's, place's or term's page, in the platform's first language (it names the others).
      ...authorities.map((id) => ({ loc: `${this.base}/${LANGS[0]}/a/${id}` })),
      ...museums.map((m) => ({
        loc: `${this.base}/${langOf.get(m.slug)}/m/${m.slug}`,
        lastmod: m.updatedAt,
      })),
      ...stories.map((s) => ({
        loc: `${this.base}/${langOf.get(s.museumSlug) ?? 'en'}/m/${s.museumSlug}/stories/${s.slug}`,
        lastmod: s.updatedAt,
      })),
    ]);
  }

  /** The n-th file of public objects (from 1), or null past the last. */
  async objects(n: number, perFile = URLS_PER_FILE): Promise<string | null> {
    if (!Number.isInteger(n) || n < 1) return null;
    const rows = await this.portal.publicObjects(this.ctx.db, (n - 1) * perFile, perFile);
    if (!rows.length) return null;
    return urlset(
      rows.map((r) => ({
        loc: `${this.base}/${isLang(r.lang) ? r.lang : 'en'}/m/${r.slug}/objects/${r.id}`,
        lastmod: r.updatedAt,
      })),
    );
  }
}
