import { AppError, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { LocationRepository } from '../locations/location.repository.js';
import type { LocationService } from '../locations/location.service.js';
import type { ObjectService } from '../objects/object.service.js';
import type { InventoryRepository } from './inventory.repository.js';
import { checkInput, closeInput, type Inventory, inventoryInput } from './inventory.schemas.js';

/**
 * Inventory (Spectrum): the objects expected at a location or on a list are checked off as
 * found, found elsewhere (misplaced), or found without being expected; at the close the rest are
 * missing, and confirmed locations become movements.
 */
export class InventoryService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: InventoryRepository,
    private readonly locations: LocationService,
    private readonly locationRepo: LocationRepository,
    private readonly objects: ObjectService,
    private readonly audit: AuditRepository,
  ) {}

  async start(actor: Actor, museumId: string, input: unknown): Promise<Inventory> {
    authorize(actor, 'create', 'inventory', museumId);
    const v = parseInput(inventoryInput, input);
    let objectIds: string[];
    if (v.locationId) {
      const loc = await this.locations.get(actor, museumId, v.locationId);
      objectIds = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await this.locationRepo.objectsAt(this.ctx.db, museumId, loc, true, 1000, offset);
        objectIds.push(...page.items.map((o) => o.id));
        if (page.items.length < 1000) break;
      }
    } else {
      objectIds = await this.objects.idsForAccessions(actor, museumId, v.accessionNumbers!);
    }
    const current = await this.locationRepo.currentOf(this.ctx.db, objectIds);
    const inv = {
      id: newId(),
      title: v.title,
      locationId: v.locationId ?? null,
      status: 'open' as const,
      startedAt: nowIso(),
      startedBy: actor.name,
      closedAt: null,
      confirmed: false,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insert(
        trx,
        museumId,
        inv,
        objectIds.map((objectId) => ({ objectId, expectedLocationId: current.get(objectId) ?? null })),
      );
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'inventory',
        entityId: inv.id,
        changes: { title: [null, v.title], objects: [null, objectIds.length] },
      });
    });
    return this.get(actor, museumId, inv.id);
  }

  async get(actor: Actor, museumId: string, id: string): Promise<Inventory> {
    authorize(actor, 'read', 'inventory', museumId);
    const inv = await this.repo.find(this.ctx.db, museumId, id);
    if (!inv) throw notFound('inventory');
    return inv;
  }

  async list(actor: Actor, museumId: string) {
    authorize(actor, 'read', 'inventory', museumId);
    return this.repo.list(this.ctx.db, museumId);
  }

  /** Checks off one object, found at a location: found where expected, misplaced, or unexpected. */
  async check(actor: Actor, museumId: string, id: string, input: unknown): Promise<Inventory> {
    const inv = await this.get(actor, museumId, id);
    authorize(actor, 'update', 'inventory', museumId);
    if (inv.status !== 'open') throw new AppError('invalid_transition', 409, 'This inventory is closed');
    const v = parseInput(checkInput, input);
    const foundAt = await this.locations.get(actor, museumId, v.foundAt);
    const [objectId] = (await this.objects.idsForAccessions(
      actor,
      museumId,
      [v.accessionNumber],
      () => 'accessionNumber',
    )) as [string];
    const item = inv.items.find((i) => i.objectId === objectId);
    const status =
      !item || item.status === 'unexpected'
        ? 'unexpected'
        : item.expectedCode === foundAt.code
          ? 'found'
          : 'misplaced';
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.upsertItem(
        trx,
        id,
        {
          objectId,
          status,
          foundLocationId: foundAt.id,
          checkedAt: nowIso(),
          checkedBy: actor.name,
          note: v.note ?? null,
        },
        item !== undefined,
      );
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'inventory',
        entityId: id,
        changes: { [v.accessionNumber]: [item?.status ?? null, status] },
      });
    });
    return this.get(actor, museumId, id);
  }

  /**
   * Closes the campaign: objects not found are missing. With `confirmLocations`, every object
   * found somewhere other than its recorded place is moved there (reason: inventory).
   */
  async close(actor: Actor, museumId: string, id: string, input: unknown): Promise<Inventory> {
    const inv = await this.get(actor, museumId, id);
    authorize(actor, 'approve', 'inventory', museumId);
    if (inv.status !== 'open')
      throw new AppError('invalid_transition', 409, 'This inventory is already closed');
    const v = parseInput(closeInput, input);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.close(trx, museumId, id, nowIso(), v.confirmLocations);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'inventory',
        entityId: id,
        changes: { status: ['open', 'closed'], confirmLocations: [null, v.confirmLocations] },
      });
    });
    if (v.confirmLocations) {
      const byPlace = new Map<string, string[]>();
      for (const i of inv.items.filter(
        (x) => (x.status === 'misplaced' || x.status === 'unexpected') && x.foundLocationId,
      )) {
        byPlace.set(i.foundLocationId!, [...(byPlace.get(i.foundLocationId!) ?? []), i.objectId]);
      }
      for (const [to, objectIds] of byPlace)
        await this.locations.move(actor, museumId, { to, objectIds, reason: 'inventory', note: inv.title });
    }
    return this.get(actor, museumId, id);
  }

  async openCount(actor: Actor, museumId: string): Promise<number> {
    authorize(actor, 'read', 'inventory', museumId);
    return this.repo.openCount(this.ctx.db, museumId);
  }
}
