import { AppError, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { MediaRepository } from '../media/media.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectService } from '../objects/object.service.js';
import type { RightsRepository } from './rights.repository.js';
import {
  type ObjectRight,
  REPRODUCTION_STEPS,
  type ReproductionRequest,
  requestInput,
  requestStep,
  rightInput,
} from './rights.schemas.js';

/** Rights and reproduction: who holds which rights in an object, and requests to reproduce it. */
export class RightsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: RightsRepository,
    private readonly objects: ObjectService,
    private readonly audit: AuditRepository,
    private readonly media: MediaRepository,
  ) {}

  async rights(actor: Actor, museumId: string, objectId: string): Promise<ObjectRight[]> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'read', 'rights', museumId);
    return this.repo.rightsOf(this.ctx.db, museumId, objectId);
  }

  async addRight(actor: Actor, museumId: string, objectId: string, input: unknown): Promise<ObjectRight> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'create', 'rights', museumId);
    const v = parseInput(rightInput, input);
    if (
      v.mediaId &&
      !(await this.media.ofObject(this.ctx.db, museumId, objectId)).some((m) => m.id === v.mediaId)
    ) {
      throw invalidInput([{ path: 'mediaId', code: 'not_found', message: 'not an image of this object' }]);
    }
    const r: ObjectRight = {
      id: newId(),
      objectId,
      kind: v.kind,
      holder: v.holder,
      licence: v.licence ?? null,
      restrictions: v.restrictions ?? null,
      startsOn: v.startsOn ?? null,
      endsOn: v.endsOn ?? null,
      createdAt: nowIso(),
      mediaId: v.mediaId ?? null,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertRight(trx, museumId, r);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'right',
        entityId: r.id,
        changes: diffRecords(null, r),
      });
    });
    return r;
  }

  async receive(actor: Actor, museumId: string, input: unknown): Promise<ReproductionRequest> {
    authorize(actor, 'create', 'rights', museumId);
    const v = parseInput(requestInput, input);
    const objectIds = await this.objects.idsForAccessions(actor, museumId, v.accessionNumbers);
    const now = nowIso();
    const q: ReproductionRequest = {
      id: newId(),
      requester: v.requester,
      contact: v.contact ?? null,
      purpose: v.purpose,
      description: v.description,
      objectIds,
      status: 'received',
      licence: null,
      fee: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.saveRequest(trx, museumId, q, true);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'reproduction_request',
        entityId: q.id,
        changes: diffRecords(null, q),
      });
    });
    return q;
  }

  async requests(actor: Actor, museumId: string): Promise<ReproductionRequest[]> {
    authorize(actor, 'read', 'rights', museumId);
    return this.repo.requests(this.ctx.db, museumId);
  }

  /** Moves a request on; approving it (with the licence granted and the fee) is for directors and registrars. */
  async step(actor: Actor, museumId: string, id: string, input: unknown): Promise<ReproductionRequest> {
    authorize(actor, 'read', 'rights', museumId);
    const [before] = await this.repo.requests(this.ctx.db, museumId, id);
    if (!before) throw notFound('request');
    const v = parseInput(requestStep, input);
    authorize(actor, v.to === 'approved' ? 'approve' : 'update', 'rights', museumId);
    if (!REPRODUCTION_STEPS[before.status].includes(v.to))
      throw new AppError(
        'invalid_transition',
        409,
        `A request that is ${before.status} cannot become ${v.to}`,
      );
    if (v.to === 'approved' && !v.licence)
      throw invalidInput([{ path: 'licence', code: 'required', message: 'State the licence granted' }]);
    const after: ReproductionRequest = {
      ...before,
      status: v.to,
      ...(v.licence ? { licence: v.licence } : {}),
      ...(v.fee ? { fee: v.fee } : {}),
      updatedAt: nowIso(),
      version: before.version + 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.saveRequest(trx, museumId, after, false);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'reproduction_request',
        entityId: id,
        changes: diffRecords(before, after),
      });
    });
    return after;
  }
}
