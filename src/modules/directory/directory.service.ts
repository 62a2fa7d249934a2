import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SYSTEM_ACTOR } from '../access/roles.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { MuseumService } from '../museums/museum.service.js';
import { normalize } from '../search/normalize.js';
import type { DirectoryRepository, DirectoryRow } from './directory.repository.js';
import {
  type Country,
  type DirectoryEntry,
  type DirectoryPage,
  directoryQuery,
  MUSEUM_TYPES,
} from './directory.schemas.js';

const num = (v: string | undefined) =>
  v && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null;

/**
 * The directory of the museums of the member states: every museum of the platform, those with
 * their collection online and those listed only, filtered by state, city, kind, services and
 * whether the collection is online. A museum without coordinates is placed at its city when
 * other museums there have some (and said to be placed so); otherwise it is in the list only.
 */
export class DirectoryService {
  private cached: { at: number; entries: DirectoryEntry[] } | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: DirectoryRepository,
    private readonly museums: MuseumService,
    private readonly museumRepo: MuseumRepository,
    private readonly cacheMs = 60_000,
  ) {}

  /** Every entry, placed; kept a minute (a museum's change shows within it, its own page at once). */
  async entries(): Promise<DirectoryEntry[]> {
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return this.cached.entries;
    const entries = place(await this.repo.all(this.ctx.db));
    this.cached = { at: Date.now(), entries };
    return entries;
  }

  invalidate(): void {
    this.cached = null;
  }

  async search(input: unknown): Promise<DirectoryPage> {
    const q = parseInput(directoryQuery, input);
    const words = q.q ? normalize(q.q).split(' ').filter(Boolean) : [];
    const city = q.city ? normalize(q.city) : null;
    const matches = (await this.entries()).filter(
      (e) =>
        (!q.country || e.country === q.country) &&
        (!city || normalize(e.city ?? '') === city) &&
        (!q.type?.length || (e.type !== null && q.type.includes(e.type))) &&
        (!q.service?.length || q.service.every((s) => e.services.includes(s))) &&
        (!q.online || (q.online === 'yes') === e.objects > 0) &&
        (!words.length ||
          words.every(
            (w) => e.names.some((n) => normalize(n.value).includes(w)) || normalize(e.city ?? '').includes(w),
          )),
    );
    const counts: DirectoryPage['counts'] = { country: {}, type: {}, online: 0 };
    for (const e of matches) {
      if (e.country) counts.country[e.country] = (counts.country[e.country] ?? 0) + 1;
      if (e.type) counts.type[e.type] = (counts.type[e.type] ?? 0) + 1;
      if (e.objects > 0) counts.online++;
    }
    return { total: matches.length, items: matches.slice(q.offset, q.offset + q.limit), counts };
  }

  async countries(): Promise<Country[]> {
    return this.repo.countries(this.ctx.db);
  }

  async entry(slug: string): Promise<DirectoryEntry | undefined> {
    return (await this.entries()).find((e) => e.slug === slug);
  }

  /**
   * Loads the member states and the museums of a directory (CSV, as in data/directory). A museum
   * already there (by its address) is left as it is: its people keep it from then on.
   */
  async load(
    dir: string,
    log: (m: string) => void = () => undefined,
  ): Promise<{ countries: number; added: number }> {
    const states = parse(readFileSync(join(dir, 'member-states.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const arab = new Set<string>();
    for (const s of states) {
      const names = [
        ['en', s.name_en],
        ['fr', s.name_fr],
        ['ar', s.name_ar],
      ]
        .filter(([, v]) => v)
        .map(([lang, value]) => ({ lang: lang!, value: value! }));
      await this.repo.upsertCountry(this.ctx.db, {
        iso2: s.iso2!,
        iso3: s.iso3!,
        names,
        region: s.region!,
        oicJoined: num(s.oic_joined),
        icescoMember: s.icesco_member!,
      });
      if (s.region === 'Arab states') arab.add(s.iso2!);
    }
    const rows = parse(readFileSync(join(dir, 'museums.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    let added = 0;
    for (const r of rows) {
      if (await this.museumRepo.findBySlug(this.ctx.db, r.id!)) continue;
      const names = [
        ['en', r.name_en],
        ['ar', r.name_ar],
        ['fr', r.name_fr],
      ]
        .filter(([, v]) => v?.trim())
        .map(([lang, value]) => ({ lang: lang!, value: value!.trim() }));
      if (!names.length) continue;
      const m = await this.museums.create(SYSTEM_ACTOR, {
        slug: r.id,
        names,
        countryCode: r.country_iso2 || null,
        city: r.city || null,
        defaultLanguage: arab.has(r.country_iso2 ?? '') && r.name_ar ? 'ar' : names[0]!.lang,
      });
      const lat = num(r.latitude);
      const lon = num(r.longitude);
      const website = r.website && /^https?:\/\//.test(r.website) ? r.website : null;
      if ((lat !== null && lon !== null) || website)
        await this.museums.updateProfile(SYSTEM_ACTOR, m.id, {
          ...(lat !== null && lon !== null ? { latitude: lat, longitude: lon } : {}),
          ...(website ? { website } : {}),
        });
      const type = (MUSEUM_TYPES as readonly string[]).includes(r.type ?? '') ? r.type! : null;
      await this.repo.setFacts(this.ctx.db, m.id, {
        type,
        founded: num(r.founded),
        wikidata: /^Q\d+$/.test(r.wikidata ?? '') ? r.wikidata! : null,
        sources: r.source || null,
      });
      if (++added % 100 === 0) log(`Directory: ${added} museums…`);
    }
    this.invalidate();
    return { countries: states.length, added };
  }
}

/** Entries from rows, a museum without coordinates placed at the mean of its city's others (and marked approximate). */
function place(rows: DirectoryRow[]): DirectoryEntry[] {
  const cities = new Map<string, { lat: number; lon: number; n: number }>();
  const cityKey = (r: DirectoryRow) => `${r.country}|${normalize(r.city ?? '')}`;
  for (const r of rows) {
    const { latitude: lat, longitude: lon } = r.profile;
    if (lat == null || lon == null || !r.city) continue;
    const c = cities.get(cityKey(r)) ?? { lat: 0, lon: 0, n: 0 };
    cities.set(cityKey(r), { lat: c.lat + lat, lon: c.lon + lon, n: c.n + 1 });
  }
  return rows
    .map((r) => {
      const own = r.profile.latitude != null && r.profile.longitude != null;
      const city = !own && r.city ? cities.get(cityKey(r)) : undefined;
      return {
        slug: r.slug,
        names: r.names,
        country: r.country,
        city: r.city,
        type: r.type,
        founded: r.founded,
        latitude: own ? r.profile.latitude! : city ? city.lat / city.n : null,
        longitude: own ? r.profile.longitude! : city ? city.lon / city.n : null,
        approximate: !own && !!city,
        website: r.profile.website ?? null,
        wikidata: r.wikidata,
        services: r.profile.services ?? [],
        objects: r.objects,
      };
    })
    .sort(
      (a, b) =>
        (a.country ?? '').localeCompare(b.country ?? '') ||
        (a.names[0]?.value ?? '').localeCompare(b.names[0]?.value ?? ''),
    );
}
