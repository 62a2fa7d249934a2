import type { Kysely, Selectable } from 'kysely';
import { containsText } from '../../db/query-helpers.js';
import type { AuthorityTable, DB } from '../../db/schema.js';
import { labelSortKey } from '../common/sort-keys.js';
import { readJson } from '../common/values.schemas.js';
import type { Authority, AuthorityListQuery, AuthorityType } from './authority.schemas.js';

/** Authorities visible to a museum: its own and the shared ones. */
export interface Scope {
  museumId: string | null;
}

/** People, organisations, places and concepts, with their labels; owns all SQL on `authority`. */
export class AuthorityRepository {
  /** The labels of some authorities, whatever their museum (the values of search facets). */
  async labelsOf(
    db: Kysely<DB>,
    ids: readonly string[],
  ): Promise<Map<string, { lang: string; value: string }[]>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('authority')
      .select(['id', 'labels'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        readJson<{ lang: string; value: string }[]>(r.labels, []).map((l) => ({
          lang: l.lang,
          value: l.value,
        })),
      ]),
    );
  }

  async findById(db: Kysely<DB>, id: string): Promise<Authority | undefined> {
    const row = await db.selectFrom('authority').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAuthority(row) : undefined;
  }

  async findManyByIds(db: Kysely<DB>, ids: readonly string[]): Promise<Authority[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('authority')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return rows.map(toAuthority);
  }

  async list(
    db: Kysely<DB>,
    scope: Scope,
    q: AuthorityListQuery,
    ilike: 'like' | 'ilike',
  ): Promise<Authority[]> {
    let query = db.selectFrom('authority').selectAll();
    query = scope.museumId
      ? query.where((eb) => eb.or([eb('museum_id', 'is', null), eb('museum_id', '=', scope.museumId)]))
      : query.where('museum_id', 'is', null);
    if (q.type) query = query.where('type', '=', q.type);
    if (q.scheme) query = query.where('scheme', '=', q.scheme);
    if (q.q) query = query.where(containsText('label_text', labelSortKey(q.q), ilike));
    const rows = await query.orderBy('sort_label').orderBy('id').limit(q.limit).offset(q.offset).execute();
    return rows.map(toAuthority);
  }

  /** Every authority a museum may link to: its own and the shared ones (an import matches names against them all). */
  async allVisible(db: Kysely<DB>, museumId: string): Promise<Authority[]> {
    const rows = await db
      .selectFrom('authority')
      .selectAll()
      .where((eb) => eb.or([eb('museum_id', 'is', null), eb('museum_id', '=', museumId)]))
      .execute();
    return rows.map(toAuthority);
  }

  async insertMany(db: Kysely<DB>, authorities: readonly Authority[]): Promise<void> {
    for (let i = 0; i < authorities.length; i += 100)
      await db
        .insertInto('authority')
        .values(authorities.slice(i, i + 100).map(toRow))
        .execute();
  }

  async insert(db: Kysely<DB>, a: Authority): Promise<void> {
    await db.insertInto('authority').values(toRow(a)).execute();
  }

  async update(db: Kysely<DB>, a: Authority): Promise<void> {
    const { id, ...rest } = toRow(a);
    await db.updateTable('authority').set(rest).where('id', '=', id).execute();
  }

  async delete(db: Kysely<DB>, id: string): Promise<void> {
    await db.deleteFrom('authority').where('id', '=', id).execute();
  }

  async isLinked(db: Kysely<DB>, id: string): Promise<boolean> {
    const row = await db
      .selectFrom('object_link')
      .select('object_id')
      .where('authority_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Finds an authority of a type (and scheme) by any of its labels, exactly, within a scope. */
  async findByLabel(
    db: Kysely<DB>,
    scope: Scope,
    type: AuthorityType,
    scheme: string | null,
    label: string,
  ): Promise<Authority | undefined> {
    const key = labelSortKey(label);
    let query = db
      .selectFrom('authority')
      .selectAll()
      .where('type', '=', type)
      .where(containsText('label_text', key, 'like'));
    query = scheme ? query.where('scheme', '=', scheme) : query;
    query = scope.museumId
      ? query.where((eb) => eb.or([eb('museum_id', 'is', null), eb('museum_id', '=', scope.museumId)]))
      : query.where('museum_id', 'is', null);
    const rows = await query.limit(20).execute();
    return rows.map(toAuthority).find((a) => a.labels.some((l) => labelSortKey(l.value) === key));
  }
}

/**
 * The label to show a reader: one in the first of `langs` that has any (its preferred one if
 * marked), else the preferred label, else the first.
 */
export function displayLabel(a: Pick<Authority, 'labels'>, langs: readonly string[] = ['en']): string {
  for (const lang of langs) {
    const inLang = a.labels.filter((l) => l.lang === lang || l.lang.startsWith(`${lang}-`));
    if (inLang.length) return (inLang.find((l) => l.preferred) ?? inLang[0]!).value;
  }
  return (a.labels.find((l) => l.preferred) ?? a.labels[0])?.value ?? '';
}

function toRow(a: Authority): Selectable<AuthorityTable> {
  return {
    id: a.id,
    museum_id: a.museumId,
    type: a.type,
    scheme: a.scheme,
    labels: JSON.stringify(a.labels),
    // Folded labels separated by a character no label contains, for pick-list matching.
    label_text: `\u0001${a.labels.map((l) => labelSortKey(l.value)).join('\u0001')}\u0001`,
    sort_label: labelSortKey(displayLabel(a)),
    name_parts: a.nameParts ? JSON.stringify(a.nameParts) : null,
    begin_year: a.beginYear,
    end_year: a.endYear,
    dates_text: a.datesText,
    latitude: a.latitude,
    longitude: a.longitude,
    parent_id: a.parentId,
    external_ids: JSON.stringify(a.externalIds),
    note: JSON.stringify(a.note),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    version: a.version,
  };
}

function toAuthority(r: Selectable<AuthorityTable>): Authority {
  return {
    id: r.id,
    museumId: r.museum_id,
    type: r.type as Authority['type'],
    scheme: r.scheme as Authority['scheme'],
    labels: readJson(r.labels, []),
    nameParts: readJson(r.name_parts, null),
    beginYear: r.begin_year,
    endYear: r.end_year,
    datesText: r.dates_text,
    latitude: r.latitude,
    longitude: r.longitude,
    parentId: r.parent_id,
    externalIds: readJson(r.external_ids, {}),
    note: readJson(r.note, []),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}
