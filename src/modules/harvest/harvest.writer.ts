import { createHash } from 'node:crypto';
import { isAppError } from '../../errors.js';
import { HARVESTER } from '../access/roles.js';
import { diffRecords } from '../audit/audit.diff.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuthorityRepository } from '../authorities/authority.repository.js';
import type { ServiceContext } from '../common/context.js';
import { findTextFault } from '../common/text.js';
import { AuthorityMatcher } from '../imports/import.authorities.js';
import type { Museum } from '../museums/museum.schemas.js';
import type { ObjectRepository } from '../objects/object.repository.js';
import { LINK_FIELDS, type MuseumObject } from '../objects/object.schemas.js';
import { type ObjectService, toInput } from '../objects/object.service.js';
import { fromDublinCore, fromLido } from './harvest.mapping.js';
import type { HarvestRepository } from './harvest.repository.js';
import type { HarvestReport, HarvestSource } from './harvest.schemas.js';
import type { OaiRecord } from './harvest.xml.js';

/** The accession number a record gets when it brings none (or one another record of the source has): its OAI identifier, shortened if need be. */
const localNumber = (identifier: string) =>
  identifier.length <= 64
    ? identifier
    : `oai-${createHash('sha1').update(identifier).digest('hex').slice(0, 24)}`;
const MAX_REJECTIONS = 200;

/** What a run carries from page to page: the names matched so far, and the new authorities already written. */
export interface RunContext {
  matcher: AuthorityMatcher;
  written: Set<string>;
}

/**
 * Writes one page of a harvest in one transaction: new and changed records through the same
 * validation as any record (as the harvester, the only writer of a harvested museum), records
 * deleted at the source deleted here, and where the harvest stands (the next resumption token),
 * so an interrupted harvest resumes exactly after the last page written.
 */
