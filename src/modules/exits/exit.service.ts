import { invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { SequenceRepository } from '../acquisitions/numbering.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { ExitRepository } from './exit.repository.js';
import { exitInput, type ObjectExit } from './exit.schemas.js';

/**
 * Object exit: every departure recorded with a numbered receipt. A deposit going back marks its
 * unaccessioned objects returned; objects disposed of must have been deaccessioned first.
 */
export class ExitService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ExitRepository,
    private readonly objectRepo: ObjectRepository,
    private readonly sequences: SequenceRepository,
    private readonly audit: AuditRepository,
  ) {}

  async record(actor: Actor, museumId: string, input: unknown): Promise<ObjectExit> {
    authorize(actor, 'create', 'exit', museumId);
    const v = parseInput(exitInput, input);
    const accessions = [...new Set(v.accessionNumbers)];
    const ids = await this.objectRepo.idsByAccession(this.ctx.db, museumId, accessions);
    const briefs = new Map(
      (await this.objectRepo.briefs(this.ctx.db, museumId, [...ids.values()])).map((b) => [b.id, b]),
    );
    const errors = accessions.flatMap((a, i) => {
      const b = briefs.get(ids.get(a) ?? '');
      if (!b)
        return [{ path: `accessionNumbers.${i}`, code: 'unknown_accession', message: `No object ${a}` }];
      if (v.reason === 'disposal' && b.collectionStatus !== 'deaccessioned')
        return [
          {
            path: `accessionNumbers.${i}`,
            code: 'not_deaccessioned',
            message: `${a} must be deaccessioned before its disposal`,
          },
        ];
      return [];
    });
    if (errors.length) throw invalidInput(errors);
    const year = Number(v.exitOn.slice(0, 4));
    const now = nowIso();
    return this.ctx.db.transaction().execute(async (trx) => {
      const x: ObjectExit = {
        id: newId(),
        number: `X${year}.${await this.sequences.next(trx, museumId, `exit:${year}`)}`,
        exitOn: v.exitOn,
        reason: v.reason,
        recipient: v.recipient,
        note: v.note ?? null,
        createdBy: actor.name,
        createdAt: now,
        objects: accessions.map((a) => {
          const b = briefs.get(ids.get(a)!)!;
          return { id: b.id, accessionNumber: b.accessionNumber, titles: b.titles };
        }),
      };
      await this.repo.insert(trx, museumId, x);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'create',
        entityType: 'exit',
        entityId: x.id,
        changes: diffRecords(null, { ...x, objects: x.objects.map((o) => o.id) }),
      });
      if (v.reason === 'return_of_deposit' || v.reason === 'return_of_loan_in') {
        for (const o of x.objects.filter((o) => briefs.get(o.id)!.collectionStatus === 'unaccessioned')) {
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
      }
      return x;
    });
  }

  async get(actor: Actor, museumId: string, id: string): Promise<ObjectExit> {
    authorize(actor, 'read', 'exit', museumId);
    const x = await this.repo.find(this.ctx.db, museumId, id);
    if (!x) throw notFound('exit');
    return x;
  }

  async list(actor: Actor, museumId: string) {
    authorize(actor, 'read', 'exit', museumId);
    return this.repo.list(this.ctx.db, museumId);
  }
}
