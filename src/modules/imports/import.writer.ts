import { AppError } from '../../errors.js';
import { nowIso } from '../../db/ids.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { ServiceContext } from '../common/context.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { MuseumObject } from '../objects/object.schemas.js';
import type { ObjectService } from '../objects/object.service.js';
import type { PlannedChunk } from './import.planner.js';
import type { BatchRecord, ImportRepository } from './import.repository.js';

/**
 * Writes a planned import, and takes one back. Rows are written a thousand at a time, each
 * thousand in its own transaction with its audit events and search documents (so the platform
 * keeps answering while a large file goes in, and the progress can be read); what each wrote is
 * recorded with the batch, and a run that fails part way is undone from that record, so nothing
 * stays half-imported.
 */
export class ImportWriter {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ImportRepository,
    private readonly objects: ObjectService,
    private readonly objectRepo: ObjectRepository,
    private readonly authorityRepo: AuthorityRepository,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * Writes one chunk of planned rows in its own transaction: the new authorities its rows link to
   * first, its objects with their audit events and search documents, what it wrote recorded with
   * the batch, and the progress (`processed` of the file's rows).
   */
  async writeChunk(actor: Actor, batch: BatchRecord, chunk: PlannedChunk): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      if (chunk.authorities.length) {
        await this.authorityRepo.insertMany(trx, chunk.authorities);
        await this.audit.recordMany(
          trx,
          actor,
          chunk.authorities.map((a) => ({
            museumId: a.museumId,
            action: 'create' as const,
            entityType: 'authority',
            entityId: a.id,
            changes: diffRecords(null, a),
          })),
        );
        await this.repo.addAuthorities(
          trx,
          batch.id,
          chunk.authorities.map((a) => a.id),
        );
      }
      if (chunk.rows.length) {
        await this.objects.writeDrafts(trx, actor, chunk.created, chunk.replaced);
        await this.repo.addRows(trx, batch.id, chunk.rows);
      }
      await this.repo.progress(trx, batch.id, chunk.processed);
    });
  }

  /**
   * Takes back what a batch wrote, in one transaction. Unless forced (a failed run's own
   * clean-up), a record changed since the import, or one that has since gained images or a loan,
   * stops the undo with the rows concerned, and nothing is undone.
   */
  async undoWritten(actor: Actor, batch: BatchRecord, { force }: { force: boolean }): Promise<void> {
    const rows = await this.repo.rows(this.ctx.db, batch.id);
    const current = new Map<string, MuseumObject>();
    for (let i = 0; i < rows.length; i += 500) {
      for (const o of await this.objectRepo.findByIds(
        this.ctx.db,
        batch.museumId,
        rows.slice(i, i + 500).map((r) => r.objectId),
      ))
        current.set(o.id, o);
    }
    if (!force) {
      const changed = rows.filter((r) => current.get(r.objectId)?.version !== r.version);
      if (changed.length) {
        throw new AppError(
          'changed_since',
          409,
          `Records were changed since the import (rows ${changed
            .slice(0, 20)
            .map((r) => r.row)
            .join(', ')}${changed.length > 20 ? '…' : ''}); nothing was undone`,
        );
      }
    }
    const now = nowIso();
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        const events: Parameters<AuditRepository['recordMany']>[2] = [];
        for (const r of rows) {
          const was = current.get(r.objectId);
          if (!was) continue;
          if (r.action === 'create') {
            await this.objectRepo.delete(trx, batch.museumId, r.objectId);
            events.push({
              museumId: batch.museumId,
              action: 'delete',
              entityType: 'object',
              entityId: r.objectId,
              changes: diffRecords({ accessionNumber: was.accessionNumber, import: batch.id }, null),
            });
          } else if (r.before) {
            const restored = {
              ...r.before,
              version: was.version + 1,
              updatedAt: now,
              updatedBy: actor.userId,
            };
            await this.objectRepo.replace(trx, restored);
            events.push({
              museumId: batch.museumId,
              action: 'update',
              entityType: 'object',
              entityId: r.objectId,
              changes: diffRecords(
                { version: was.version, import: batch.id },
                { version: restored.version, import: null },
              ),
            });
          }
        }
        for (const id of await this.repo.authorities(trx, batch.id)) {
          if (await this.authorityRepo.isLinked(trx, id)) continue;
          await this.authorityRepo.delete(trx, id);
          events.push({
            museumId: batch.museumId,
            action: 'delete',
            entityType: 'authority',
            entityId: id,
            changes: diffRecords({ import: batch.id }, null),
          });
        }
        await this.audit.recordMany(trx, actor, events);
        await this.repo.clearWritten(trx, batch.id);
      });
    } catch (e) {
      if (force || !this.ctx.dialect.isForeignKeyViolation(e)) throw e;
      throw new AppError(
        'in_use',
        409,
        'Some imported records now have images, loans or other records attached; nothing was undone',
      );
    }
  }
}
