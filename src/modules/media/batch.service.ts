import { AppError, fromStorageError, invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { ownerGone, ownerToken } from '../common/process-owner.js';
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
      if (!ZIP_SIGNATURES.includes(r.head.subarray(0, 4).toString('hex')))
        throw invalidInput([
          { path: 'file', code: 'not_zip', message: 'Send a ZIP archive of images; nothing was stored' },
        ]);
      const items = await listZip(r.tempPath).catch((e) => {
        if (e instanceof UnsafeZip)
          throw invalidInput([
            {
              path: 'file',
              code: 'unsafe_zip',
              message: `The archive cannot be taken: ${e.message}; nothing was stored`,
            },
          ]);
        throw e;
      });
      if (!items.length)
        throw invalidInput([{ path: 'file', code: 'empty', message: 'The archive holds no file' }]);
      const matches = await this.media.matchFiles(actor, museumId, { files: items.map((i) => i.name) });
      const entries: BatchEntry[] = items.map((i, k) => ({
        path: i.path,
        file: i.name,
        size: i.size,
        accessionNumber: matches[k]!.accessionNumber,
        objectId: matches[k]!.objectId,
      }));
      const id = newId();
      const batch: Batch = {
        id,
        status: 'staged',
        createdAt: nowIso(),
        createdBy: actor.name,
        entries,
        storageKey: `batches/${museumId}/${id}.zip`,
      };
      await this.storage.commit(r, batch.storageKey);
      await this.ctx.db.transaction().execute(async (trx) => {
        await this.repo.insert(trx, museumId, batch);
        await this.audit.record(trx, actor, {
          museumId,
          action: 'create',
          entityType: 'media_batch',
          entityId: id,
          changes: {
            files: [null, entries.length],
            matched: [null, entries.filter((e) => e.objectId).length],
          },
        });
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

  /**
   * Saves every matched file of a staged batch to its object; says for each what became of it.
   * The batch is claimed for the time it takes (the claim renewed every third of BATCH_LEASE_MS and
   * with each file done, its outcome kept), so no other server saves it meanwhile. A batch whose
   * process died is free again once its claim runs out, and saved from where it stopped: a file
   * saved already keeps its outcome, and one stored but not yet recorded is found by its digest.
   */
  async save(actor: Actor, museumId: string, id: string): Promise<Batch> {
    const b = await this.get(actor, museumId, id);
    authorize(actor, 'create', 'media', museumId);
    const claim = ownerToken();
    const until = () => new Date(Date.now() + BATCH_LEASE_MS).toISOString();
    if (!(await this.repo.claim(this.ctx.db, id, claim, nowIso(), until()))) throw busy();
    // A file saved by an earlier attempt keeps its outcome; one refused is tried again.
    const entries: BatchEntry[] = b.entries.map((e) => {
      if (e.mediaId) return { ...e };
      const { error: _e, duplicate: _d, ...tried } = e;
      return tried;
    });
    const byPath = new Map(entries.map((e) => [e.path, e]));
    let held = true;
    const renew = async (withEntries = false) => {
      if (!(await this.repo.renew(this.ctx.db, id, claim, until(), withEntries ? entries : undefined)))
        held = false;
    };
    const timer = setInterval(() => void renew().catch(() => undefined), BATCH_LEASE_MS / 3);
    try {
      await walkZip(await this.storage.localFile(b.storageKey), async (item, content) => {
        if (!held) throw busy();
        const e = byPath.get(item.path);
        if (!e?.objectId || e.mediaId) return;
        // The archive's directory gives each size, and yauzl refuses to read past it: a file over the limit is refused unread.
        if (item.size > this.maxBytes) {
          e.error = `The file is larger than the upload limit (${item.size} bytes, at most ${this.maxBytes}); it was not saved`;
          return;
        }
        try {
          const { media, duplicate } = await this.media.ingest(actor, museumId, e.objectId, await content(), {
            originalName: item.name,
          });
          e.mediaId = media.id;
          if (duplicate) e.duplicate = true;
        } catch (err) {
          e.error = reason(err);
        }
        await renew(true);
      });
      await this.ctx.db.transaction().execute(async (trx) => {
        if (!(await this.repo.release(trx, id, claim, 'saved', nowIso(), entries))) throw busy();
        await this.audit.record(trx, actor, {
          museumId,
          action: 'update',
          entityType: 'media_batch',
          entityId: id,
          changes: { status: ['staged', 'saved'], saved: [null, entries.filter((e) => e.mediaId).length] },
        });
      });
    } catch (err) {
      // Free to be saved again at once (unless another process holds it now), with what was done kept.
      await this.repo.release(this.ctx.db, id, claim, 'staged', nowIso(), entries).catch(() => undefined);
      throw err;
    } finally {
      clearInterval(timer);
    }
    const done: Batch = { ...b, status: 'saved', entries };
    await this.storage.remove(b.storageKey);
    return done;
  }

  /** Drops a staged batch: its archive is removed and nothing more of it is saved. */
  async drop(actor: Actor, museumId: string, id: string): Promise<void> {
    const b = await this.get(actor, museumId, id);
    authorize(actor, 'create', 'media', museumId);
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await this.repo.drop(trx, id, nowIso()))) throw busy();
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'media_batch',
        entityId: id,
        changes: { status: [b.status, 'dropped'] },
      });
    });
    await this.storage.remove(b.storageKey);
  }

  /**
   * Puts every batch whose saving process stopped back to staged, to be saved again or dropped; how
   * many (at start and every minute). Stopped: its claim ran out, or it names a process of this host
   * that is gone (a server started again at once after a crash need not wait for the claim).
   */
  async recover(): Promise<number> {
    const now = nowIso();
    let n = await this.repo.releaseStalled(this.ctx.db, now);
    for (const c of await this.repo.claims(this.ctx.db, now)) {
      if (c.claim && ownerGone(c.claim) && (await this.repo.releaseClaim(this.ctx.db, c.id, c.claim, now)))
        n++;
    }
    return n;
  }
}

/** How long a claim on a batch being saved holds unless its process renews it. */
export const BATCH_LEASE_MS = 2 * 60_000;

const busy = () =>
  new AppError('invalid_transition', 409, 'This batch is already saved or dropped, or is being saved');

/** Why a file was refused, in words a person can act on (a refused input names its fields' reasons). */
function reason(err: unknown): string {
  const storage = fromStorageError(err);
  if (storage) return storage.message;
  if (err instanceof AppError && err.details?.fields?.length)
    return err.details.fields.map((f) => f.message).join('; ');
  return err instanceof Error ? err.message : String(err);
}
