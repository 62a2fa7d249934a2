import { AppError, conflict, type FieldError, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { LocationRepository } from './location.repository.js';
import {
  type LocatedObject,
  type Location,
  locationInput,
  locationObjectsQuery,
  type Movement,
  moveInput,
} from './location.schemas.js';

export interface LocationNode extends Location {
  depth: number;
  /** Objects at this location itself, and at it and everything below it. */
  here: number;
  total: number;
}

/**
 * Storage and movement control (Spectrum): the museum's storage tree, moving one object or a
 * selection with who, when, why, from and to, and each object's current location, derived
 * from its movements.
 */
export class LocationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: LocationRepository,
    private readonly objectRepo: ObjectRepository,
    private readonly audit: AuditRepository,
  ) {}

  async get(actor: Actor, museumId: string, id: string): Promise<Location> {
    authorize(actor, 'read', 'location', museumId);
    const l = await this.repo.findById(this.ctx.db, museumId, id);
    if (!l) throw notFound('location');
    return l;
  }

  /** The ancestors of a location, from the site down, then the location itself. */
  async trail(actor: Actor, museumId: string, l: Location): Promise<Location[]> {
    authorize(actor, 'read', 'location', museumId);
    const ids = l.path.split('/').filter(Boolean);
    const found = new Map((await this.repo.findManyByIds(this.ctx.db, museumId, ids)).map((x) => [x.id, x]));
    return ids.map((id) => found.get(id)).filter((x): x is Location => x !== undefined);
  }

  /** The whole storage tree in depth-first order, with object counts. */
  async tree(actor: Actor, museumId: string): Promise<LocationNode[]> {
    authorize(actor, 'read', 'location', museumId);
    const all = await this.repo.list(this.ctx.db, museumId);
    const direct = await this.repo.directCounts(this.ctx.db, museumId);
    const total = new Map<string, number>();
    for (const l of all) {
      const n = direct.get(l.id) ?? 0;
      for (const ancestor of l.path.split('/').filter(Boolean))
        total.set(ancestor, (total.get(ancestor) ?? 0) + n);
    }
    return all.map((l) => ({
      ...l,
      depth: l.path.split('/').filter(Boolean).length - 1,
      here: direct.get(l.id) ?? 0,
      total: total.get(l.id) ?? 0,
    }));
  }

  async create(actor: Actor, museumId: string, input: unknown): Promise<Location> {
    authorize(actor, 'create', 'location', museumId);
    const v = parseInput(locationInput, input);
    const parent = v.parentId ? await this.get(actor, museumId, v.parentId) : null;
    if (await this.repo.codeTaken(this.ctx.db, museumId, v.code)) throw codeTaken();
    const id = newId();
    const now = nowIso();
    const l: Location = {
      id,
      museumId,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      kind: v.kind,
      code: v.code,
      names: v.names,
      notes: v.notes ?? null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, l);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'location',
        entityId: id,
        changes: diffRecords(null, l),
      });
    });
    return l;
  }

  /** Changes a location; giving it another parent moves its whole subtree (and what is stored there) with it. */
  async update(actor: Actor, museumId: string, id: string, input: unknown): Promise<Location> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'update', 'location', museumId);
    const v = parseInput(locationInput, input);
    const parent = v.parentId ? await this.get(actor, museumId, v.parentId) : null;
    if (parent?.path.startsWith(before.path))
      throw conflict('parentId', 'location_cycle', 'A location cannot be placed inside itself');
    if (await this.repo.codeTaken(this.ctx.db, museumId, v.code, id)) throw codeTaken();
    const after: Location = {
      ...before,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      kind: v.kind,
      code: v.code,
      names: v.names,
      notes: v.notes ?? null,
      updatedAt: nowIso(),
      version: before.version + 1,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.update(trx, before, after);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'location',
        entityId: id,
        changes: diffRecords(before, after),
      });
    });
    return after;
  }

  /** Deletes a location that has never held an object and has nothing below it. */
  async delete(actor: Actor, museumId: string, id: string): Promise<void> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'delete', 'location', museumId);
    if (await this.repo.hasChildren(this.ctx.db, id))
      throw new AppError('location_not_empty', 409, 'This location has locations inside it');
    if (await this.repo.hasMovements(this.ctx.db, id))
      throw new AppError(
        'location_has_history',
        409,
        'Objects have been stored here; the location is kept for their history',
      );
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.delete(trx, museumId, id);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'delete',
        entityType: 'location',
        entityId: id,
        changes: diffRecords(before, null),
      });
    });
  }

  /** What is at a location (and below it), by accession number. */
  async objectsAt(
    actor: Actor,
    museumId: string,
    id: string,
    query: unknown,
  ): Promise<{ items: LocatedObject[]; total: number }> {
    const l = await this.get(actor, museumId, id);
    const q = parseInput(locationObjectsQuery, query);
    return this.repo.objectsAt(this.ctx.db, museumId, l, q.deep === '1', q.limit, q.offset);
  }

  /**
   * Moves objects to a location in one transaction: a movement and an audit event per object,
   * and the destination becomes each one's current location. Objects named that are not this
   * museum's are refused together, and nothing moves.
   */
  async move(actor: Actor, museumId: string, input: unknown): Promise<{ batchId: string; moved: number }> {
    authorize(actor, 'create', 'movement', museumId);
    const v = parseInput(moveInput, input);
    const to = await this.get(actor, museumId, v.to);
    const errors: FieldError[] = [];
    const ids = new Set<string>();
    const accessions = [...new Set(v.accessionNumbers ?? [])];
    const byAccession = await this.objectRepo.idsByAccession(this.ctx.db, museumId, accessions);
    accessions.forEach((a, i) => {
      const id = byAccession.get(a);
      if (id) ids.add(id);
      else
        errors.push({
          path: `accessionNumbers.${i}`,
          code: 'unknown_accession',
          message: `No object ${a} in this museum`,
        });
    });
    const given = [...new Set(v.objectIds ?? [])];
    const existing = await this.objectRepo.existingIds(this.ctx.db, museumId, given);
    given.forEach((id, i) => {
      if (existing.has(id)) ids.add(id);
      else errors.push({ path: `objectIds.${i}`, code: 'not_found', message: 'No such object' });
    });
    if (errors.length) throw invalidInput(errors);
    const objectIds = [...ids];
    const batchId = newId();
    const movedAt = nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await this.repo.currentOf(trx, objectIds);
      const moves = objectIds.map((objectId) => ({
        id: newId(),
        museumId,
        objectId,
        fromId: current.get(objectId) ?? null,
        toId: to.id,
        movedAt,
        movedById: actor.userId,
        movedByLabel: actor.name,
        reason: v.reason,
        note: v.note ?? null,
        batchId,
      }));
      await this.repo.recordMoves(trx, moves);
      await this.audit.recordMany(
        trx,
        actor,
        moves.map((m) => ({
          museumId,
          action: 'create' as const,
          entityType: 'movement',
          entityId: m.id,
          changes: {
            object: [null, m.objectId],
            location: [m.fromId, m.toId],
            reason: [null, m.reason],
            ...(m.note ? { note: [null, m.note] } : {}),
          },
        })),
      );
    });
    return { batchId, moved: objectIds.length };
  }

  /** Where an object is now, with the trail of locations above it (null when never located). */
  async currentLocation(actor: Actor, museumId: string, objectId: string): Promise<Location[] | null> {
    authorize(actor, 'read', 'location', museumId);
    const at = (await this.repo.currentOf(this.ctx.db, [objectId])).get(objectId);
    if (!at) return null;
    const l = await this.repo.findById(this.ctx.db, museumId, at);
    return l ? this.trail(actor, museumId, l) : null;
  }

  /** Where each of these objects is now, by the location's code (an export, a list). */
  async currentOfMany(
    actor: Actor,
    museumId: string,
    objectIds: string[],
  ): Promise<Map<string, { id: string; code: string }>> {
    authorize(actor, 'read', 'location', museumId);
    const at = await this.repo.currentOf(this.ctx.db, objectIds);
    const places = new Map(
      (await this.repo.findManyByIds(this.ctx.db, museumId, [...new Set(at.values())])).map((l) => [l.id, l]),
    );
    const out = new Map<string, { id: string; code: string }>();
    for (const [objectId, locationId] of at) {
      const l = places.get(locationId);
      if (l) out.set(objectId, { id: l.id, code: l.code });
    }
    return out;
  }

  /** Objects with no recorded location, for the registrar's desk. */
  async unlocated(actor: Actor, museumId: string, limit = 20) {
    authorize(actor, 'read', 'location', museumId);
    return this.repo.unlocated(this.ctx.db, museumId, limit);
  }

  /** An object's whole location history, newest first. */
  async history(actor: Actor, museumId: string, objectId: string): Promise<Movement[]> {
    authorize(actor, 'read', 'movement', museumId);
    return this.repo.movementsOf(this.ctx.db, museumId, objectId);
  }
}

const codeTaken = () =>
  conflict('code', 'location_code_taken', 'Another location of this museum has this code');
