import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ITEM_STATUSES, type Inventory, type InventoryItem, type ItemStatus } from './inventory.schemas.js';

/** Inventory campaigns and their items. */
export class InventoryRepository {
  async insert(
    db: Kysely<DB>,
    museumId: string,
    inv: Omit<Inventory, 'counts' | 'items'>,
    items: { objectId: string; expectedLocationId: string | null }[],
  ): Promise<void> {
    await db
      .insertInto('inventory')
      .values({
        id: inv.id,
        museum_id: museumId,
        title: inv.title,
        location_id: inv.locationId,
        status: inv.status,
        started_at: inv.startedAt,
        started_by_label: inv.startedBy,
        closed_at: null,
        confirmed: 0,
      })
      .execute();
    for (let i = 0; i < items.length; i += 500) {
      await db
        .insertInto('inventory_item')
        .values(
          items.slice(i, i + 500).map((x) => ({
            inventory_id: inv.id,
            object_id: x.objectId,
            expected_location_id: x.expectedLocationId,
            status: 'pending',
            found_location_id: null,
            checked_at: null,
            checked_by_label: null,
            note: null,
          })),
        )
        .execute();
    }
  }

  async find(db: Kysely<DB>, museumId: string, id: string): Promise<Inventory | undefined> {
    const r = await db
      .selectFrom('inventory')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const rows = await db
      .selectFrom('inventory_item as i')
      .innerJoin('object as o', 'o.id', 'i.object_id')
      .leftJoin('location as e', 'e.id', 'i.expected_location_id')
      .leftJoin('location as f', 'f.id', 'i.found_location_id')
      .select([
        'i.object_id',
        'o.accession_number',
        'o.accession_sort',
        'i.status',
        'e.code as expected_code',
        'f.code as found_code',
        'i.found_location_id',
        'i.checked_by_label',
        'i.note',
      ])
      .where('i.inventory_id', '=', id)
      .orderBy('o.accession_sort')
      .execute();
    const items: InventoryItem[] = rows.map((x) => ({
      objectId: x.object_id,
      accessionNumber: x.accession_number,
      status: x.status as ItemStatus,
      expectedCode: x.expected_code,
      foundCode: x.found_code,
      foundLocationId: x.found_location_id,
      checkedBy: x.checked_by_label,
      note: x.note,
    }));
    const counts = Object.fromEntries(
      ITEM_STATUSES.map((st) => [st, items.filter((i) => i.status === st).length]),
    ) as Record<ItemStatus, number>;
    return {
      id: r.id,
      title: r.title,
      locationId: r.location_id,
      status: r.status as Inventory['status'],
      startedAt: r.started_at,
      startedBy: r.started_by_label,
      closedAt: r.closed_at,
      confirmed: r.confirmed === 1,
      counts,
      items,
    };
  }

  async list(
    db: Kysely<DB>,
    museumId: string,
  ): Promise<{ id: string; title: string; status: string; startedAt: string }[]> {
    const rows = await db
      .selectFrom('inventory')
      .select(['id', 'title', 'status', 'started_at'])
      .where('museum_id', '=', museumId)
      .orderBy('started_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, startedAt: r.started_at }));
  }

  async upsertItem(
    db: Kysely<DB>,
    inventoryId: string,
    item: {
      objectId: string;
      status: ItemStatus;
      foundLocationId: string;
      checkedAt: string;
      checkedBy: string;
      note: string | null;
    },
    exists: boolean,
  ): Promise<void> {
    if (exists) {
      await db
        .updateTable('inventory_item')
        .set({
          status: item.status,
          found_location_id: item.foundLocationId,
          checked_at: item.checkedAt,
          checked_by_label: item.checkedBy,
          note: item.note,
        })
        .where('inventory_id', '=', inventoryId)
        .where('object_id', '=', item.objectId)
        .execute();
    } else {
      await db
        .insertInto('inventory_item')
        .values({
          inventory_id: inventoryId,
          object_id: item.objectId,
          expected_location_id: null,
          status: item.status,
          found_location_id: item.foundLocationId,
          checked_at: item.checkedAt,
          checked_by_label: item.checkedBy,
          note: item.note,
        })
        .execute();
    }
  }

  async close(
    db: Kysely<DB>,
    museumId: string,
    id: string,
    closedAt: string,
    confirmed: boolean,
  ): Promise<void> {
    await db
      .updateTable('inventory_item')
      .set({ status: 'missing' })
      .where('inventory_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await db
      .updateTable('inventory')
      .set({ status: 'closed', closed_at: closedAt, confirmed: confirmed ? 1 : 0 })
      .where('id', '=', id)
      .where('museum_id', '=', museumId)
      .execute();
  }

  async openCount(db: Kysely<DB>, museumId: string): Promise<number> {
    const r = await db
      .selectFrom('inventory')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('museum_id', '=', museumId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
