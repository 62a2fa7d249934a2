import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Where a rebuild of the search index has got to. There is one at a time. */
export interface RebuildState {
  /** A random token of the run that holds the rebuild; another run that takes it over writes its own. */
  owner: string;
  emptyFirst: boolean;
  /** The last object whose document was written again (objects go in id order), or null before the first page. */
  after: string | null;
  startedAt: string;
  /** When the run holding it last showed it was alive. */
  beatAt: string;
}

const ID = 'index';

/** The record of the rebuild under way (`search_rebuild`), kept in the same transactions as its pages. */
export class RebuildRepository {
  async state(db: Kysely<DB>): Promise<RebuildState | undefined> {
    const r = await db.selectFrom('search_rebuild').selectAll().where('id', '=', ID).executeTakeFirst();
    return r
      ? {
          owner: r.owner,
          emptyFirst: r.empty_first === 1,
          after: r.after_id,
          startedAt: r.started_at,
          beatAt: r.beat_at,
        }
      : undefined;
  }

  /** Records a new rebuild; false when one is recorded already (running, or stopped before its end). */
  async begin(db: Kysely<DB>, s: RebuildState): Promise<boolean> {
    const r = await db
      .insertInto('search_rebuild')
      .values({
        id: ID,
        owner: s.owner,
        empty_first: s.emptyFirst ? 1 : 0,
        after_id: s.after,
        started_at: s.startedAt,
        beat_at: s.beatAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Takes over a rebuild as it was last seen; false when its run showed a sign of life meanwhile, or another took it. */
  async takeOver(db: Kysely<DB>, seen: RebuildState, owner: string, beatAt: string): Promise<boolean> {
    const r = await db
      .updateTable('search_rebuild')
      .set({ owner, beat_at: beatAt })
      .where('id', '=', ID)
      .where('owner', '=', seen.owner)
      .where('beat_at', '=', seen.beatAt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Notes a page written, in the page's transaction; false when the rebuild is no longer this run's. */
  async progress(db: Kysely<DB>, owner: string, after: string, beatAt: string): Promise<boolean> {
    const r = await db
      .updateTable('search_rebuild')
      .set({ after_id: after, beat_at: beatAt })
      .where('id', '=', ID)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** A sign of life between pages (a long final step); false when the rebuild is no longer this run's. */
  async beat(db: Kysely<DB>, owner: string, beatAt: string): Promise<boolean> {
    const r = await db
      .updateTable('search_rebuild')
      .set({ beat_at: beatAt })
      .where('id', '=', ID)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async end(db: Kysely<DB>, owner: string): Promise<void> {
    await db.deleteFrom('search_rebuild').where('id', '=', ID).where('owner', '=', owner).execute();
  }
}
