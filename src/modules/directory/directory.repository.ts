import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Country, MuseumType } from './directory.schemas.js';

/** A museum's row as the directory reads it, before filtering and placing. */
export interface DirectoryRow {
  id: string;
  slug: string;
  names: { lang: string; value: string }[];
  country: string | null;
  city: string | null;
  type: MuseumType | null;
  founded: number | null;
  wikidata: string | null;
  profile: {
    latitude?: number | null;
    longitude?: number | null;
    website?: string | null;
    services?: string[];
  };
  objects: number;
}

/** Member states and the directory's facts on museums; owns the SQL on `country` and on the museum table's directory columns. */
export class DirectoryRepository {
  async upsertCountry(db: Kysely<DB>, c: Country): Promise<void> {
    const row = {
      iso3: c.iso3,
      names: JSON.stringify(c.names),
      region: c.region,
      oic_joined: c.oicJoined,
      icesco_member: c.icescoMember,
    };
    await db
      .insertInto('country')
      .values({ iso2: c.iso2, ...row })
      .onConflict((oc) => oc.column('iso2').doUpdateSet(row))
      .execute();
  }

  async countries(db: Kysely<DB>): Promise<Country[]> {
    const rows = await db.selectFrom('country').selectAll().orderBy('iso2').execute();
    return rows.map((r) => ({
      iso2: r.iso2,
      iso3: r.iso3,
      names: readJson(r.names, []),
      region: r.region,
      oicJoined: r.oic_joined,
      icescoMember: r.icesco_member,
    }));
  }

  /** A museum's directory facts; `sources` left as it is when not given. */
  async setFacts(
    db: Kysely<DB>,
    museumId: string,
    facts: { type: string | null; founded: number | null; wikidata: string | null; sources?: string | null },
  ): Promise<void> {
    await db
      .updateTable('museum')
      .set({
        museum_type: facts.type,
        founded: facts.founded,
        wikidata: facts.wikidata,
        ...(facts.sources !== undefined ? { sources: facts.sources } : {}),
      })
      .where('id', '=', museumId)
      .execute();
  }

  /**
   * Every museum with its directory facts and its number of public records. Read whole: a
   * network of a few thousand museums is filtered, counted and placed faster in memory than in
   * as many queries, and the result is kept for a minute by the service.
   */
  async all(db: Kysely<DB>): Promise<DirectoryRow[]> {
    const counts = await db
      .selectFrom('search_doc')
      .select(['museum_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('is_public', '=', 1)
      .groupBy('museum_id')
      .execute();
    const byMuseum = new Map(counts.map((c) => [c.museum_id, Number(c.n)]));
    const rows = await db
      .selectFrom('museum')
      .select([
        'id',
        'slug',
        'names',
        'country_code',
        'city',
        'museum_type',
        'founded',
        'wikidata',
        'profile',
      ])
      .where('harvested_from', 'is', null)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      names: readJson(r.names, []),
      country: r.country_code,
      city: r.city,
      type: r.museum_type as MuseumType | null,
      founded: r.founded,
      wikidata: r.wikidata,
      profile: readJson(r.profile, {}),
      objects: byMuseum.get(r.id) ?? 0,
    }));
  }
}
