import { invalidInput, notFound } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { ObjectService } from '../objects/object.service.js';
import { isAv, probeAv } from './av-probe.js';
import { isWhole, looksLikeBomb, sniff } from './file-checks.js';
import type { ImageAdapter } from './image.adapter.js';
import type { MediaRepository } from './media.repository.js';
import type { JobRepository } from '../../jobs/job.repository.js';
import { accessionCandidates, type FileMatch, matchFiles } from './filename-match.js';
import {
  DERIVATIVE_SIZES,
  type DerivativeName,
  type Derivatives,
  DIGITIZATION_STATUSES,
  digitizationInput,
  matchInput,
  type Media,
  mediaOrder,
  mediaUpdate,
  uploadMeta,
} from './media.schemas.js';
import { originalKey, type Storage } from './storage.adapter.js';

/**
 * Originals: streamed in and hashed, checked against the digest the client expects, recognised
 * by their signature and read by their format's parser, stored once per museum (the same file twice is the same record), synced
 * and renamed into place before they are recorded (fixity.service.ts re-reads them all).
 */
export class MediaService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: MediaRepository,
    private readonly storage: Storage,
    private readonly images: ImageAdapter,
    private readonly objects: ObjectService,
    private readonly objectRepo: ObjectRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobRepository,
    private readonly maxBytes: number,
  ) {}

  async ingest(
    actor: Actor,
    museumId: string,
    objectId: string,
    body: ReadableStream<Uint8Array>,
    meta: unknown,
  ): Promise<{ media: Media; duplicate: boolean }> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'create', 'media', museumId);
    const m = parseInput(uploadMeta, meta);
    // Past the limit the storage stops reading and answers 413 itself.
    const r = await this.storage.receive(body, this.maxBytes);
    try {
      if (m.expectedSha256 && m.expectedSha256 !== r.sha256) {
        throw invalidInput([
          {
            path: 'expectedSha256',
            code: 'digest_mismatch',
            message: `The file received has SHA-256 ${r.sha256}, not the one expected; nothing was stored`,
          },
        ]);
      }
      const sniffed = sniff(r.head);
      // An image the library cannot decode here is kept as a file, like a PDF: stored and checked, without derivatives.
      const kind = sniffed && { ...sniffed, image: sniffed.image && this.images.reads(sniffed.format) };
      if (!kind)
        throw invalidInput([
          {
            path: 'file',
            code: 'unsupported_format',
            message:
              'This kind of file is not accepted (JPEG, PNG, TIFF, WebP, JPEG 2000, PDF, MP3, WAV, Ogg, FLAC, MP4, MOV, WebM)',
          },
        ]);
      const existing = await this.repo.bySha(this.ctx.db, museumId, r.sha256);
      if (existing) {
        await this.storage.discard(r);
        return { media: existing, duplicate: true };
      }
      if (!(await isWhole(r.tempPath, kind.format, r.size))) {
        throw invalidInput([
          {
            path: 'file',
            code: 'truncated',
            message:
              'The file is incomplete: it ends before its own structure says it should; nothing was stored',
          },
        ]);
      }
      // Sound and video are read by their format's parser: a signature alone (ID3, `ftyp`) starts any file.
      const av = isAv(kind.format) ? await probeAv(r.tempPath, kind.format) : null;
      if (isAv(kind.format) && !av) {
        throw invalidInput([
          {
            path: 'file',
            code: 'not_this_format',
            message: `The file starts as ${kind.format.toUpperCase()} but its content is not ${kind.format.toUpperCase()}; nothing was stored`,
          },
        ]);
      }
      // The header alone is read (no pixel is decoded) before the pixel count is judged.
      const info = kind.image
        ? await this.images.probe(r.tempPath).catch(() => {
            throw invalidInput([
              {
                path: 'file',
                code: 'unreadable_image',
                message: 'The image cannot be read, or has too many pixels',
              },
            ]);
          })
        : null;
      if (info?.width && info.height && looksLikeBomb(info.width, info.height, r.size)) {
        throw invalidInput([
          {
            path: 'file',
            code: 'too_many_pixels',
            message: `The image declares ${info.width} × ${info.height} pixels, far more than a file of this size can hold; nothing was stored`,
          },
        ]);
      }
      if (kind.image) {
        await this.images.verify(r.tempPath).catch((e: unknown) => {
          throw invalidInput([
            {
              path: 'file',
              code: 'damaged_image',
              message: `The image is damaged: its pixels cannot all be read (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); nothing was stored`,
            },
          ]);
        });
      }
      const key = originalKey(museumId, r.sha256);
      await this.storage.commit(r, key);
      const media: Media = {
        id: newId(),
        objectId,
        sha256: r.sha256,
        size: r.size,
        format: kind.format,
        width: info?.width ?? null,
        height: info?.height ?? null,
        pages: info?.pages ?? null,
        originalName: m.originalName ?? null,
        position: await this.repo.nextPosition(this.ctx.db, objectId),
        createdAt: nowIso(),
        createdBy: actor.name,
        storageKey: key,
        derivatives: null,
        captions: [],
        rights: null,
        credit: null,
        isMain: false,
        technical: { ...(info?.technical ?? {}), ...(av ?? {}) },
      };
      await this.ctx.db.transaction().execute(async (trx) => {
        await this.repo.insert(trx, museumId, media);
        await this.repo.event(trx, {
          museumId,
          mediaId: media.id,
          kind: 'ingest',
          at: media.createdAt,
          outcome: 'ok',
          detail: { sha256: r.sha256, size: r.size },
        });
        const { storageKey: _k, derivatives: _d, ...recorded } = media;
        await this.audit.record(trx, actor, {
          museumId,
          action: 'create',
          entityType: 'media',
          entityId: media.id,
          changes: diffRecords(null, recorded),
        });
        if (kind.image) await this.jobs.enqueue(trx, 'derivatives', { museumId, mediaId: media.id });
      });
      return { media, duplicate: false };
    } catch (e) {
      await this.storage.discard(r);
      throw e;
    }
  }

  async ofObject(actor: Actor, museumId: string, objectId: string): Promise<Media[]> {
    await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'read', 'media', museumId);
    return this.repo.ofObject(this.ctx.db, museumId, objectId);
  }

  /** An original for staff to download, as a stream. */
  async original(actor: Actor, museumId: string, id: string) {
    authorize(actor, 'read', 'media', museumId);
    const m = await this.repo.find(this.ctx.db, museumId, id);
    if (!m) throw notFound('media');
    return { media: m, stream: await this.storage.stream(m.storageKey) };
  }

  /** Sets an image's captions, rights and credit, or makes it the object's main image. */
  async update(actor: Actor, museumId: string, id: string, input: unknown): Promise<Media> {
    authorize(actor, 'create', 'media', museumId);
    const before = await this.repo.find(this.ctx.db, museumId, id);
    if (!before) throw notFound('media');
    const v = parseInput(mediaUpdate, input);
    const after: Media = {
      ...before,
      captions: v.captions ?? before.captions,
      rights: v.rights === undefined ? before.rights : v.rights,
      credit: v.credit === undefined ? before.credit : v.credit,
      isMain: v.main ? true : before.isMain,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.updateDetails(trx, after);
      if (v.main) await this.repo.setMain(trx, before.objectId, id);
      const pick = (m: Media) => ({
        captions: m.captions,
        rights: m.rights,
        credit: m.credit,
        isMain: m.isMain,
      });
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'media',
        entityId: id,
        changes: diffRecords(pick(before), pick(after)),
      });
    });
    return after;
  }

  /** Puts an object's images in the order given (every one of them, once). */
  async reorder(actor: Actor, museumId: string, objectId: string, input: unknown): Promise<Media[]> {
    const current = await this.ofObject(actor, museumId, objectId);
    authorize(actor, 'create', 'media', museumId);
    const { ids } = parseInput(mediaOrder, input);
    const same =
      ids.length === current.length &&
      new Set(ids).size === ids.length &&
      ids.every((x) => current.some((m) => m.id === x));
    if (!same)
      throw invalidInput([{ path: 'ids', code: 'invalid', message: 'Give every image of the object once' }]);
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const [position, id] of ids.entries()) await this.repo.setPosition(trx, id, position);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'object',
        entityId: objectId,
        changes: { mediaOrder: [current.map((m) => m.id), ids] },
      });
    });
    return this.ofObject(actor, museumId, objectId);
  }

  /**
   * The preview of a batch: which object each file name stands for (by accession number), and
   * which names match none, before anything is uploaded.
   */
  async matchFiles(actor: Actor, museumId: string, input: unknown): Promise<FileMatch[]> {
    authorize(actor, 'create', 'media', museumId);
    const { files } = parseInput(matchInput, input);
    const candidates = [
      ...new Set(files.flatMap((f) => accessionCandidates(f).flatMap((c) => [c, c.toUpperCase()]))),
    ];
    const lookup = await this.objectRepo.idsByAccession(this.ctx.db, museumId, candidates);
    return matchFiles(files, lookup);
  }

  /** Records where an object's digitization stands. */
  async setDigitization(actor: Actor, museumId: string, objectId: string, input: unknown): Promise<void> {
    const o = await this.objects.get(actor, museumId, objectId);
    authorize(actor, 'create', 'media', museumId);
    const v = parseInput(digitizationInput, input);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.objectRepo.setDigitization(trx, museumId, objectId, v.status, v.by ?? actor.name);
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'object',
        entityId: o.id,
        changes: { digitizationStatus: [null, v.status] },
      });
    });
  }

  /** Counts per status, per status and person, and per collection and status, to plan a campaign. */
  async digitizationReport(actor: Actor, museumId: string) {
    authorize(actor, 'read', 'media', museumId);
    const rows = await this.objectRepo.digitizationCounts(this.ctx.db, museumId);
    const byStatus = Object.fromEntries(
      DIGITIZATION_STATUSES.map((st) => [
        st,
        rows.filter((r) => r.status === st).reduce((n, r) => n + r.count, 0),
      ]),
    );
    const collections = new Map<
      string,
      { id: string; labels: { lang: string; value: string }[]; byStatus: Record<string, number> }
    >();
    for (const r of await this.objectRepo.digitizationByCollection(this.ctx.db, museumId)) {
      const c = collections.get(r.collectionId) ?? {
        id: r.collectionId,
        labels: r.labels,
        byStatus: Object.fromEntries(DIGITIZATION_STATUSES.map((st) => [st, 0])),
      };
      c.byStatus[r.status] = (c.byStatus[r.status] ?? 0) + r.count;
      collections.set(r.collectionId, c);
    }
    return { byStatus, byPerson: rows.filter((r) => r.by), byCollection: [...collections.values()] };
  }

  /**
   * The job that makes an image's pyramid, then its thumbnail and display size from the pyramid
   * level nearest above each (so the original is decoded once). Idempotent: run again, it
   * writes the same files. Returns the pyramid's key.
   */
  async makeDerivatives(payload: unknown): Promise<string | null> {
    const { museumId, mediaId } = payload as { museumId: string; mediaId: string };
    const m = await this.repo.find(this.ctx.db, museumId, mediaId);
    if (!m) return null;
    const base = `derivatives/${museumId}/${m.sha256}`;
    const temp = await this.storage.tempPath();
    let size: { width: number; height: number };
    try {
      size = await this.images.pyramid(await this.storage.localFile(m.storageKey), temp);
      await this.storage.putFile(`${base}/pyramid.tif`, temp);
    } catch (e) {
      await this.storage.discardPath(temp);
      throw e;
    }
    const made: Derivatives = { pyramid: { key: `${base}/pyramid.tif`, ...size } };
    const pyramidFile = await this.storage.localFile(made.pyramid!.key);
    for (const [name, max] of Object.entries(DERIVATIVE_SIZES) as [DerivativeName, number][]) {
      const d = await this.images.derive(pyramidFile, max);
      const key = `${base}/${name}.webp`;
      await this.storage.putBuffer(key, d.data);
      made[name] = { key, width: d.width, height: d.height };
    }
    // The object now has an image to show: its search document says so from the same moment.
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.setDerivatives(trx, mediaId, made);
      await this.objectRepo.reindex(trx, museumId, m.objectId);
    });
    return made.pyramid!.key;
  }

  /** A derivative for staff pages, or 404 while it is not made yet. */
  async derivative(actor: Actor, museumId: string, id: string, name: DerivativeName) {
    authorize(actor, 'read', 'media', museumId);
    const m = await this.repo.find(this.ctx.db, museumId, id);
    const d = m?.derivatives?.[name];
    if (!m || !d) throw notFound('image');
    return await this.storage.stream(d.key);
  }

  async events(actor: Actor, museumId: string, id: string) {
    authorize(actor, 'read', 'media', museumId);
    const m = await this.repo.find(this.ctx.db, museumId, id);
    if (!m) throw notFound('media');
    return this.repo.events(this.ctx.db, id);
  }
}
