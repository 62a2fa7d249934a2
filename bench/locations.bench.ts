/**
 * Storage: moving 1,000 objects in one operation (validation, a movement and an audit event per
 * object, one transaction) against the bare statements that record the same moves; and the
 * location report (count and first page) for a location holding 100,000 objects against the
 * same two queries run bare.
 */
import { sql } from 'kysely';
import { newId, nowIso } from '../src/db/ids.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';
import { accessionSortKey } from '../src/modules/common/sort-keys.js';
import type { Location } from '../src/modules/locations/location.schemas.js';
import type { Services } from '../src/services.js';
import { type Engine, freshServices, median, seconds } from './common.js';

const HELD = Number(process.env.BENCH_HELD ?? 100_000);
const MOVED = 1000;

/** 100,000 objects on 100 shelves of one storeroom, written with bare multi-row inserts. */
async function fill(s: Services) {
  const museum = await s.museums.create(SYSTEM_ACTOR, {
    slug: 'bench',
    names: [{ lang: 'en', value: 'Bench' }],
  });
  const mk = (code: string, kind: string, parentId: string | null) =>
    s.locations.create(SYSTEM_ACTOR, museum.id, {
      code,
      kind,
      parentId,
      names: [{ lang: 'en', value: code }],
    });
  const building = await mk('B', 'building', null);
  const reserve = await mk('R', 'reserve', building.id);
  const shelves: Location[] = [];
  for (let i = 0; i < 100; i++) shelves.push(await mk(`R-${i}`, 'shelf', reserve.id));
  const target = await mk('T', 'shelf', building.id);
  const db = s.database.db;
  const now = nowIso();
  for (let start = 0; start < HELD; start += 500) {
    const ids = Array.from({ length: Math.min(500, HELD - start) }, () => newId());
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('object')
        .values(
          ids.map((id, k) => ({
            id,
            museum_id: museum.id,
            accession_number: `H.${start + k}`,
            accession_sort: accessionSortKey(`H.${start + k}`),
            visibility: 'draft',
            titles: JSON.stringify([{ lang: 'en', value: `Object ${start + k}` }]),
            descriptions: '[]',
            sort_title: `object ${start + k}`,
            other_numbers: '[]',
            dimensions: '[]',
            inscriptions: '[]',
            provenance: '[]',
            credit_line: '[]',
            keywords: '[]',
            rights: null,
            date_earliest: null,
            date_latest: null,
            date_review: 0,
            created_at: now,
            updated_at: now,
            created_by: null,
            updated_by: null,
            version: 1,
          })),
        )
        .execute();
      const movements = ids.map((object_id, k) => ({
        id: newId(),
        object_id,
        shelf: shelves[(start + k) % 100]!.id,
      }));
      await trx
        .insertInto('object_movement')
        .values(
          movements.map((m) => ({
            id: m.id,
            museum_id: museum.id,
            object_id: m.object_id,
            from_location_id: null,
            to_location_id: m.shelf,
            moved_at: now,
            moved_by: null,
            moved_by_label: 'bench',
            reason: 'storage',
            note: null,
            batch_id: 'fill',
          })),
        )
        .execute();
      await trx
        .insertInto('object_location')
        .values(
          movements.map((m) => ({
            object_id: m.object_id,
            location_id: m.shelf,
            movement_id: m.id,
            moved_at: now,
          })),
        )
        .execute();
    });
  }
  return { museum, reserve, target, shelves };
}

export async function benchLocations(engines: Engine[], pgUrl: string | null): Promise<string[]> {
  const rows = [
    `### Storage (${HELD.toLocaleString('en')} objects held in one storeroom; medians of repeated runs, in milliseconds)`,
    '',
    '| engine | operation | service layer ms | bare statements ms | ratio |',
    '|---|---|---:|---:|---:|',
  ];
  for (const engine of engines) {
    const { s, drop } = await freshServices(engine, pgUrl);
    try {
      const { museum, reserve, target, shelves } = await fill(s);
      const db = s.database.db;
      // Move 1,000 objects to the target shelf and back, through the service and bare.
      const accessions = Array.from({ length: MOVED }, (_, i) => `H.${i * Math.floor(HELD / MOVED)}`);
      const ids = (
        await db.selectFrom('object').select('id').where('accession_number', 'in', accessions).execute()
      ).map((r) => r.id);
      const service: number[] = [];
      const bare: number[] = [];
      for (let round = 0; round < 6; round++) {
        const to = round % 2 ? shelves[0]!.id : target.id;
        service.push(
          await seconds(() =>
            s.locations.move(SYSTEM_ACTOR, museum.id, {
              to,
              accessionNumbers: accessions,
              reason: 'storage',
            }),
          ),
        );
        bare.push(
          await seconds(() =>
            db.transaction().execute(async (trx) => {
              const now = nowIso();
              for (let i = 0; i < ids.length; i += 500) {
                const part = ids.slice(i, i + 500).map((object_id) => ({ id: newId(), object_id }));
                await trx
                  .insertInto('object_movement')
                  .values(
                    part.map((m) => ({
                      id: m.id,
                      museum_id: museum.id,
                      object_id: m.object_id,
                      from_location_id: null,
                      to_location_id: to,
                      moved_at: now,
                      moved_by: null,
                      moved_by_label: 'bench',
                      reason: 'storage',
                      note: null,
                      batch_id: 'bare',
                    })),
                  )
                  .execute();
                await trx
                  .deleteFrom('object_location')
                  .where(
                    'object_id',
                    'in',
                    part.map((m) => m.object_id),
                  )
                  .execute();
                await trx
                  .insertInto('object_location')
                  .values(
                    part.map((m) => ({
                      object_id: m.object_id,
                      location_id: to,
                      movement_id: m.id,
                      moved_at: now,
                    })),
                  )
                  .execute();
              }
            }),
          ),
        );
      }
      rows.push(
        `| ${engine} | move ${MOVED.toLocaleString('en')} objects in one operation | ${(median(service) * 1000).toFixed(0)} | ${(median(bare) * 1000).toFixed(0)} | ${(median(service) / median(bare)).toFixed(2)} |`,
      );

      // The report of everything in the storeroom: count and first page of 100.
      const report: number[] = [];
      const bareReport: number[] = [];
      for (let round = 0; round < 9; round++) {
        report.push(
          await seconds(() => s.locations.objectsAt(SYSTEM_ACTOR, museum.id, reserve.id, { limit: '100' })),
        );
        bareReport.push(
          await seconds(async () => {
            const prefix = `${reserve.path}%`;
            await sql`select count(*) from object_location ol join location l on l.id = ol.location_id where l.museum_id = ${museum.id} and l.path like ${prefix}`.execute(
              db,
            );
            await sql`select o.id, o.accession_number, o.titles, l.code from object_location ol join location l on l.id = ol.location_id join object o on o.id = ol.object_id
            where l.museum_id = ${museum.id} and l.path like ${prefix} order by o.accession_sort, o.id limit 100`.execute(
              db,
            );
          }),
        );
      }
      const held = (await s.locations.objectsAt(SYSTEM_ACTOR, museum.id, reserve.id, { limit: '1' })).total;
      rows.push(
        `| ${engine} | report of a storeroom holding ${held.toLocaleString('en')} objects (count + first 100) | ${(median(report) * 1000).toFixed(0)} | ${(median(bareReport) * 1000).toFixed(0)} | ${(median(report) / median(bareReport)).toFixed(2)} |`,
      );
      console.error(rows.slice(-2).join('\n'));
    } finally {
      await drop();
    }
  }
  return rows;
}
