import { nowIso } from '../../db/ids.js';
import type { ServiceContext } from '../common/context.js';
import type { MediaRepository } from './media.repository.js';
import type { FixityReport } from './media.schemas.js';
import type { Storage } from './storage.adapter.js';

/** Where an original that no record names is set aside, under the same path below `orphans/`. */
export function orphanKey(key: string): string {
  return `orphans/${key.replace(/^originals\//, '')}`;
}

export function emptyReport(): FixityReport {
  return { checked: 0, ok: 0, changed: [], missing: [], untracked: [], setAside: [], restored: [] };
}

/**
 * Fixity: every original re-read and compared with its recorded digest, each check a preservation
 * event; a damaged file is reported, never deleted. An original that no record names (its process
 * died between storing the file and recording it) is set aside under `orphans/` once it is older
 * than `graceMs`, so no upload still on its way is touched, and that is recorded too; a record whose
 * file is missing gets it back from there when it is there (an upload of the same file recorded in
 * the moment it was set aside).
 */
export class FixityService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: MediaRepository,
    private readonly storage: Storage,
    private readonly graceMs: number,
  ) {}

  async run(now = new Date()): Promise<FixityReport> {
    const report = emptyReport();
    let after: string | null = null;
    do after = await this.batch(after, 500, report, now);
    while (after);
    return report;
  }

  /**
   * Checks the originals after `after` (in id order), at most `limit` of them, adding to `report`;
   * returns where to go on from, or null once all are checked and the untracked files dealt with.
   * The scheduled job runs it a batch per job, so no claim outlives its lock.
   */
  async batch(
    after: string | null,
    limit: number,
    report: FixityReport,
    now = new Date(),
  ): Promise<string | null> {
    const batch = await this.repo.page(this.ctx.db, after, limit);
    for (const m of batch) {
      let d = await this.storage.digest(m.storageKey);
      report.checked++;
      if (!d && (await this.storage.digest(orphanKey(m.storageKey)))?.sha256 === m.sha256) {
        await this.storage.move(orphanKey(m.storageKey), m.storageKey);
        d = await this.storage.digest(m.storageKey);
        if (d?.sha256 === m.sha256) report.restored.push({ mediaId: m.id, storageKey: m.storageKey });
      }
      const outcome = !d ? 'missing' : d.sha256 !== m.sha256 ? 'changed' : 'ok';
      if (outcome === 'ok') report.ok++;
      else report[outcome].push({ mediaId: m.id, storageKey: m.storageKey });
      await this.repo.event(this.ctx.db, {
        museumId: m.museumId,
        mediaId: m.id,
        kind: 'fixity',
        at: nowIso(),
        outcome,
        detail: d ?? {},
      });
    }
    if (batch.length === limit) return batch[batch.length - 1]!.id;
    const known = await this.repo.storageKeys(this.ctx.db);
    for (const key of (await this.storage.list('originals')).filter((k) => !known.has(k))) {
      const st = await this.storage.stat(key);
      if (!st) continue;
      if (now.getTime() - st.modifiedAt.getTime() < this.graceMs) {
        report.untracked.push(key);
        continue;
      }
      await this.storage.move(key, orphanKey(key));
      // Recorded in the meantime (an upload of the same file): back where its record looks for it.
      if ((await this.repo.storageKeys(this.ctx.db)).has(key)) await this.storage.move(orphanKey(key), key);
      else report.setAside.push(key);
    }
    if (report.untracked.length) {
      await this.repo.event(this.ctx.db, {
        museumId: null,
        mediaId: null,
        kind: 'fixity',
        at: nowIso(),
        outcome: 'untracked',
        detail: report.untracked,
      });
    }
    if (report.setAside.length) {
      await this.repo.event(this.ctx.db, {
        museumId: null,
        mediaId: null,
        kind: 'fixity',
        at: nowIso(),
        outcome: 'set_aside',
        detail: report.setAside.map((k) => ({ from: k, to: orphanKey(k) })),
      });
    }
    return null;
  }
}
