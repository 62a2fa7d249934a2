import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readlinkSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { parentPort, resourceLimits } from 'node:worker_threads';
import type { MuseumObject } from '../objects/object.schemas.js';
import { type PlannedChunk, planTable } from './import.planner.js';
import {
  flatten,
  type ImportTask,
  type Reply,
  type Request,
  revive,
  type TaskResult,
} from './import.thread.js';
import { openTable } from './import.table.js';

/**
 * The body of an import thread: reads a spreadsheet, and plans its rows, off the thread that
 * answers requests. What needs the database it asks of the main thread (`request`), a chunk of
 * rows at a time, and waits for the answer: the records of the chunk's accession numbers, and,
 * for a real run, the writing of each planned chunk.
 */
const port = parentPort!;
/**
 * The XML of a workbook read whole in this thread: an eighth of its heap (a sheet's XML took about
 * four times its size as it was read; its Arabic text two bytes a character).
 */
const MAX_XML_BYTES = ((resourceLimits.maxOldGenerationSizeMb ?? 512) * 2 ** 20) / 8;
// Where the two contend for a core, the thread that answers requests comes first: this one runs at a lower priority
// (on Linux a thread is a task of its own, named by /proc/thread-self; elsewhere it keeps the process's).
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) setPriority(tid, 10);
} catch {
  // no thread priorities here
}
let asked = 0;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
let peakHeap = 0;

function sampleHeap(): void {
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
}

function request(kind: Request['kind'], body: unknown, transfer: ArrayBuffer[] = []): Promise<unknown> {
  sampleHeap();
  const id = ++asked;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    port.postMessage({ type: 'request', id, kind, body }, transfer);
  });
}

async function run(task: ImportTask): Promise<TaskResult> {
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  const table = await openTable(data, task.format, task.read, task.maxRows, MAX_XML_BYTES);
  if (task.kind === 'read') {
    const sample: string[][] = [];
    let rows = 0;
    for await (const batch of table.rows()) {
      // Shown on the mapping page: as many cells as there are headings, each cut short.
      for (const r of batch.slice(0, Math.max(0, task.sample - rows)))
        sample.push(r.cells.slice(0, table.headers.length).map((c) => c.slice(0, 200)));
      rows += batch.length;
      sampleHeap();
    }
    return {
      kind: 'read',
      headers: table.headers,
      encoding: table.encoding,
      delimiter: table.delimiter,
      sample,
      rows,
    };
  }
  const lookup = async (accessions: string[]) =>
    new Map((await request('lookup', accessions)) as [string, MuseumObject][]);
  // Planned once, each chunk of a real run kept on disk as it is planned; written once the whole file is known to pass.
  const spill = task.write ? new Spill() : null;
  try {
    const plan = () =>
      planTable(
        table,
        task.scope,
        task.authorities,
        duplicates,
        lookup,
        spill ? async (chunk) => spill.add(chunk) : undefined,
      );
    let duplicates = new Map<string, number[]>();
    let planned = await plan();
    // An accession number on several rows: planned again, every row of it refused (a file without any is read once).
    if (planned.duplicates.size) {
      duplicates = planned.duplicates;
      spill?.clear();
      planned = await plan();
    }
    const { report, refused } = planned;
    if (!task.write || !spill || (refused && !task.write.skipRejected))
      return { kind: 'plan', report, refused, written: false };
    // A chunk is written while the next is read back.
    let writing: Promise<unknown> = Promise.resolve();
    for (const chunk of spill.chunks()) {
      await writing;
      writing = request('write', chunk, [chunk.buffer as ArrayBuffer]);
    }
    await writing;
    return { kind: 'plan', report, refused, written: true };
  } finally {
    spill?.close();
  }
}

/** Planned chunks in a temporary file, each as JSON, behind its length. */
class Spill {
  private readonly dir = mkdtempSync(join(tmpdir(), 'mathaf-import-'));
  private readonly fd = openSync(join(this.dir, 'plan'), 'w+');
  private end = 0;

  add(chunk: PlannedChunk): void {
    const body = Buffer.from(JSON.stringify(chunk));
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    this.end += writeSync(this.fd, head, 0, 4, this.end);
    this.end += writeSync(this.fd, body, 0, body.length, this.end);
  }

  *chunks(): Generator<Uint8Array> {
    const head = Buffer.alloc(4);
    for (let at = 0; at < this.end; ) {
      readSync(this.fd, head, 0, 4, at);
      const body = new Uint8Array(head.readUInt32LE());
      readSync(this.fd, body, 0, body.length, at + 4);
      at += 4 + body.length;
      yield body;
    }
  }

  clear(): void {
    ftruncateSync(this.fd, 0);
    this.end = 0;
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

port.on('message', (m: { type: 'task'; task: ImportTask } | Reply) => {
  if (m.type === 'reply') {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(revive(m.error));
    else w?.resolve(m.value);
    return;
  }
  peakHeap = 0;
  run(m.task).then(
    (result) => {
      sampleHeap();
      port.postMessage({ type: 'done', result, peakHeap });
    },
    (e: unknown) => {
      try {
        port.postMessage({ type: 'failed', error: flatten(e) });
      } catch {
        port.postMessage({ type: 'failed', error: { message: flatten(e).message } });
      }
    },
  );
});
