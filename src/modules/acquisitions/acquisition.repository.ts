import type { Kysely, Selectable } from 'kysely';
import type { AcquisitionTable, DB, ObjectEntryTable } from '../../db/schema.js';
import { readJson } from '../common/values.schemas.js';
import type { Acquisition, Entry, RegisterLine } from './acquisition.schemas.js';

/** Object entries and acquisitions with their objects, and the accession register. */
export class AcquisitionRepository {
  async insertEntry(db: Kysely<DB>, e: Entry): Promise<void> {
    await db.insertInto('object_entry').values(entryRow(e)).execute();
    if (e.objects.length) {
      await db
        .insertInto('object_entry_item')
        .values(e.objects.map((o, position) => ({ entry_id: e.id, object_id: o.id, position })))
        .execute();
    }
  }

  async setEntryStatus(db: Kysely<DB>, e: Entry, status: Entry['status'], at: string): Promise<void> {
    await db
      .updateTable('object_entry')
      .set({ status, updated_at: at, version: e.version + 1 })
      .where('id', '=', e.id)
      .execute();
  }

  async findEntry(db: Kysely<DB>, museumId: string, id: string): Promise<Entry | undefined> {
    const r = await db
      .selectFrom('object_entry')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r
      ? { ...toEntry(r), objects: await this.entryObjects(db, [r.id]).then((m) => m.get(r.id) ?? []) }
      : undefined;
  }

  async listEntries(db: Kysely<DB>, museumId: string, status?: string): Promise<Entry[]> {
    let q = db.selectFrom('object_entry').selectAll().where('museum_id', '=', museumId);
    if (status) q = q.where('status', '=', status);
    const rows = await q.orderBy('entered_on', 'desc').orderBy('number', 'desc').limit(500).execute();
    const objects = await this.entryObjects(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ ...toEntry(r), objects: objects.get(r.id) ?? [] }));
  }

  /** The entries that hold any of these objects. */
  async entriesOf(db: Kysely<DB>, museumId: string, objectIds: string[]): Promise<Entry[]> {
    if (!objectIds.length) return [];
    const ids = await db
      .selectFrom('object_entry_item')
      .select('entry_id')
      .distinct()
      .where('object_id', 'in', objectIds)
      .execute();
    const out: Entry[] = [];
    for (const { entry_id } of ids) {
      const e = await this.findEntry(db, museumId, entry_id);
      if (e) out.push(e);
    }
    return out;
  }

  private async entryObjects(db: Kysely<DB>, entryIds: string[]) {
    const out = new Map<string, Entry['objects']>();
    if (!entryIds.length) return out;
    const rows = await db
      .selectFrom('object_entry_item')
      .innerJoin('object', 'object.id', 'object_entry_item.object_id')
      .select([
        'object_entry_item.entry_id',
        'object.id',
        'object.accession_number',
        'object.titles',
        'object.collection_status',
      ])
      .where('object_entry_item.entry_id', 'in', entryIds)
      .orderBy('object_entry_item.position')
      .execute();
    for (const r of rows) {
      out.set(r.entry_id, [
        ...(out.get(r.entry_id) ?? []),
        {
          id: r.id,
          accessionNumber: r.accession_number,
          titles: readJson(r.titles, []),
          collectionStatus: r.collection_status,
        },
      ]);
    }
    return out;
  }

  async insertAcquisition(db: Kysely<DB>, a: Acquisition, createdBy: string | null): Promise<void> {
    await db
      .insertInto('acquisition')
      .values({
        id: a.id,
        museum_id: a.museumId,
        reference: a.reference,
        method: a.method,
        acquired_on: a.acquiredOn,
        source_id: a.sourceId,
        source_name: a.sourceName,
        decision: JSON.stringify(a.decision),
        documents: JSON.stringify(a.documents),
        credit_line: JSON.stringify(a.creditLine),
        note: a.note,
        created_at: a.createdAt,
        created_by: createdBy,
      })
      .execute();
    await db
      .insertInto('acquisition_item')
      .values(
        a.items.map((it, position) => ({
          acquisition_id: a.id,
          object_id: it.objectId,
          position,
          accession_number: it.accessionNumber,
        })),
      )
      .execute();
  }

  async findAcquisition(db: Kysely<DB>, museumId: string, id: string): Promise<Acquisition | undefined> {
    const r = await db
      .selectFrom('acquisition')
      .selectAll()
      .where('museum_id', '=', museumId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const items = await db
      .selectFrom('acquisition_item')
      .innerJoin('object', 'object.id', 'acquisition_item.object_id')
      .select(['acquisition_item.object_id', 'acquisition_item.accession_number', 'object.titles'])
      .where('acquisition_item.acquisition_id', '=', id)
      .orderBy('acquisition_item.position')
      .execute();
    return {
      ...toAcquisition(r),
      items: items.map((i) => ({
        objectId: i.object_id,
        accessionNumber: i.accession_number,
        titles: readJson(i.titles, []),
      })),
    };
  }

  /** The accession register: every accession, in order, with how and from whom the object came. */
  async register(db: Kysely<DB>, museumId: string, year?: number): Promise<RegisterLine[]> {
    let q = db
      .selectFrom('acquisition_item')
      .innerJoin('acquisition', 'acquisition.id', 'acquisition_item.acquisition_id')
      .innerJoin('object', 'object.id', 'acquisition_item.object_id')
      .leftJoin('authority', 'authority.id', 'acquisition.source_id')
      .select([
        'acquisition_item.accession_number',
        'object.id as object_id',
        'object.titles',
        'object.accessioned_at',
        'acquisition.reference',
        'acquisition.method',
        'acquisition.acquired_on',
        'acquisition.source_name',
        'authority.labels as source_labels',
        'acquisition.credit_line',
      ])
      .where('acquisition.museum_id', '=', museumId);
    if (year)
      q = q
        .where('acquisition.acquired_on', '>=', `${year}-01-01`)
        .where('acquisition.acquired_on', '<=', `${year}-12-31`);
    const rows = await q
      .orderBy('acquisition.acquired_on')
      .orderBy('acquisition.reference')
      .orderBy('acquisition_item.position')
      .execute();
    return rows.map((r) => ({
      accessionNumber: r.accession_number,
      objectId: r.object_id,
      titles: readJson(r.titles, []),
      accessionedAt: r.accessioned_at,
      reference: r.reference,
      method: r.method,
      acquiredOn: r.acquired_on,
      source: r.source_name ?? readJson<{ value: string }[]>(r.source_labels, [])[0]?.value ?? null,
      creditLine: readJson(r.credit_line, []),
    }));
  }

  async numbering(
    db: Kysely<DB>,
    museumId: string,
  ): Promise<{ accessionPattern: string; entryPattern: string }> {
    const r = await db
      .selectFrom('museum')
      .select(['accession_pattern', 'entry_pattern'])
      .where('id', '=', museumId)
      .executeTakeFirstOrThrow();
    return { accessionPattern: r.accession_pattern, entryPattern: r.entry_pattern };
  }

  async setNumbering(
    db: Kysely<DB>,
    museumId: string,
    n: { accessionPattern: string; entryPattern: string },
  ): Promise<void> {
    await db
      .updateTable('museum')
      .set({ accession_pattern: n.accessionPattern, entry_pattern: n.entryPattern })
      .where('id', '=', museumId)
      .execute();
  }
}

