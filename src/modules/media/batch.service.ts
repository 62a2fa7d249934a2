import { AppError, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import type { BatchRepository } from './batch.repository.js';
import type { Batch, BatchEntry } from './media.schemas.js';
import type { MediaService } from './media.service.js';
import type { Storage } from './storage.adapter.js';
import { listZip, UnsafeZip, walkZip } from './zip.js';

const ZIP_SIGNATURES = ['504b0304', '504b0506'];

/**
 * A batch of images in one ZIP archive, named by accession number. Staging reads the archive's
 * list of files (refusing it whole if any entry is unsafe) and matches each name to an object;
 * nothing enters the collection until a person has seen that preview and saves the batch, when
 * each matched file goes through the same ingest as a single upload.
 */
export class BatchService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: BatchRepository,
    private readonly media: MediaService,
    private readonly storage: Storage,
    private readonly audit: AuditRepository,
    private readonly maxBytes: number,
  ) {}

  async stage(actor: Actor, museumId: string, body: ReadableStream<Uint8Array>): Promise<Batch> {
    authorize(actor, 'create', 'media', museumId);
    // Past the limit the storage stops reading and answers 413 itself.
    const r = await this.storage.receive(body, this.maxBytes);
    try {
      if (!ZIP_SIGNATURES.includes(r.head.subarray(0, 4).toString('hex'))) throw invalidInput([{ path: 'file', code: 'not_zip', message: 'Send a ZIP archive of images; nothing was stored' }]);
      const items = await listZip(r.tempPath).catch((e) => {
        if (e instanceof UnsafeZip) throw invalidInput([{ path: 'file', code: 'unsafe_zip', message: `The archive cannot be taken: ${e.message}; nothing was stored` }]);
        throw e;
      });
      if (!items.length) throw invalidInput([{ path: 'file', code: 'empty', message: 'The archive holds no file' }]);
      const matches = await this.media.matchFiles(actor, museumId, { files: items.map((i) => i.name) });
      const entries: BatchEntry[] = items.map((i, k) => ({ path: i.path, file: i.name, size: i.size, accessionNumber: matches[k]!.accessionNumber, objectId: matches[k]!.objectId }));
      const id = newId();
      const batch: Batch = { id, status: 'staged', createdAt: nowIso(), createdBy: actor.name, entries, storageKey: `batches/${museumId}/${id}.zip` };
      await this.storage.commit(r, batch.storageKey);
      await this.ctx.db.transaction().execute(async (trx) => {
        await this.repo.insert(trx, museumId, batch);
        await this.audit.record(trx, actor, { museumId, action: 'create', entityType: 'media_batch', entityId: id, changes: { files: [null, entries.length], matched: [null, entries.filter((e) => e.objectId).length] } });
      });
      return batch;
    } catch (e) {
      await this.storage.discard(r);
      throw e;
    }
  }

  async get(actor: Actor, museumId: string, id: string): Promise<Batch> {
    authorize(actor, 'read', 'media', museumId);
    const b = await this.repo.find(this.ctx.db, museumId, id);
    if (!b) throw notFound('batch');
    return b;
  }

  /** Saves every matched file of a staged batch to its object; says for each what became of it. */
  async save(actor: Actor, museumId: string, id: string): Promise<Batch> {
    const b = await this.get(actor, museumId, id);
    authorize(actor, 'create', 'media', museumId);
    if (!(await this.repo.transition(this.ctx.db, id, 'staged', 'saving', nowIso()))) throw new AppError('invalid_transition', 409, 'This batch is already saved or dropped');
    const byPath = new Map(b.entries.map((e) => [e.path, e]));
    await walkZip(await this.storage.localFile(b.storageKey), async (item, content) => {
      const e = byPath.get(item.path);
      if (!e?.objectId) return;
      // The archive's directory gives each size, and yauzl refuses to read past it: a file over the limit is refused unread.
      if (item.size > this.maxBytes) {
        e.error = `The file is larger than the upload limit (${item.size} bytes, at most ${this.maxBytes}); it was not saved`;
        return;
      }
      try {
        const { media, duplicate } = await this.media.ingest(actor, museumId, e.objectId, await content(), { originalName: item.name });
        e.mediaId = media.id;
        e.duplicate = duplicate;
      } catch (err) {
        e.error = reason(err);
      }
    });
    const done: Batch = { ...b, status: 'saved', entries: [...byPath.values()] };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.transition(trx, id, 'saving', 'saved', nowIso(), done.entries);
      await this.audit.record(trx, actor, { museumId, action: 'update', entityType: 'media_batch', entityId: id, changes: { status: ['staged', 'saved'], saved: [null, done.entries.filter((e) => e.mediaId).length] } });
    });
    await this.storage.remove(b.storageKey);
    return done;
  }

  /** Drops a staged batch: its archive is removed and nothing of it is saved. */
  async drop(actor: Actor, museumId: string, id: string): Promise<void> {
    const b = await this.get(actor, museumId, id);
    authorize(actor, 'create', 'media', museumId);
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.repo.transition(trx, id, 'staged', 'dropped', nowIso()))) throw new AppError('invalid_transition', 409, 'This batch is already saved or dropped');
      await this.audit.record(trx, actor, { museumId, action: 'update', entityType: 'media_batch', entityId: id, changes: { status: ['staged', 'dropped'] } });
    });
    await this.storage.remove(b.storageKey);
  }
}

/** Why a file was refused, in words a person can act on (a refused input names its fields' reasons). */
function reason(err: unknown): string {
  if (err instanceof AppError && err.details?.fields?.length) return err.details.fields.map((f) => f.message).join('; ');
  return err instanceof Error ? err.message : String(err);
}
