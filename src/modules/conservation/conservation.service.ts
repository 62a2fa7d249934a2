import { AppError, type FieldError, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { ObjectService } from '../objects/object.service.js';
import type { ConservationRepository } from './conservation.repository.js';
import {
  type ConditionCheck,
  conditionInput,
  type Treatment,
  TREATMENT_STEPS,
  treatmentProposal,
  treatmentStep,
} from './conservation.schemas.js';

/** Condition checking and conservation: checks on a fixed scale with structured damage notes, and treatments that move through approval. */
export class ConservationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ConservationRepository,
    private readonly objects: ObjectService,
    private readonly audit: AuditRepository,
    private readonly media: MediaRepository,
  ) {}

  /** Refuses images that are not the object's own (of this museum). */
  private async ownImages(
    museumId: string,
    objectId: string,
    ids: readonly string[],
    path: string,
  ): Promise<string[]> {
    if (!ids.length) return [];
    const own = new Set((await this.media.ofObject(this.ctx.db, museumId, objectId)).map((m) => m.id));
    const errors: FieldError[] = ids.flatMap((id, i) =>
      own.has(id)
        ? []
        : [{ path: `${path}.${i}`, code: 'not_found', message: 'not an image of this object' }],
    );
    if (errors.length) throw invalidInput(errors);
    return [...new Set(ids)];
  }

  async checks(actor: Actor, museumId: string, objectId: string): Promise<ConditionCheck[]> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'read', 'condition', museumId);
    return this.repo.checksOf(this.ctx.db, museumId, objectId);
  }

  /** The latest condition check of an object, or null. */
  async latest(actor: Actor, museumId: string, objectId: string): Promise<ConditionCheck | null> {
    return (await this.checks(actor, museumId, objectId))[0] ?? null;
  }

  async check(actor: Actor, museumId: string, objectId: string, input: unknown): Promise<ConditionCheck> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'create', 'condition', museumId);
    const v = parseInput(conditionInput, input);
    const mediaIds = await this.ownImages(museumId, objectId, v.mediaIds ?? [], 'mediaIds');
    const c: ConditionCheck = {
      id: newId(),
      objectId,
      checkedOn: v.checkedOn,
      checker: actor.name,
      context: v.context,
      overall: v.overall,
      damages: v.damages ?? [],
      note: v.note ?? null,
      createdAt: nowIso(),
      mediaIds,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertCheck(trx, museumId, c, actor.userId);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'condition',
        entityId: c.id,
        changes: diffRecords(null, c),
      });
    });
    return c;
  }

  async treatments(actor: Actor, museumId: string, objectId: string): Promise<Treatment[]> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'read', 'treatment', museumId);
    return this.repo.treatmentsOf(this.ctx.db, museumId, objectId);
  }

  async propose(actor: Actor, museumId: string, objectId: string, input: unknown): Promise<Treatment> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'create', 'treatment', museumId);
    const v = parseInput(treatmentProposal, input);
    const now = nowIso();
    const t: Treatment = {
      id: newId(),
      objectId,
      status: 'proposed',
      proposal: v.proposal,
      proposedBy: actor.name,
      proposedAt: now,
      approvedBy: null,
      approvedAt: null,
      startedOn: null,
      completedOn: null,
      materials: [],
      report: null,
      recommendations: null,
      beforeImages: [],
      afterImages: [],
      updatedAt: now,
      version: 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertTreatment(trx, museumId, t);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'treatment',
        entityId: t.id,
        changes: diffRecords(null, t),
      });
    });
    return t;
  }

  /**
   * Moves a treatment to its next state. Approval is for directors and curators; the work is
   * the conservator's. A step the state does not allow is refused and changes nothing.
   */
  async step(actor: Actor, museumId: string, id: string, input: unknown): Promise<Treatment> {
    authorize(actor, 'read', 'treatment', museumId);
    const before = await this.repo.findTreatment(this.ctx.db, museumId, id);
    if (!before) throw notFound('treatment');
    const v = parseInput(treatmentStep, input);
    authorize(actor, v.to === 'approved' ? 'approve' : 'update', 'treatment', museumId);
    if (v.version !== undefined && v.version !== before.version)
      throw new AppError('stale', 409, 'Someone else changed this treatment; reload it');
    if (!TREATMENT_STEPS[before.status].includes(v.to)) {
      throw new AppError(
        'invalid_transition',
        409,
        `A treatment that is ${before.status} cannot become ${v.to}`,
      );
    }
    const beforeImages = await this.ownImages(
      museumId,
      before.objectId,
      v.beforeImages ?? [],
      'beforeImages',
    );
    const afterImages = await this.ownImages(museumId, before.objectId, v.afterImages ?? [], 'afterImages');
    const now = nowIso();
    const day = v.on ?? now.slice(0, 10);
    const after: Treatment = {
      ...before,
      status: v.to,
      ...(v.to === 'approved' ? { approvedBy: actor.name, approvedAt: now } : {}),
      ...(v.to === 'in_progress' ? { startedOn: day } : {}),
      ...(beforeImages.length ? { beforeImages } : {}),
      ...(afterImages.length ? { afterImages } : {}),
      ...(v.to === 'completed'
        ? {
            completedOn: day,
            materials: v.materials ?? before.materials,
            report: v.report ?? before.report,
            recommendations: v.recommendations ?? before.recommendations,
          }
        : {}),
      updatedAt: now,
      version: before.version + 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.updateTreatment(trx, museumId, after);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'treatment',
        entityId: id,
        changes: diffRecords(before, after),
      });
    });
    return after;
  }
}
