import { type FieldError, invalidInput } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { ObjectService } from '../objects/object.service.js';
import type { ValuationRepository } from './valuation.repository.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import {
  type Policy,
  policyInput,
  type Valuation,
  valuationInput,
  valuationReadersInput,
} from './valuation.schemas.js';

/**
 * Valuation and insurance: restricted to the roles allowed (directors and registrars). No other
 * module reads these records, so they cannot reach a public page, feed, export or error.
 */
export class ValuationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ValuationRepository,
    private readonly objects: ObjectService,
    private readonly objectRepo: ObjectRepository,
    private readonly audit: AuditRepository,
    private readonly museums: MuseumRepository,
  ) {}

  /** The roles, beyond directors and registrars, the museum lets read valuations (its directors see and set them). */
  async readers(actor: Actor, museumId: string): Promise<string[]> {
    authorize(actor, 'read', 'valuation', museumId);
    return this.museums.valuationReaders(this.ctx.db, museumId);
  }

  async setReaders(actor: Actor, museumId: string, input: unknown): Promise<string[]> {
    authorize(actor, 'update', 'museum', museumId);
    const { roles } = parseInput(valuationReadersInput, input);
    const before = await this.museums.valuationReaders(this.ctx.db, museumId);
    const after = [...new Set(roles)].sort();
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.museums.setValuationReaders(trx, museumId, after);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'museum',
        entityId: museumId,
        changes: { valuationReaders: [before, after] },
      });
    });
    return after;
  }

  async ofObject(
    actor: Actor,
    museumId: string,
    objectId: string,
  ): Promise<{ valuations: Valuation[]; policies: Policy[] }> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'read', 'valuation', museumId);
    return {
      valuations: await this.repo.ofObject(this.ctx.db, museumId, objectId),
      policies: await this.repo.policiesOf(this.ctx.db, museumId, objectId),
    };
  }

  /** Whether this reader's exports of the museum carry valuations (its role, or the museum's grant). */
  readable(actor: Actor, museumId: string): boolean {
    return can(actor, 'read', 'valuation', museumId);
  }

  /** The latest valuation of each object, for an export by a reader allowed valuations; null for anyone else (the columns are left out). */
  async latestForExport(
    actor: Actor,
    museumId: string,
    objectIds: string[],
  ): Promise<Map<string, Pick<Valuation, 'amount' | 'currency' | 'valuedOn'>> | null> {
    if (!this.readable(actor, museumId)) return null;
    return this.repo.latestOf(this.ctx.db, museumId, objectIds);
  }

  async value(actor: Actor, museumId: string, objectId: string, input: unknown): Promise<Valuation> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'create', 'valuation', museumId);
    const v = parseInput(valuationInput, input);
    const val: Valuation = { id: newId(), objectId, ...v, note: v.note ?? null, createdAt: nowIso() };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, museumId, val, actor.userId);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'valuation',
        entityId: val.id,
        changes: diffRecords(null, val),
      });
    });
    return val;
  }

  async addPolicy(actor: Actor, museumId: string, input: unknown): Promise<Policy> {
    authorize(actor, 'create', 'valuation', museumId);
    const v = parseInput(policyInput, input);
    const ids = v.objects.map((o) => o.objectId);
    const found = new Set((await this.objectRepo.briefs(this.ctx.db, museumId, ids)).map((o) => o.id));
    const errors: FieldError[] = ids.flatMap((id, i) =>
      found.has(id) ? [] : [{ path: `objects.${i}.objectId`, code: 'not_found', message: 'No such object' }],
    );
    if (errors.length) throw invalidInput(errors);
    const p: Policy = { id: newId(), ...v, note: v.note ?? null };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insertPolicy(trx, museumId, p, nowIso());
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'insurance_policy',
        entityId: p.id,
        changes: diffRecords(null, p),
      });
    });
    return p;
  }
}
