import { AppError, notFound, tooLarge } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize, can } from '../access/policy.js';
import { type Actor, SYSTEM_ACTOR } from '../access/roles.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { ServiceContext } from '../common/context.js';
import { parseInput } from '../common/validate.js';
import type { JobRepository } from '../../jobs/job.repository.js';
import type { Storage } from '../media/storage.adapter.js';
import type { MuseumRepository } from '../museums/museum.repository.js';
import type { Museum } from '../museums/museum.schemas.js';
import { suggestColumns } from './import.mapping.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import type { BatchRecord, ImportRepository } from './import.repository.js';
import {
  type ImportBatch,
  type ImportMapping,
  type ImportReport,
  importMapping,
  runInput,
  savedMappingInput,
} from './import.schemas.js';
import { type ImportTask, runInThread, type TaskResult } from './import.thread.js';
import type { ImportWriter } from './import.writer.js';

const SAMPLE_ROWS = 5;

/** A file as read: its headings, its first rows, its count of rows, and how it was decoded. */
type FileRead = Extract<TaskResult, { kind: 'read' }>;

/** The limits of an import: the file's bytes and its rows. */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
}

/** The public view of a batch (its file's key and the mapping stay inside). */
export const presentBatch = ({
  museumId: _m,
  sourceKey: _k,
  mapping: _p,
  skipRejected: _s,
  ...b
}: BatchRecord): ImportBatch => b;

/**
 * Spreadsheet imports: upload a CSV (UTF-8, UTF-16 or Windows-1256) or XLSX file, map its columns,
 * see row by row what a dry run would do, then import in the background with progress and a
 * report, and undo the whole batch if need be. Mappings are saved by name for the next file.
 * Files are read and planned in an import thread (import.thread.ts), a stream of rows at a time,
 * so the server answers other requests meanwhile; this thread only reads and writes the database
 * for it, a chunk of rows at a time.
 */