function entryRow(e: Entry): Selectable<ObjectEntryTable> {
  return {
    id: e.id,
    museum_id: e.museumId,
    number: e.number,
    entered_on: e.enteredOn,
    depositor_id: e.depositorId,
    depositor_name: e.depositorName,
    depositor_contact: e.depositorContact,
    reason: e.reason,
    return_by: e.returnBy,
    note: e.note,
    status: e.status,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    version: e.version,
  };
}

function toEntry(r: Selectable<ObjectEntryTable>): Omit<Entry, 'objects'> {
  return {
    id: r.id,
    museumId: r.museum_id,
    number: r.number,
    enteredOn: r.entered_on,
    depositorId: r.depositor_id,
    depositorName: r.depositor_name,
    depositorContact: r.depositor_contact,
    reason: r.reason as Entry['reason'],
    returnBy: r.return_by,
    note: r.note,
    status: r.status as Entry['status'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function toAcquisition(r: Selectable<AcquisitionTable>): Omit<Acquisition, 'items'> {
  return {
    id: r.id,
    museumId: r.museum_id,
    reference: r.reference,
    method: r.method as Acquisition['method'],
    acquiredOn: r.acquired_on,
    sourceId: r.source_id,
    sourceName: r.source_name,
    decision: readJson(r.decision, { body: '' }),
    documents: readJson(r.documents, []),
    creditLine: readJson(r.credit_line, []),
    note: r.note,
    createdAt: r.created_at,
  };
}