export class HarvestWriter {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: HarvestRepository,
    private readonly objects: ObjectService,
    private readonly objectRepo: ObjectRepository,
    private readonly authorityRepo: AuthorityRepository,
    private readonly audit: AuditRepository,
  ) {}

  async start(museumId: string): Promise<RunContext> {
    return {
      matcher: new AuthorityMatcher(await this.authorityRepo.allVisible(this.ctx.db, museumId), museumId),
      written: new Set(),
    };
  }

  async page(
    source: HarvestSource,
    museum: Museum,
    runId: string,
    records: OaiRecord[],
    run: RunContext,
    report: HarvestReport,
    resume: HarvestSource['resume'],
  ): Promise<void> {
    const db = this.ctx.db;
    const known = await this.repo.objectsOf(
      db,
      source.id,
      records.map((r) => r.identifier),
    );
    const existing = new Map(
      (await this.objectRepo.findByIds(db, museum.id, [...known.values()])).map((o) => [o.id, o]),
    );
    const created: MuseumObject[] = [];
    const replaced: { before: MuseumObject; after: MuseumObject }[] = [];
    const seen: { identifier: string; objectId: string; datestamp: string; url: string | null }[] = [];
    const deleted: { identifier: string; objectId: string }[] = [];
    const reject = (identifier: string, reason: string) => {
      report.rejected++;
      if (report.rejections.length < MAX_REJECTIONS) report.rejections.push({ identifier, reason });
    };
    const drafts = records
      .filter((r) => !r.deleted && r.metadata)
      .map((r) => ({
        r,
        d:
          source.metadataPrefix === 'lido'
            ? fromLido(r.metadata!, museum.defaultLanguage)
            : fromDublinCore(r.metadata!, museum.defaultLanguage),
      }));
    const taken = await this.objectRepo.idsByAccession(
      db,
      museum.id,
      drafts.map(({ d }) => d.accessionNumber).filter((a): a is string => !!a),
    );
    const usedHere = new Set<string>();
    for (const r of records) {
      if (r.deleted) {
        const id = known.get(r.identifier);
        if (id && existing.has(id)) deleted.push({ identifier: r.identifier, objectId: id });
      } else if (!r.metadata) reject(r.identifier, 'The record has no metadata');
    }
    for (const { r, d } of drafts) {
      // Text no engine stores as sent (a NUL byte is well-formed to the XML parser) refuses the record, not the page.
      const fault = findTextFault({
        identifier: r.identifier,
        datestamp: r.datestamp,
        accessionNumber: d.accessionNumber,
        url: d.url,
        input: d.input,
        links: d.links,
      });
      if (fault) {
        reject(r.identifier, `${fault.path}: ${fault.message}`);
        continue;
      }
      const before = existing.get(known.get(r.identifier) ?? '');
      let accession = d.accessionNumber ?? localNumber(r.identifier);
      const holder = taken.get(accession);
      if ((holder && holder !== before?.id) || usedHere.has(accession)) accession = localNumber(r.identifier);
      usedHere.add(accession);
      const links: Record<string, { id: string; qualifier?: string }[]> = {};
      for (const l of d.links) {
        const hit = run.matcher.match(l) ?? run.matcher.create(l);
        links[l.field] ??= [];
        if (
          !links[l.field]!.some((x) => x.id === hit.authority.id && (x.qualifier ?? null) === hit.qualifier)
        )
          links[l.field]!.push(
            hit.qualifier ? { id: hit.authority.id, qualifier: hit.qualifier } : { id: hit.authority.id },
          );
      }
      const input = { visibility: 'public', ...d.input, ...links, accessionNumber: accession };
      try {
        const o = await this.objects.draft(
          HARVESTER,
          museum.id,
          input,
          run.matcher.known,
          { keepUnreadDates: true },
          before,
        );
        seen.push({ identifier: r.identifier, objectId: o.id, datestamp: r.datestamp, url: d.url });
        if (!before) created.push(o);
        else if (JSON.stringify(toInput(before)) !== JSON.stringify(toInput(o)))
          replaced.push({ before, after: o });
        else report.unchanged++;
      } catch (e) {
        if (!isAppError(e) || !e.details?.fields) throw e;
        reject(r.identifier, e.details.fields.map((f) => `${f.path}: ${f.message}`).join('; '));
      }
    }
    const used = new Set(
      [...created, ...replaced.map((x) => x.after)].flatMap((o) =>
        LINK_FIELDS.flatMap((f) => o[f].map((l) => l.id)),
      ),
    );
    const authorities = run.matcher
      .newOnes()
      .map((n) => n.authority)
      .filter((a) => used.has(a.id) && !run.written.has(a.id));
    await db.transaction().execute(async (trx) => {
      if (authorities.length) {
        await this.authorityRepo.insertMany(trx, authorities);
        await this.audit.recordMany(
          trx,
          HARVESTER,
          authorities.map((a) => ({
            museumId: museum.id,
            action: 'create' as const,
            entityType: 'authority',
            entityId: a.id,
            changes: diffRecords(null, a),
          })),
        );
      }
      await this.objects.writeDrafts(trx, HARVESTER, created, replaced);
      for (const x of deleted) await this.objectRepo.delete(trx, museum.id, x.objectId);
      if (deleted.length)
        await this.audit.recordMany(
          trx,
          HARVESTER,
          deleted.map((x) => ({
            museumId: museum.id,
            action: 'delete' as const,
            entityType: 'object',
            entityId: x.objectId,
            changes: diffRecords({ harvestedAs: x.identifier }, null),
          })),
        );
      await this.repo.forget(
        trx,
        source.id,
        deleted.map((x) => x.identifier),
      );
      await this.repo.upsertRecords(trx, source.id, runId, seen);
      await this.repo.setState(trx, source.id, { resume });
    });
    for (const a of authorities) run.written.add(a.id);
    report.added += created.length;
    report.updated += replaced.length;
    report.deleted += deleted.length;
  }

  /** After a full harvest: records the source no longer has are deleted here too. */
  async removeUnseen(
    source: HarvestSource,
    museum: Museum,
    runId: string,
    report: HarvestReport,
  ): Promise<void> {
    const gone = await this.repo.unseen(this.ctx.db, source.id, runId);
    if (!gone.length) return;
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const x of gone) await this.objectRepo.delete(trx, museum.id, x.objectId);
      await this.audit.recordMany(
        trx,
        HARVESTER,
        gone.map((x) => ({
          museumId: museum.id,
          action: 'delete' as const,
          entityType: 'object',
          entityId: x.objectId,
          changes: diffRecords({ harvestedAs: x.identifier }, null),
        })),
      );
      await this.repo.forget(
        trx,
        source.id,
        gone.map((x) => x.identifier),
      );
    });
    report.deleted += gone.length;
  }
}