export class ImportService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ImportRepository,
    private readonly museums: MuseumRepository,
    private readonly objectRepo: ObjectRepository,
    private readonly authorityRepo: AuthorityRepository,
    private readonly writer: ImportWriter,
    private readonly storage: Storage,
    private readonly jobs: JobRepository,
    private readonly audit: AuditRepository,
    private readonly limits: ImportLimits,
  ) {}

  /** Keeps an uploaded file for the steps that follow, and reads it once to show its columns and a guessed mapping. */
  async upload(actor: Actor, museumId: string, filename: string, data: Buffer) {
    authorize(actor, 'create', 'import', museumId);
    if (await this.museums.harvestedFrom(this.ctx.db, museumId))
      throw new AppError(
        'read_only',
        409,
        "This museum's records are harvested from another repository; they are changed at their source",
      );
    if (data.length > this.limits.maxBytes) throw tooLarge();
    if (!data.length) throw new AppError('unreadable_file', 400, 'The file is empty');
    const format = data[0] === 0x50 && data[1] === 0x4b ? 'xlsx' : 'csv';
    // Read (and counted against the row limit) before anything is kept.
    const table = await this.read(data, format, { encoding: 'auto', delimiter: 'auto' }, true);
    const id = newId();
    const name = filename.replace(/[/\\]/g, '_').slice(0, 200) || `import.${format}`;
    const sourceKey = `imports/${museumId}/${id}.${format}`;
    await this.storage.putBuffer(sourceKey, data);
    const batch: BatchRecord = {
      id,
      museumId,
      filename: name,
      format,
      sourceKey,
      status: 'uploaded',
      processed: 0,
      total: table.rows,
      mapping: null,
      skipRejected: false,
      report: null,
      error: null,
      createdBy: actor.name,
      createdAt: nowIso(),
      finishedAt: null,
    };
    await this.repo.insert(this.ctx.db, batch, actor);
    return this.previewOf(batch, table);
  }

  /** The file read again with another encoding or separator, and the mapping last used for it or guessed. */
  async preview(
    actor: Actor,
    museumId: string,
    id: string,
    read: Partial<Pick<ImportMapping, 'encoding' | 'delimiter'>> = {},
  ) {
    const batch = await this.get(actor, museumId, id);
    const table = await this.read(await this.file(batch), batch.format, {
      encoding: read.encoding ?? batch.mapping?.encoding ?? 'auto',
      delimiter: read.delimiter ?? batch.mapping?.delimiter ?? 'auto',
    });
    return this.previewOf(batch, table);
  }

  /** What importing with this mapping would do, row by row; nothing is written but the mapping kept for the form. */
  async dryRun(actor: Actor, museumId: string, id: string, input: unknown): Promise<ImportReport> {
    const batch = await this.get(actor, museumId, id);
    authorize(actor, 'create', 'import', museumId);
    const mapping = this.mappingFor(actor, museumId, input);
    const { report } = await this.plan(actor, batch, mapping, false);
    await this.repo.setStatus(this.ctx.db, id, [batch.status], batch.status, { mapping, report });
    return report;
  }

  /** Queues the import for real; the worker runs it (see `execute`). */
  async run(actor: Actor, museumId: string, id: string, input: unknown): Promise<ImportBatch> {
    await this.queue(actor, museumId, id, input);
    await this.jobs.enqueue(this.ctx.db, 'import', { batchId: id, museumId, userId: actor.userId });
    return presentBatch(await this.get(actor, museumId, id));
  }

  /** Imports at once, in this process (the command line): as `run`, without the queue. */
  async runNow(actor: Actor, museumId: string, id: string, input: unknown): Promise<ImportBatch> {
    await this.queue(actor, museumId, id, input);
    await this.execute(actor, museumId, id);
    return presentBatch(await this.get(actor, museumId, id));
  }

  /** Marks a file to be imported with this mapping; only once (a second click or request finds it taken). */
  private async queue(actor: Actor, museumId: string, id: string, input: unknown): Promise<void> {
    await this.get(actor, museumId, id);
    authorize(actor, 'create', 'import', museumId);
    const { mapping: raw, skipRejected } = parseInput(runInput, input);
    const mapping = this.mappingFor(actor, museumId, raw);
    if (
      !(await this.repo.setStatus(this.ctx.db, id, ['uploaded', 'refused', 'failed'], 'queued', {
        mapping,
        skipRejected,
        error: null,
      }))
    ) {
      throw new AppError('import_started', 409, 'This file has been imported already, or is being imported');
    }
  }

  /** Runs a queued import (the worker's job). */
  async execute(actor: Actor, museumId: string, id: string): Promise<void> {
    const batch = await this.repo.find(this.ctx.db, museumId, id);
    if (!batch?.mapping) return;
    // A run cut short (the worker stopped) is taken back before it starts again.
    if (batch.status === 'running') await this.writer.undoWritten(actor, batch, { force: true });
    if (
      !(await this.repo.setStatus(this.ctx.db, id, ['queued', 'running'], 'running', {
        processed: 0,
        error: null,
      }))
    )
      return;
    try {
      const { report, written } = await this.plan(actor, batch, batch.mapping, {
        skipRejected: batch.skipRejected,
      });
      if (!written) {
        await this.repo.setStatus(this.ctx.db, id, ['running'], 'refused', {
          report,
          finishedAt: nowIso(),
          error: `${report.reject} rows were refused; nothing was imported`,
        });
        return;
      }
      await this.repo.setStatus(this.ctx.db, id, ['running'], 'done', {
        report,
        processed: report.rows,
        finishedAt: nowIso(),
      });
    } catch (e) {
      await this.writer.undoWritten(actor, batch, { force: true });
      await this.repo.setStatus(this.ctx.db, id, ['running'], 'failed', {
        error: e instanceof Error ? e.message : String(e),
        finishedAt: nowIso(),
      });
    }
  }

  /**
   * Ends as failed, with the reason, the imports marked running that no job will run any more
   * (their job was given up, or is gone); what they had written is taken back. One whose job waits,
   * or was left by a worker that died, is left to it: the job takes it back and imports it again.
   */
  async recover(): Promise<number> {
    // The batches first, then the jobs: only a job marks a batch running, so its job is there by then.
    const stuck = await this.repo.running(this.ctx.db);
    if (!stuck.length) return 0;
    const jobs = await this.jobs.unfinished(this.ctx.db, 'import');
    const taken = new Set(jobs.map(({ job }) => (JSON.parse(job.payload) as { batchId: string }).batchId));
    let ended = 0;
    for (const batch of stuck) {
      if (taken.has(batch.id)) continue;
      // Failed first, and taken back only if it was still running: a job that ended meanwhile has its batch done already.
      const reason =
        'The import stopped and no job was left to finish it; what it had written was taken back. Start it again.';
      if (
        !(await this.repo.setStatus(this.ctx.db, batch.id, ['running'], 'failed', {
          error: reason,
          finishedAt: nowIso(),
        }))
      )
        continue;
      ended++;
      try {
        await this.writer.undoWritten(SYSTEM_ACTOR, batch, { force: true });
      } catch (e) {
        await this.repo.setStatus(this.ctx.db, batch.id, ['failed'], 'failed', {
          error: `The import stopped and no job was left to finish it; what it had written could not be taken back (${e instanceof Error ? e.message : String(e)})`,
        });
      }
    }
    return ended;
  }

  /** Takes a finished import back: its new records deleted, the records it updated restored, the authorities it added removed. */
  async undo(actor: Actor, museumId: string, id: string): Promise<ImportBatch> {
    const batch = await this.get(actor, museumId, id);
    authorize(actor, 'update', 'import', museumId);
    if (batch.status !== 'done')
      throw new AppError('not_undoable', 409, 'Only a finished import can be undone');
    await this.writer.undoWritten(actor, batch, { force: false });
    await this.repo.setStatus(this.ctx.db, id, ['done'], 'undone', { finishedAt: nowIso() });
    return presentBatch(await this.get(actor, museumId, id));
  }

  async get(actor: Actor, museumId: string, id: string): Promise<BatchRecord> {
    authorize(actor, 'read', 'import', museumId);
    const b = await this.repo.find(this.ctx.db, museumId, id);
    if (!b) throw notFound('import');
    return b;
  }

  async list(actor: Actor, museumId: string): Promise<BatchRecord[]> {
    authorize(actor, 'read', 'import', museumId);
    return this.repo.list(this.ctx.db, museumId);
  }

  async saveMapping(actor: Actor, museumId: string, input: unknown): Promise<void> {
    authorize(actor, 'create', 'import', museumId);
    const { name, mapping } = parseInput(savedMappingInput, input);
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.saveMapping(trx, museumId, name, mapping, nowIso());
      await this.audit.record(trx, actor, {
        museumId,
        action: 'update',
        entityType: 'import-mapping',
        entityId: name,
        changes: diffRecords(null, { name, columns: mapping.columns.length }),
      });
    });
  }

  async mappings(actor: Actor, museumId: string) {
    authorize(actor, 'read', 'import', museumId);
    return this.repo.mappings(this.ctx.db, museumId);
  }

  async deleteMapping(actor: Actor, museumId: string, name: string): Promise<void> {
    authorize(actor, 'create', 'import', museumId);
    if (!(await this.repo.deleteMapping(this.ctx.db, museumId, name))) throw notFound('mapping');
  }

  private mappingFor(actor: Actor, museumId: string, input: unknown): ImportMapping {
    const mapping = parseInput(importMapping, input);
    if (mapping.newAuthorities === 'create' && !can(actor, 'create', 'authority', museumId)) {
      throw new AppError(
        'forbidden',
        403,
        'Your role cannot add authorities; match names to existing ones or refuse the rows',
      );
    }
    return mapping;
  }

  private async museum(museumId: string): Promise<Museum> {
    const m = await this.museums.findById(this.ctx.db, museumId);
    if (!m) throw notFound('museum');
    return m;
  }

  private async file(batch: BatchRecord): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for await (const c of await this.storage.stream(batch.sourceKey)) chunks.push(c);
    return Buffer.concat(chunks);
  }

  /** The file's headings, first rows and count, read in an import thread; past the row limit, a 413. */
  private async read(
    data: Buffer,
    format: BatchRecord['format'],
    read: Pick<ImportMapping, 'encoding' | 'delimiter'>,
    keep = false,
  ): Promise<FileRead> {
    const { result } = await runInThread(
      { kind: 'read', ...this.taskFile(data, format, read, keep), sample: SAMPLE_ROWS },
      {},
    );
    return result as FileRead;
  }

  /**
   * Plans a batch's file in an import thread, which asks this thread for the museum's records of
   * each chunk's accession numbers and, when `write` is given, hands each chunk over to be written.
   * Written: false when the plan refused rows and the run was not told to skip them (nothing written).
   */
  private async plan(
    actor: Actor,
    batch: BatchRecord,
    mapping: ImportMapping,
    write: false | { skipRejected: boolean },
  ): Promise<{ report: ImportReport; written: boolean }> {
    const museum = await this.museum(batch.museumId);
    const authorities = await this.authorityRepo.allVisible(this.ctx.db, museum.id);
    const task: ImportTask = {
      kind: 'plan',
      ...this.taskFile(await this.file(batch), batch.format, mapping),
      write,
      authorities,
      scope: { actor, museum: { id: museum.id, defaultLanguage: museum.defaultLanguage }, mapping },
    };
    const { result } = await runInThread(task, {
      lookup: async (accessions) => [
        ...(await this.objectRepo.findByAccessions(this.ctx.db, museum.id, accessions)),
      ],
      write: (chunk) => this.writer.writeChunk(actor, batch, chunk),
    });
    return result as Extract<TaskResult, { kind: 'plan' }>;
  }

  /**
   * The file as a task carries it: its bytes handed over to the thread (not copied again), unless
   * they are still needed here (`keep`) or share their memory with other buffers.
   */
  private taskFile(
    data: Buffer,
    format: BatchRecord['format'],
    read: Pick<ImportMapping, 'encoding' | 'delimiter'>,
    keep = false,
  ) {
    const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    return {
      data: keep || !whole ? new Uint8Array(data) : new Uint8Array(data.buffer, 0, data.byteLength),
      format,
      read: { encoding: read.encoding, delimiter: read.delimiter },
      maxRows: this.limits.maxRows,
    };
  }

  private previewOf(batch: BatchRecord, table: FileRead) {
    return {
      batch: presentBatch(batch),
      encoding: table.encoding,
      delimiter: table.delimiter,
      headers: table.headers,
      sample: table.sample,
      rows: table.rows,
      suggested: batch.mapping?.columns ?? suggestColumns(table.headers),
    };
  }
}
