import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import { isShown } from '../media/media.repository.js';
import type { Figures } from './network.schemas.js';

const LIVE = 'live';

/** The network's aggregate figures, counters and monthly snapshots; owns the SQL on `usage_count` and `network_snapshot`. */
export class NetworkRepository {
  /**
   * Every figure as it stands. Museums filled by a harvest are not the network's own: their
   * records count as harvested, not as catalogued.
   */
  async figures(db: Kysely<DB>): Promise<Omit<Figures, 'imagesServed' | 'imagesServedThisMonth'>> {
    const harvestedMuseums = db.selectFrom('museum').select('id').where('harvested_from', 'is not', null);
    const byState = await db
      .selectFrom('museum')
      .select(['country_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('harvested_from', 'is', null)
      .groupBy('country_code')
      .execute();
    const byType = await db
      .selectFrom('museum')
      .select(['museum_type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('harvested_from', 'is', null)
      .groupBy('museum_type')
      .execute();
    const perMuseum = await this.perMuseum(db);
    const harvested = await db
      .selectFrom('object')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('museum_id', 'in', harvestedMuseums)
      .executeTakeFirst();
    const online = perMuseum.filter((m) => m.public > 0).length;
    const sum = (k: 'catalogued' | 'public' | 'withImages') => perMuseum.reduce((n, m) => n + m[k], 0);
    return {
      museums: byState.reduce((n, r) => n + Number(r.n), 0),
      museumsByState: Object.fromEntries(
        byState.filter((r) => r.country_code).map((r) => [r.country_code!, Number(r.n)]),
      ),
      museumsByType: Object.fromEntries(byType.map((r) => [r.museum_type ?? 'unknown', Number(r.n)])),
      museumsOnline: online,
      objectsCatalogued: sum('catalogued'),
      objectsPublic: sum('public'),
      objectsWithImages: sum('withImages'),
      recordsHarvested: Number(harvested?.n ?? 0),
    };
  }

  /** Per museum of the network (not harvested): records catalogued, public, and with an image ready to show. */
  async perMuseum(db: Kysely<DB>): Promise<
    {
      museumId: string;
      slug: string;
      names: { lang: string; value: string }[];
      country: string | null;
      catalogued: number;
      public: number;
      withImages: number;
    }[]
  > {
    const museums = await db
      .selectFrom('museum')
      .select(['id', 'slug', 'names', 'country_code'])
      .where('harvested_from', 'is', null)
      .execute();
    const catalogued = await db
      .selectFrom('object')
      .select(['museum_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('museum_id')
      .execute();
    const pub = await db
      .selectFrom('search_doc')
      .select(['museum_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('is_public', '=', 1)
      .groupBy('museum_id')
      .execute();
    const images = await db
      .selectFrom('media')
      .select(['museum_id', sql<number>`count(distinct object_id)`.as('n')])
      .where(isShown)
      .groupBy('museum_id')
      .execute();
    const map = (rows: { museum_id: string; n: number | string }[]) =>
      new Map(rows.map((r) => [r.museum_id, Number(r.n)]));
    const [c, p, i] = [map(catalogued), map(pub), map(images)];
    return museums.map((m) => ({
      museumId: m.id,
      slug: m.slug,
      names: readJson<{ lang: string; value: string }[]>(m.names, []),
      country: m.country_code,
      catalogued: c.get(m.id) ?? 0,
      public: p.get(m.id) ?? 0,
      withImages: i.get(m.id) ?? 0,
    }));
  }

  /** Adds to counters (a process's counts since it last wrote them). */
  async add(db: Kysely<DB>, counts: { name: string; month: string; count: number }[]): Promise<void> {
    for (const c of counts) {
      await db
        .insertInto('usage_count')
        .values(c)
        .onConflict((oc) =>
          oc
            .columns(['name', 'month'])
            .doUpdateSet((eb) => ({ count: eb('usage_count.count', '+', c.count) })),
        )
        .execute();
    }
  }

  async counter(db: Kysely<DB>, name: string, month?: string): Promise<number> {
    let q = db
      .selectFrom('usage_count')
      .select((eb) => eb.fn.sum<number>('count').as('n'))
      .where('name', '=', name);
    if (month) q = q.where('month', '=', month);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  async saveSnapshot(db: Kysely<DB>, month: string, figures: Figures, at: string): Promise<void> {
    const row = { figures: JSON.stringify(figures), taken_at: at };
    await db
      .insertInto('network_snapshot')
      .values({ month, ...row })
      .onConflict((oc) => oc.column('month').doUpdateSet(row))
      .execute();
  }

  /** The figures as last counted, kept under a key of their own beside the months. */
  async saveLive(db: Kysely<DB>, figures: Figures, at: string): Promise<void> {
    await this.saveSnapshot(db, LIVE, figures, at);
  }

  async live(db: Kysely<DB>): Promise<{ figures: Figures; at: string } | undefined> {
    const r = await db
      .selectFrom('network_snapshot')
      .selectAll()
      .where('month', '=', LIVE)
      .executeTakeFirst();
    return r ? { figures: readJson<Figures>(r.figures, {} as Figures), at: r.taken_at } : undefined;
  }

  async snapshots(db: Kysely<DB>): Promise<{ month: string; figures: Figures }[]> {
    const rows = await db
      .selectFrom('network_snapshot')
      .selectAll()
      .where('month', '!=', LIVE)
      .orderBy('month')
      .execute();
    return rows.map((r) => ({ month: r.month, figures: readJson<Figures>(r.figures, {} as Figures) }));
  }
}
