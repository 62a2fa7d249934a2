import { AppError, type FieldError, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { ObjectService } from '../objects/object.service.js';
import type { DisposalRepository } from './disposal.repository.js';
import {
  type Deaccession,
  deaccessionDecision,
  deaccessionInput,
  type Incident,
  incidentInput,
  incidentResolution,
} from './disposal.schemas.js';

/**
 * Deaccession and disposal (a director's approval comes before anything changes; a
 * deaccessioned object keeps its whole record and history), and damage and loss.
 */
export class DisposalService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: DisposalRepository,
    private readonly objects: ObjectService,
    private readonly objectRepo: ObjectRepository,
    private readonly audit: AuditRepository,
  ) {}

  async propose(actor: Actor, museumId: string, input: unknown): Promise<Deaccession> {
    authorize(actor, 'create', 'deaccession', museumId);
    const v = parseInput(deaccessionInput, input);
    const ids = [...new Set(v.objectIds)];
    const found = new Map((await this.objectRepo.briefs(this.ctx.db, museumId, ids)).map((o) => [o.id, o]));
    const errors: FieldError[] = [];
    ids.forEach((id, i) => {
      const o = found.get(id);
      if (!o) errors.push({ path: `objectIds.${i}`, code: 'not_found', message: 'No such object' });
      else if (o.collectionStatus !== 'accessioned' && o.collectionStatus !== 'lost')
        errors.push({
          path: `objectIds.${i}`,
          code: 'not_in_collection',
          message: `${o.accessionNumber} is not in the collection`,
        });
    });
    if (errors.length) throw invalidInput(errors);
    const d: Deaccession = {
      id: newId(),
      status: 'proposed',
      reason: v.reason,
      disposalMethod: v.disposalMethod,
      recipient: v.recipient ?? null,
      proposedBy: actor.name,
      proposedAt: nowIso(),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      completedAt: null,
      version: 1,
      objectIds: ids,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertDeaccession(trx, museumId, d);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'deaccession',
        entityId: d.id,
        changes: diffRecords(null, d),
      });
    });
    return d;
  }

  async get(actor: Actor, museumId: string, id: string): Promise<Deaccession> {
    authorize(actor, 'read', 'deaccession', museumId);
    const d = await this.repo.findDeaccession(this.ctx.db, museumId, id);
    if (!d) throw notFound('deaccession');
    return d;
  }

  async list(actor: Actor, museumId: string, status?: string): Promise<Deaccession[]> {
    authorize(actor, 'read', 'deaccession', museumId);
    const out: Deaccession[] = [];
    for (const id of await this.repo.deaccessionIds(this.ctx.db, museumId, status))
      out.push(await this.get(actor, museumId, id));
    return out;
  }

  /** The director approves or refuses a proposal. */
  async decide(actor: Actor, museumId: string, id: string, input: unknown): Promise<Deaccession> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'approve', 'deaccession', museumId);
    const v = parseInput(deaccessionDecision, input);
    if (before.status !== 'proposed')
      throw new AppError('invalid_transition', 409, `This proposal is already ${before.status}`);
    const after: Deaccession = {
      ...before,
      status: v.decision,
      decidedBy: actor.name,
      decidedAt: nowIso(),
      decisionNote: v.note ?? null,
      version: before.version + 1,
    };
    await this.save(actor, museumId, before, after);
    return after;
  }

  /** Carries out an approved deaccession: its objects leave the collection, keeping their records. */
  async complete(actor: Actor, museumId: string, id: string): Promise<Deaccession> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'update', 'deaccession', museumId);
    if (before.status !== 'approved') {
      throw new AppError(
        'invalid_transition',
        409,
        before.status === 'proposed'
          ? 'A director must approve this deaccession first'
          : `This proposal is ${before.status}`,
      );
    }
    const now = nowIso();
    const after: Deaccession = {
      ...before,
      status: 'completed',
      completedAt: now,
      version: before.version + 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const b of await this.objectRepo.briefs(trx, museumId, before.objectIds)) {
        await this.objectRepo.setStatus(trx, museumId, b.id, {
          collectionStatus: 'deaccessioned',
          updatedBy: actor.userId,
          updatedAt: now,
        });
        await this.audit.record(trx, actor, {
          museumId,
          action: 'update',
          entityType: 'object',
          entityId: b.id,
          changes: { collectionStatus: [b.collectionStatus, 'deaccessioned'] },
        });
      }
      await this.repo.updateDeaccession(trx, museumId, after);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'deaccession',
        entityId: id,
        changes: diffRecords(before, after),
      });
    });
    return after;
  }

  private async save(actor: Actor, museumId: string, before: Deaccession, after: Deaccession): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.updateDeaccession(trx, museumId, after);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'deaccession',
        entityId: after.id,
        changes: diffRecords(before, after),
      });
    });
  }

  /** Reports damage, loss or theft; a lost or stolen object shows as lost until it is found. */
  async report(actor: Actor, museumId: string, objectId: string, input: unknown): Promise<Incident> {
    const o = await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'create', 'incident', museumId);
    const v = parseInput(incidentInput, input);
    const now = nowIso();
    const i: Incident = {
      id: newId(),
      objectId,
      kind: v.kind,
      occurredOn: v.occurredOn ?? null,
      discoveredOn: v.discoveredOn,
      circumstances: v.circumstances,
      actionTaken: v.actionTaken ?? null,
      reportedBy: actor.name,
      resolvedOn: null,
      createdAt: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertIncident(trx, museumId, i);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'incident',
        entityId: i.id,
        changes: diffRecords(null, i),
      });
      if (v.kind !== 'damage' && o.collectionStatus === 'accessioned') {
        await this.objectRepo.setStatus(trx, museumId, objectId, {
          collectionStatus: 'lost',
          updatedBy: actor.userId,
          updatedAt: now,
        });
        await this.audit.record(trx, actor, {
          museumId,
          action: 'update',
          entityType: 'object',
          entityId: objectId,
          changes: { collectionStatus: ['accessioned', 'lost'] },
        });
      }
    });
    return i;
  }

  async incidents(actor: Actor, museumId: string, objectId: string): Promise<Incident[]> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'read', 'incident', museumId);
    return this.repo.incidents(this.ctx.db, museumId, { objectId });
  }

  /** Incidents not yet closed, across the museum. */
  async openIncidents(actor: Actor, museumId: string): Promise<Incident[]> {
    authorize(actor, 'read', 'incident', museumId);
    return this.repo.incidents(this.ctx.db, museumId, { open: true });
  }

  /** Closes an incident; a lost object that is found returns to the collection. */
  async resolve(actor: Actor, museumId: string, id: string, input: unknown): Promise<Incident> {
    authorize(actor, 'read', 'incident', museumId);
    const [before] = await this.repo.incidents(this.ctx.db, museumId, { id });
    if (!before) throw notFound('incident');
    authorize(actor, 'update', 'incident', museumId);
    const v = parseInput(incidentResolution, input);
    if (before.resolvedOn) throw new AppError('invalid_transition', 409, 'This incident is already closed');
    const o = await this.objects.get(actor, museumId, before.objectId);
    const now = nowIso();
    const after = { ...before, resolvedOn: v.resolvedOn, actionTaken: v.actionTaken ?? before.actionTaken };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.resolveIncident(trx, museumId, id, v.resolvedOn, after.actionTaken);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'incident',
        entityId: id,
        changes: diffRecords(before, after),
      });
      if (before.kind !== 'damage' && o.collectionStatus === 'lost') {
        await this.objectRepo.setStatus(trx, museumId, o.id, {
          collectionStatus: 'accessioned',
          updatedBy: actor.userId,
          updatedAt: now,
        });
        await this.audit.record(trx, actor, {
          museumId,
          action: 'update',
          entityType: 'object',
          entityId: o.id,
          changes: { collectionStatus: ['lost', 'accessioned'] },
        });
      }
    });
    return after;
  }
}
