import { Worker } from 'node:worker_threads';
import { AppError, isAppError } from '../../errors.js';
import type { Authority } from '../authorities/authority.schemas.js';
import type { PlannedChunk, PlanScope } from './import.planner.js';
import type { ImportMapping, ImportReport } from './import.schemas.js';

/** What an import thread is asked: to read a file (its headings, first rows and count), or to plan it and, for real, have it written. */
export type ImportTask = {
  data: Uint8Array;
  format: 'csv' | 'xlsx';
  read: Pick<ImportMapping, 'encoding' | 'delimiter'>;
  maxRows: number;
} & (
  | { kind: 'read'; sample: number }
  | { kind: 'plan'; scope: PlanScope; authorities: Authority[]; write: false | { skipRejected: boolean } }
);

export type TaskResult =
  | { kind: 'read'; headers: string[]; encoding: string; delimiter: string; sample: string[][]; rows: number }
  | { kind: 'plan'; report: ImportReport; refused: number; written: boolean };

/** What the thread asks of the main thread, which holds the database: existing records by accession number, and a chunk written. */
export type Request = { kind: 'lookup'; body: string[] } | { kind: 'write'; body: Uint8Array };
export type Reply = { type: 'reply'; id: number; value?: unknown; error?: FlatError };
type Message =
  | { type: 'request'; id: number; kind: Request['kind']; body: unknown }
  | { type: 'done'; result: TaskResult; peakHeap: number }
  | { type: 'failed'; error: FlatError };

export interface ThreadIo {
  lookup(accessions: string[]): Promise<[string, unknown][]>;
  write(chunk: PlannedChunk): Promise<void>;
}

type FlatError = { code?: string; status?: number; message: string; details?: AppError['details'] };

/** An error as a message can carry it (an AppError keeps its code, status and details). */
export function flatten(e: unknown): FlatError {
  if (isAppError(e)) return { code: e.code, status: e.status, message: e.message, details: e.details };
  return { message: e instanceof Error ? e.message : String(e) };
}

export function revive(e: FlatError): Error {
  return e.code && e.status ? new AppError(e.code, e.status, e.message, e.details) : new Error(e.message);
}

/**
 * The heap an import thread may fill: 100,000 rows of a CSV file are read and planned within
 * 48 MB, and an XLSX sheet of as many, read whole once measured, within 128 MB. A thread that
 * needs more is stopped with a clear error (413) where V8 can stop it; a single allocation past
 * the limit can stop the process instead, which is why what a thread is given is bounded before
 * (rows, a workbook's XML, a line's values).
 */
export const THREAD_HEAP_MB = 512;
/** Imports read or planned at once in a process; more wait their turn (each takes a core while it runs). */
const MAX_THREADS = 2;
/**
 * An idle thread is kept this long for the next step (starting one loads the sources again, about
 * a second): an upload, its dry run and its run are minutes apart, the time to read a report.
 */
const IDLE_MS = 5 * 60_000;

const decoder = new TextDecoder();
const idle: { worker: Worker; heapMb: number; timer: NodeJS.Timeout }[] = [];
const queue: (() => void)[] = [];
let running = 0;

async function acquire(heapMb: number): Promise<Worker> {
  if (running >= MAX_THREADS) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  const at = idle.findIndex((k) => k.heapMb === heapMb);
  if (at < 0)
    return new Worker(new URL('./import.worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  const [kept] = idle.splice(at, 1);
  clearTimeout(kept!.timer);
  kept!.worker.ref();
  return kept!.worker;
}

function release(worker: Worker | null, heapMb: number): void {
  running--;
  if (worker) {
    // Idle, it keeps no process alive (the command line's `mathaf import` ends when its work does).
    worker.unref();
    const timer = setTimeout(() => {
      const at = idle.findIndex((k) => k.worker === worker);
      if (at >= 0) idle.splice(at, 1);
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    idle.push({ worker, heapMb, timer });
  }
  queue.shift()?.();
}

/**
 * Runs a task in an import thread (of `heapMb` megabytes of heap at most), answering its requests
 * (`io`) on this thread, and returns its result with the most heap the thread was seen to use. A
 * chunk being written when the task fails is written (or has failed) before this returns, so what
 * follows (an undo) never runs beside it.
 */
export async function runInThread(
  task: ImportTask,
  io: Partial<ThreadIo>,
  heapMb = THREAD_HEAP_MB,
): Promise<{ result: TaskResult; peakHeap: number }> {
  const worker = await acquire(heapMb);
  return new Promise((resolve, reject) => {
    let writing: Promise<unknown> = Promise.resolve();
    let settled = false;
    const end = (healthy: boolean, after: () => void) => {
      if (settled) return;
      settled = true;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (!healthy) void worker.terminate();
      void writing.finally(() => {
        release(healthy ? worker : null, heapMb);
        after();
      });
    };
    const onMessage = (m: Message) => {
      if (m.type === 'done') return end(true, () => resolve({ result: m.result, peakHeap: m.peakHeap }));
      if (m.type === 'failed') return end(true, () => reject(revive(m.error)));
      // A chunk comes as JSON (its bytes handed over, not copied), read here faster than V8 reads its own serialisation.
      const handle =
        m.kind === 'lookup'
          ? io.lookup?.(m.body as string[])
          : io.write?.(JSON.parse(decoder.decode(m.body as Uint8Array)) as PlannedChunk);
      const answer = Promise.resolve(handle).then(
        (value) => {
          if (!settled) worker.postMessage({ type: 'reply', id: m.id, value } satisfies Reply);
        },
        (e: unknown) => {
          // A chunk that could not be written ends the task here; a failed read is the thread's to report.
          if (m.kind === 'write') end(false, () => reject(e));
          else if (!settled)
            worker.postMessage({ type: 'reply', id: m.id, error: flatten(e) } satisfies Reply);
        },
      );
      if (m.kind === 'write') writing = answer;
    };
    const onError = (e: Error & { code?: string }) => {
      end(false, () =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError(
                'import_too_large',
                413,
                'Reading this file needs more memory than an import is given; split it into smaller files',
              )
            : e,
        ),
      );
    };
    const onExit = () => end(false, () => reject(new Error('The import thread stopped')));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'task', task }, [task.data.buffer as ArrayBuffer]);
  });
}
