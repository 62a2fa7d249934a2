import { AppError, conflict, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import { type Actor, HARVESTER } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditEvent, AuditRepository } from '../audit/audit.repository.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { Authority } from '../authorities/authority.schemas.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import { stem, words } from '../search/normalize.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import { buildObject, draftObject, type ObjectMeta, toInput, type WriteOptions } from './object.draft.js';
import type { ObjectRepository } from './object.repository.js';
import {
  LINK_FIELDS,
  type MuseumObject,
  type ObjectInput,
  type ObjectSummary,
  objectInput,
  objectListQuery,
  objectPatch,
} from './object.schemas.js';

export { toInput, type WriteOptions } from './object.draft.js';

/**
 * Cataloguing: create, read, list, change and delete a museum's objects. Every write runs in
 * one transaction with its audit event; every read is scoped to the museum, so another
 * museum's object answers 404 as a missing one does.
 */
export class ObjectService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ObjectRepository,
    private readonly authorities: AuthorityRepository,
    private readonly audit: AuditRepository,
    private readonly museums?: MuseumRepository,
  ) {}

  /** A harvested museum's records are written by the harvester alone: they are changed at their source. */
  private async writable(actor: Actor, museumId: string): Promise<void> {
    if (actor.userId === HARVESTER.userId || !this.museums) return;
    if (await this.museums.harvestedFrom(this.ctx.db, museumId))
      throw new AppError(
        'read_only',
        409,
        'This record is harvested from another repository; it is changed at its source',
      );
  }

  async get(actor: Actor, museumId: string, id: string): Promise<MuseumObject> {
    authorize(actor, 'read', 'object', museumId);
    const o = await this.repo.findById(this.ctx.db, museumId, id);
    if (!o) throw notFound('object');
    return o;
  }

  async list(
    actor: Actor,
    museumId: string,
    query: unknown,
  ): Promise<{ items: ObjectSummary[]; total: number }> {
    authorize(actor, 'read', 'object', museumId);
    const q = parseInput(objectListQuery, query);
    const terms = q.q
      ? words(q.q)
          .slice(0, 12)
          .map((word) => ({ word, stem: stem(word) }))
      : [];
    const match = terms.length
      ? this.ctx.dialect.fullText.matching({ terms, prefixLast: true, museumId, publicOnly: false })
      : undefined;
    return this.repo.list(this.ctx.db, museumId, q, this.ctx.dialect.ilike, match);
  }

  async create(
    actor: Actor,
    museumId: string,
    input: unknown,
    opts: WriteOptions = {},
  ): Promise<MuseumObject> {
    authorize(actor, 'create', 'object', museumId);
    await this.writable(actor, museumId);
    const v = parseInput(objectInput, input);
    const now = nowIso();
    const o = await this.build(museumId, v, opts, {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      createdBy: actor.userId,
      updatedBy: actor.userId,
      version: 1,
      collectionStatus: 'accessioned',
      accessionedAt: null,
    });
    await this.write(
      async (db) => {
        await this.repo.insert(db, o);
        await this.audit.record(db, actor, {
          museumId,
          action: 'create',
          entityType: 'object',
          entityId: o.id,
          changes: diffRecords(null, auditView(o)),
        });
      },
      museumId,
      o.accessionNumber,
    );
    return o;
  }

  /** Replaces the whole record (PUT). */
  async update(
    actor: Actor,
    museumId: string,
    id: string,
    input: unknown,
    opts: WriteOptions = {},
  ): Promise<MuseumObject> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'update', 'object', museumId);
    await this.writable(actor, museumId);
    const v = parseInput(objectInput, input);
    if (v.version !== undefined && v.version !== before.version) {
      throw new AppError(
        'stale',
        409,
        'Someone else changed this record since you opened it; reload and try again',
      );
    }
    const after = await this.build(museumId, v, opts, {
      id,
      createdAt: before.createdAt,
      updatedAt: nowIso(),
      createdBy: before.createdBy,
      updatedBy: actor.userId,
      version: before.version + 1,
      collectionStatus: before.collectionStatus,
      accessionedAt: before.accessionedAt,
    });
    await this.write(
      async (db) => {
        await this.repo.replace(db, after);
        await this.audit.record(db, actor, {
          museumId,
          action: 'update',
          entityType: 'object',
          entityId: id,
          changes: diffRecords(auditView(before), auditView(after)),
        });
      },
      museumId,
      after.accessionNumber,
      id,
    );
    return after;
  }

  /** Changes only the fields given (PATCH). */
  async patch(
    actor: Actor,
    museumId: string,
    id: string,
    input: unknown,
    opts: WriteOptions = {},
  ): Promise<MuseumObject> {
    const before = await this.get(actor, museumId, id);
    const p = parseInput(objectPatch, input);
    return this.update(actor, museumId, id, { ...toInput(before), ...p }, opts);
  }

  async delete(actor: Actor, museumId: string, id: string): Promise<void> {
    const before = await this.get(actor, museumId, id);
    authorize(actor, 'delete', 'object', museumId);
    await this.writable(actor, museumId);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.delete(trx, museumId, id);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'delete',
        entityType: 'object',
        entityId: id,
        changes: diffRecords(auditView(before), null),
      });
    });
  }

  async history(actor: Actor, museumId: string, id: string): Promise<AuditEvent[]> {
    await this.get(actor, museumId, id);
    authorize(actor, 'read', 'audit', museumId);
    return this.audit.forEntity(this.ctx.db, 'object', id);
  }

  /**
   * The objects of a museum named by accession number (as typed or scanned), in the order given;
   * every number that names no object is a field error at `pathOf(i)`.
   */
  async idsForAccessions(
    actor: Actor,
    museumId: string,
    accessions: string[],
    pathOf = (i: number) => `accessionNumbers.${i}`,
  ): Promise<string[]> {
    authorize(actor, 'read', 'object', museumId);
    const ids = await this.repo.idsByAccession(this.ctx.db, museumId, accessions);
    const unknown = accessions.flatMap((a, i) =>
      ids.has(a)
        ? []
        : [{ path: pathOf(i), code: 'unknown_accession', message: `No object ${a} in this museum` }],
    );
    if (unknown.length) throw invalidInput(unknown);
    return [...new Set(accessions.map((a) => ids.get(a)!))];
  }

  /** Accession numbers, titles and statuses of some objects of the museum (for lists in procedures). */
  async briefs(actor: Actor, museumId: string, ids: string[]) {
    authorize(actor, 'read', 'object', museumId);
    return this.repo.briefs(this.ctx.db, museumId, ids);
  }

  /** Every object id of a museum, by accession number (demo loading and campaigns). */
  async allIds(actor: Actor, museumId: string): Promise<string[]> {
    authorize(actor, 'read', 'object', museumId);
    return this.repo.idsOfMuseum(this.ctx.db, museumId);
  }

  /**
   * Validates a new object for a procedure that writes it in its own transaction (an object entry
   * creates unaccessioned objects); the caller inserts it and records its audit event.
   */
  async prepareNew(
    actor: Actor,
    museumId: string,
    input: unknown,
    status: MuseumObject['collectionStatus'],
  ): Promise<MuseumObject> {
    authorize(actor, 'create', 'object', museumId);
    await this.writable(actor, museumId);
    const v = parseInput(objectInput, input);
    const now = nowIso();
    return this.build(
      museumId,
      v,
      {},
      {
        id: newId(),
        createdAt: now,
        updatedAt: now,
        createdBy: actor.userId,
        updatedBy: actor.userId,
        version: 1,
        collectionStatus: status,
        accessionedAt: null,
      },
    );
  }

  /** Writes a prepared object and its audit event in the caller's transaction. */
  async insertPrepared(db: ServiceContext['db'], actor: Actor, o: MuseumObject): Promise<void> {
    await this.repo.insert(db, o);
    await this.audit.record(db, actor, {
      museumId: o.museumId,
      action: 'create',
      entityType: 'object',
      entityId: o.id,
      changes: diffRecords(null, auditView(o)),
    });
  }

  /** Builds an object from input without writing it: see `draftObject`. */
  async draft(
    actor: Actor,
    museumId: string,
    input: unknown,
    known: ReadonlyMap<string, Authority>,
    opts: WriteOptions = {},
    before?: MuseumObject,
  ): Promise<MuseumObject> {
    return draftObject(actor, museumId, input, known, opts, before);
  }

  /** Writes drafted objects, new and replaced, with an audit event each, in the caller's transaction. */
  async writeDrafts(
    db: ServiceContext['db'],
    actor: Actor,
    created: readonly MuseumObject[],
    replaced: readonly { before: MuseumObject; after: MuseumObject }[],
  ): Promise<void> {
    await this.repo.insertMany(db, created);
    for (const r of replaced) await this.repo.replace(db, r.after);
    await this.audit.recordMany(db, actor, [
      ...created.map((o) => ({
        museumId: o.museumId,
        action: 'create' as const,
        entityType: 'object',
        entityId: o.id,
        changes: diffRecords(null, auditView(o)),
      })),
      ...replaced.map((r) => ({
        museumId: r.after.museumId,
        action: 'update' as const,
        entityType: 'object',
        entityId: r.after.id,
        changes: diffRecords(auditView(r.before), auditView(r.after)),
      })),
    ]);
  }

  /** Runs a write in a transaction, turning a lost race on the accession number into a field error. */
  private async write(
    f: (db: ServiceContext['db']) => Promise<void>,
    museumId: string,
    accession: string,
    exceptId?: string,
  ): Promise<void> {
    if (await this.repo.accessionTaken(this.ctx.db, museumId, accession, exceptId))
      throw accessionTaken(accession);
    try {
      await this.ctx.db.transaction().execute(f);
    } catch (e) {
      if (this.ctx.dialect.isUniqueViolation(e)) throw accessionTaken(accession);
      throw e;
    }
  }

  /** Validates links and dates and assembles the object; the authorities it names are read unless `known` has them all. */
  private async build(
    museumId: string,
    v: ObjectInput,
    opts: WriteOptions,
    meta: ObjectMeta,
    known?: ReadonlyMap<string, Authority>,
  ): Promise<MuseumObject> {
    const found =
      known ??
      new Map(
        (
          await this.authorities.findManyByIds(
            this.ctx.db,
            LINK_FIELDS.flatMap((f) => (v[f] ?? []).map((l) => l.id)),
          )
        ).map((a) => [a.id, a]),
      );
    return buildObject(museumId, v, opts, meta, found);
  }
}

function accessionTaken(accession: string): AppError {
  return conflict(
    'accessionNumber',
    'accession_taken',
    `The accession number ${accession} is already in use in this museum`,
  );
}

/** What the audit trail keeps of an object: links by id, dates as written. */
function auditView(o: MuseumObject): Record<string, unknown> {
  // Assigned over a copy rather than spread: see build.
  const view: Record<string, unknown> = Object.assign({}, o, {
    dateReview: undefined,
    dates: o.dates.map((d) => (d.label ? `${d.label}: ${d.expression}` : d.expression)),
  });
  for (const f of LINK_FIELDS)
    view[f] = o[f].map((l) => (l.qualifier ? { id: l.id, qualifier: l.qualifier } : { id: l.id }));
  return view;
}
