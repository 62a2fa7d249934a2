import { AppError, type FieldError, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import { visibleFrom } from '../authorities/authority.service.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { MuseumObject } from '../objects/object.schemas.js';
import type { ObjectService } from '../objects/object.service.js';
import type { AcquisitionRepository } from './acquisition.repository.js';
import {
  type Acquisition,
  acquisitionInput,
  type Entry,
  entryInput,
  numberingInput,
  type RegisterLine,
  registerQuery,
} from './acquisition.schemas.js';
import { formatNumber, type SequenceRepository } from './numbering.js';

/**
 * Object entry and acquisition (Spectrum): objects arriving are recorded against an entry with a
 * number from the museum's scheme and tracked as unaccessioned until they are accessioned (an
 * acquisition gives each its accession number) or returned.
 */
export class AcquisitionService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: AcquisitionRepository,
    private readonly sequences: SequenceRepository,
    private readonly objects: ObjectService,
    private readonly objectRepo: ObjectRepository,
    private readonly authorities: AuthorityRepository,
    private readonly audit: AuditRepository,
  ) {}

  async numbering(actor: Actor, museumId: string) {
    authorize(actor, 'read', 'acquisition', museumId);
    return this.repo.numbering(this.ctx.db, museumId);
  }

  /** Sets the museum's numbering patterns (directors). */
  async setNumbering(actor: Actor, museumId: string, input: unknown) {
    authorize(actor, 'update', 'museum', museumId);
    const v = parseInput(numberingInput, input);
    const before = await this.repo.numbering(this.ctx.db, museumId);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.setNumbering(trx, museumId, v);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'museum',
        entityId: museumId,
        changes: diffRecords(before, v),
      });
    });
    return v;
  }

  /** Records objects arriving: an entry numbered by the museum's scheme, and an unaccessioned record for each object. */
  async createEntry(actor: Actor, museumId: string, input: unknown): Promise<Entry> {
    authorize(actor, 'create', 'entry', museumId);
    const v = parseInput(entryInput, input);
    if (v.depositorId) await this.checkAgent(museumId, v.depositorId, 'depositorId');
    const { entryPattern } = await this.repo.numbering(this.ctx.db, museumId);
    const year = Number(v.enteredOn.slice(0, 4));
    // Validated before the transaction (which, on SQLite, holds the only connection); numbered inside it.
    const prepared: MuseumObject[] = [];
    for (const o of v.objects) {
      prepared.push(
        await this.objects.prepareNew(
          actor,
          museumId,
          {
            accessionNumber: 'pending',
            visibility: 'draft',
            titles: o.titles,
            descriptions: o.descriptions ?? [],
          },
          'unaccessioned',
        ),
      );
    }
    return this.ctx.db.transaction().execute(async (trx) => {
      const number = formatNumber(entryPattern, {
        year,
        seq: await this.sequences.next(trx, museumId, `entry:${year}`),
      });
      for (const [i, o] of prepared.entries()) o.accessionNumber = `${number}.${i + 1}`;
      for (const [i, o] of prepared.entries()) {
        if (await this.objectRepo.accessionTaken(trx, museumId, o.accessionNumber)) {
          throw invalidInput([
            {
              path: `objects.${i}`,
              code: 'accession_taken',
              message: `The number ${o.accessionNumber} is already in use; change the entry numbering`,
            },
          ]);
        }
        await this.objects.insertPrepared(trx, actor, o);
      }
      const now = nowIso();
      const entry: Entry = {
        id: newId(),
        museumId,
        number,
        enteredOn: v.enteredOn,
        depositorId: v.depositorId ?? null,
        depositorName: v.depositorName ?? null,
        depositorContact: v.depositorContact ?? null,
        reason: v.reason,
        returnBy: v.returnBy ?? null,
        note: v.note ?? null,
        status: 'open',
        createdAt: now,
        updatedAt: now,
        version: 1,
        objects: prepared.map((o) => ({
          id: o.id,
          accessionNumber: o.accessionNumber,
          titles: o.titles,
          collectionStatus: o.collectionStatus,
        })),
      };
      await this.repo.insertEntry(trx, entry);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'entry',
        entityId: entry.id,
        changes: diffRecords(null, { ...entry, objects: entry.objects.map((o) => o.id) }),
      });
      return entry;
    });
  }

  async getEntry(actor: Actor, museumId: string, id: string): Promise<Entry> {
    authorize(actor, 'read', 'entry', museumId);
    const e = await this.repo.findEntry(this.ctx.db, museumId, id);
    if (!e) throw notFound('entry');
    return e;
  }

  async listEntries(actor: Actor, museumId: string, status?: string): Promise<Entry[]> {
    authorize(actor, 'read', 'entry', museumId);
    return this.repo.listEntries(this.ctx.db, museumId, status);
  }

  /** Gives the entry's objects that were not accessioned back to the depositor. */
  async returnEntry(actor: Actor, museumId: string, id: string): Promise<Entry> {
    const e = await this.getEntry(actor, museumId, id);
    authorize(actor, 'update', 'entry', museumId);
    if (e.status !== 'open') throw new AppError('entry_closed', 409, 'This entry is already closed');
    const now = nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const o of e.objects.filter((x) => x.collectionStatus === 'unaccessioned')) {
        await this.objectRepo.setStatus(trx, museumId, o.id, {
          collectionStatus: 'returned',
          updatedBy: actor.userId,
          updatedAt: now,
        });
        await this.audit.record(trx, actor, {
          museumId,
          action: 'update',
          entityType: 'object',
          entityId: o.id,
          changes: { collectionStatus: ['unaccessioned', 'returned'] },
        });
      }
      await this.repo.setEntryStatus(trx, e, 'returned', now);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'entry',
        entityId: e.id,
        changes: { status: [e.status, 'returned'] },
      });
    });
    return this.getEntry(actor, museumId, id);
  }

  /**
   * Acquires unaccessioned objects: one acquisition with its method, source and authorising
   * decision; each object receives its accession number from the museum's scheme, in order.
   */
  async acquire(actor: Actor, museumId: string, input: unknown): Promise<Acquisition> {
    authorize(actor, 'create', 'acquisition', museumId);
    const v = parseInput(acquisitionInput, input);
    if (v.sourceId) await this.checkAgent(museumId, v.sourceId, 'sourceId');
    const ids = [...new Set(v.objectIds)];
    const found = new Map((await this.objectRepo.briefs(this.ctx.db, museumId, ids)).map((o) => [o.id, o]));
    const errors: FieldError[] = [];
    ids.forEach((id, i) => {
      const o = found.get(id);
      if (!o) errors.push({ path: `objectIds.${i}`, code: 'not_found', message: 'No such object' });
      else if (o.collectionStatus !== 'unaccessioned')
        errors.push({
          path: `objectIds.${i}`,
          code: 'not_unaccessioned',
          message: `${o.accessionNumber} is not waiting for accession`,
        });
    });
    if (errors.length) throw invalidInput(errors);
    const { accessionPattern } = await this.repo.numbering(this.ctx.db, museumId);
    const year = Number(v.acquiredOn.slice(0, 4));
    const acquisition = await this.ctx.db.transaction().execute(async (trx) => {
      const seq = await this.sequences.next(trx, museumId, `acquisition:${year}`);
      const now = nowIso();
      const items = ids.map((objectId, i) => ({
        objectId,
        accessionNumber: formatNumber(accessionPattern, { year, seq, item: i + 1 }),
        titles: found.get(objectId)!.titles,
      }));
      for (const [i, it] of items.entries()) {
        if (await this.objectRepo.accessionTaken(trx, museumId, it.accessionNumber, it.objectId)) {
          throw invalidInput([
            {
              path: `objectIds.${i}`,
              code: 'accession_taken',
              message: `The accession number ${it.accessionNumber} is already in use`,
            },
          ]);
        }
      }
      const a: Acquisition = {
        id: newId(),
        museumId,
        reference:
          formatNumber(accessionPattern.replace(/[^{}]*\{item\}[^{}]*$/, ''), { year, seq }) ||
          `${year}.${seq}`,
        method: v.method,
        acquiredOn: v.acquiredOn,
        sourceId: v.sourceId ?? null,
        sourceName: v.sourceName ?? null,
        decision: v.decision,
        documents: v.documents ?? [],
        creditLine: v.creditLine ?? [],
        note: v.note ?? null,
        createdAt: now,
        items,
      };
      for (const it of items) {
        const before = found.get(it.objectId)!;
        await this.objectRepo.setStatus(trx, museumId, it.objectId, {
          collectionStatus: 'accessioned',
          accessionNumber: it.accessionNumber,
          accessionedAt: now,
          updatedBy: actor.userId,
          updatedAt: now,
        });
        await this.audit.record(trx, actor, {
          museumId,
          action: 'update',
          entityType: 'object',
          entityId: it.objectId,
          changes: {
            accessionNumber: [before.accessionNumber, it.accessionNumber],
            collectionStatus: ['unaccessioned', 'accessioned'],
          },
        });
      }
      await this.repo.insertAcquisition(trx, a, actor.userId);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'acquisition',
        entityId: a.id,
        changes: diffRecords(null, { ...a, items: a.items.map(({ titles: _t, ...x }) => x) }),
      });
      for (const e of await this.repo.entriesOf(trx, museumId, ids)) {
        if (e.status === 'open' && e.objects.every((o) => o.collectionStatus !== 'unaccessioned')) {
          await this.repo.setEntryStatus(trx, e, 'accessioned', now);
          await this.audit.record(trx, actor, {
            museumId,
            action: 'update',
            entityType: 'entry',
            entityId: e.id,
            changes: { status: ['open', 'accessioned'] },
          });
        }
      }
      return a;
    });
    return acquisition;
  }

  async getAcquisition(actor: Actor, museumId: string, id: string): Promise<Acquisition> {
    authorize(actor, 'read', 'acquisition', museumId);
    const a = await this.repo.findAcquisition(this.ctx.db, museumId, id);
    if (!a) throw notFound('acquisition');
    return a;
  }

  async register(actor: Actor, museumId: string, query: unknown): Promise<RegisterLine[]> {
    authorize(actor, 'read', 'acquisition', museumId);
    const q = parseInput(registerQuery, query);
    return this.repo.register(this.ctx.db, museumId, q.year);
  }

  private async checkAgent(museumId: string, id: string, path: string): Promise<void> {
    const a = await this.authorities.findById(this.ctx.db, id);
    if (!a || !visibleFrom(a, museumId))
      throw new AppError('not_found', 404, 'No such authority record', {
        fields: [{ path, code: 'not_found', message: 'No such authority record' }],
      });
    if (a.type !== 'person' && a.type !== 'organization')
      throw invalidInput([
        { path, code: 'wrong_kind', message: 'A person or an organisation is needed here' },
      ]);
  }
}
