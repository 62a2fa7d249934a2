import { AppError, conflict, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditEvent, AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { AuthorityRepository } from './authority.repository.js';
import {
  type Authority,
  type AuthorityInput,
  type AuthorityType,
  authorityInput,
  authorityListQuery,
} from './authority.schemas.js';

/**
 * Authority records shared across the network (museum null) or kept by one museum.
 * A museum's own records are invisible to other museums: reading, editing or linking one
 * from elsewhere answers as if it did not exist.
 */
export class AuthorityService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: AuthorityRepository,
    private readonly audit: AuditRepository,
    private readonly objects?: ObjectRepository,
  ) {}

  /** An authority visible from `museumId` (its own or a shared one), or a 404. */
  async get(actor: Actor, museumId: string | null, id: string): Promise<Authority> {
    const a = await this.repo.findById(this.ctx.db, id);
    if (!a || !visibleFrom(a, museumId)) throw notFound('authority');
    authorize(actor, 'read', a.museumId ? 'authority' : 'shared-authority', a.museumId ?? museumId);
    return a;
  }

  async list(actor: Actor, museumId: string | null, query: unknown): Promise<Authority[]> {
    const q = parseInput(authorityListQuery, query);
    authorize(actor, 'read', museumId ? 'authority' : 'shared-authority', museumId);
    return this.repo.list(this.ctx.db, { museumId }, q, this.ctx.dialect.ilike);
  }

  async create(actor: Actor, museumId: string | null, input: unknown): Promise<Authority> {
    const v = parseInput(authorityInput, input);
    const owner = v.shared || museumId === null ? null : museumId;
    authorize(actor, 'create', owner ? 'authority' : 'shared-authority', owner);
    if (v.parentId) await this.get(actor, museumId, v.parentId);
    const now = nowIso();
    const a: Authority = {
      id: newId(),
      museumId: owner,
      type: v.type,
      ...editable(v),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, a);
      await this.audit.record(trx, actor, {
        museumId: owner,
        action: 'create',
        entityType: 'authority',
        entityId: a.id,
        changes: diffRecords(null, a),
      });
    });
    return a;
  }

  async update(actor: Actor, museumId: string | null, id: string, input: unknown): Promise<Authority> {
    const before = await this.get(actor, museumId, id);
    const v = parseInput(authorityInput, input);
    authorize(actor, 'update', before.museumId ? 'authority' : 'shared-authority', before.museumId);
    if (v.type !== before.type)
      throw conflict('type', 'type_fixed', 'The type of an authority cannot change');
    if (v.parentId) {
      if (v.parentId === id) throw conflict('parentId', 'invalid', 'A record cannot be its own parent');
      await this.get(actor, museumId, v.parentId);
    }
    const after: Authority = {
      ...before,
      ...editable(v),
      updatedAt: nowIso(),
      version: before.version + 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.update(trx, after);
      // Its labels are in the search documents of the objects that name it.
      await this.objects?.reindexLinkedTo(trx, id);
      await this.audit.record(trx, actor, {
        museumId: before.museumId,
        action: 'update',
        entityType: 'authority',
        entityId: id,
        changes: diffRecords(before, after),
      });
    });
    return after;
  }

  async delete(actor: Actor, museumId: string | null, id: string): Promise<void> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'delete', before.museumId ? 'authority' : 'shared-authority', before.museumId);
    if (await this.repo.isLinked(this.ctx.db, id)) {
      throw new AppError('authority_in_use', 409, 'This record is linked from objects; unlink it first');
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.delete(trx, id);
      await this.audit.record(trx, actor, {
        museumId: before.museumId,
        action: 'delete',
        entityType: 'authority',
        entityId: id,
        changes: diffRecords(before, null),
      });
    });
  }

  /** An authority of one of `types` visible from the museum, found by any of its labels (forms name records by label). */
  async findByLabel(
    actor: Actor,
    museumId: string,
    types: AuthorityType[],
    scheme: string | null,
    label: string,
  ): Promise<Authority | undefined> {
    authorize(actor, 'read', 'authority', museumId);
    for (const type of types) {
      const hit = await this.repo.findByLabel(this.ctx.db, { museumId }, type, scheme, label);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The audit trail of an authority record, oldest first. */
  async history(actor: Actor, museumId: string, id: string): Promise<AuditEvent[]> {
    await this.get(actor, museumId, id);
    return this.audit.forEntity(this.ctx.db, 'authority', id);
  }

  /** Whether the actor may edit this record (for showing the edit button). */
  canEdit(actor: Actor, a: Authority): boolean {
    return can(actor, 'update', a.museumId ? 'authority' : 'shared-authority', a.museumId);
  }
}

/** The fields an input sets, with absent ones cleared. */
function editable(v: AuthorityInput) {
  return {
    scheme: v.scheme ?? null,
    labels: v.labels,
    nameParts: v.nameParts ?? null,
    beginYear: v.beginYear ?? null,
    endYear: v.endYear ?? null,
    datesText: v.datesText ?? null,
    latitude: v.latitude ?? null,
    longitude: v.longitude ?? null,
    parentId: v.parentId ?? null,
    externalIds: v.externalIds ?? {},
    note: v.note ?? [],
  };
}

export function visibleFrom(a: Pick<Authority, 'museumId'>, museumId: string | null): boolean {
  return a.museumId === null || a.museumId === museumId;
}
