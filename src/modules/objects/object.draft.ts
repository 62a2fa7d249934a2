import { AppError, type FieldError, invalidInput } from '../../errors.js';
import { newId, nowIso } from '../../db/ids.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { Authority } from '../authorities/authority.schemas.js';
import { visibleFrom } from '../authorities/authority.service.js';
import { parseInput } from '../common/validate.js';
import { parseDate } from '../dates/date.parser.js';
import {
  dateText,
  LINK_FIELDS,
  LINK_ROLES,
  type MuseumObject,
  type ObjectInput,
  objectInput,
} from './object.schemas.js';

/** Options of a write: `keepUnreadDates` saves date texts the parser cannot read, flagged for review. */
export interface WriteOptions {
  keepUnreadDates?: boolean;
}

/** What a write sets beside the input: identity, stamps, version, status. */
export type ObjectMeta = Pick<
  MuseumObject,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'createdBy'
  | 'updatedBy'
  | 'version'
  | 'collectionStatus'
  | 'accessionedAt'
>;

/**
 * Builds an object from input without writing it (a row of an import, a harvested record): new,
 * or replacing `before`, its links looked up in `known`. Reads nothing, so it runs as well in an
 * import's thread as in the service; throws invalid input exactly as create and update do.
 */
export function draftObject(
  actor: Actor,
  museumId: string,
  input: unknown,
  known: ReadonlyMap<string, Authority>,
  opts: WriteOptions = {},
  before?: MuseumObject,
): MuseumObject {
  // Whether the museum may be written is the caller's to check once (an import, the harvester), not each row's.
  authorize(actor, before ? 'update' : 'create', 'object', museumId);
  const v = parseInput(objectInput, input);
  const now = nowIso();
  const meta: ObjectMeta = before
    ? {
        id: before.id,
        createdAt: before.createdAt,
        updatedAt: now,
        createdBy: before.createdBy,
        updatedBy: actor.userId,
        version: before.version + 1,
        collectionStatus: before.collectionStatus,
        accessionedAt: before.accessionedAt,
      }
    : {
        id: newId(),
        createdAt: now,
        updatedAt: now,
        createdBy: actor.userId,
        updatedBy: actor.userId,
        version: 1,
        collectionStatus: 'accessioned',
        accessionedAt: null,
      };
  return buildObject(museumId, v, opts, meta, known);
}

/** An object from validated input: dates parsed, links checked against `found` (every authority the input names, by id). */
export function buildObject(
  museumId: string,
  v: ObjectInput,
  opts: WriteOptions,
  meta: ObjectMeta,
  found: ReadonlyMap<string, Authority>,
): MuseumObject {
  const errors: FieldError[] = [];
  const dates = (v.dates ?? []).flatMap((text, i) => {
    const parsed = parseDate(text);
    if (!opts.keepUnreadDates && parsed.some((d) => d.status === 'review')) {
      errors.push({
        path: `dates.${i}`,
        code: 'date_unreadable',
        message: `This date could not be read, or its calendars disagree: ${text}`,
      });
    }
    return parsed;
  });
  const links = resolveLinks(museumId, v, errors, found);
  if (errors.length) throw invalidInput(errors);
  // Built by assignment: on Node 20 each property written after a spread costs microseconds, and an import builds a hundred thousand of these.
  return Object.assign(
    {
      id: meta.id,
      createdAt: meta.createdAt,
      updatedAt: meta.updatedAt,
      createdBy: meta.createdBy,
      updatedBy: meta.updatedBy,
      version: meta.version,
      collectionStatus: meta.collectionStatus,
      accessionedAt: meta.accessionedAt,
      museumId,
      accessionNumber: v.accessionNumber,
      visibility: v.visibility ?? 'draft',
      titles: v.titles,
      descriptions: v.descriptions ?? [],
      otherNumbers: v.otherNumbers ?? [],
      dates,
      dateReview: dates.some((d) => d.status === 'review'),
      dimensions: v.dimensions ?? [],
      inscriptions: v.inscriptions ?? [],
      provenance: v.provenance ?? [],
      creditLine: v.creditLine ?? [],
      rights: v.rights ?? null,
      keywords: v.keywords ?? [],
    },
    links,
  );
}

/** Checks every linked authority exists, is visible from this museum and is of the right kind. */
function resolveLinks(
  museumId: string,
  v: ObjectInput,
  errors: FieldError[],
  found: ReadonlyMap<string, Authority>,
) {
  const missing: FieldError[] = [];
  const out = {} as Pick<MuseumObject, (typeof LINK_FIELDS)[number]>;
  for (const field of LINK_FIELDS) {
    const rule = LINK_ROLES[field];
    const links = (v[field] ?? []).flatMap((ref, i) => {
      const a = found.get(ref.id);
      const path = `${field}.${i}.id`;
      if (!a || !visibleFrom(a, museumId)) {
        missing.push({ path, code: 'not_found', message: 'No such authority record' });
        return [];
      }
      if (!(rule.type as readonly string[]).includes(a.type) || (rule.scheme && a.scheme !== rule.scheme)) {
        errors.push({ path, code: 'wrong_kind', message: `This record cannot be used as ${field}` });
        return [];
      }
      return [{ id: a.id, qualifier: ref.qualifier ?? null, type: a.type, labels: a.labels }];
    });
    out[field] = links;
  }
  // Another museum's record is reported exactly as a missing one.
  if (missing.length) throw new AppError('not_found', 404, 'No such authority record', { fields: missing });
  return out;
}

/** The input that would recreate this object (for patches and edit forms). */
export function toInput(o: MuseumObject): ObjectInput {
  const input: ObjectInput = {
    accessionNumber: o.accessionNumber,
    visibility: o.visibility,
    titles: o.titles,
    descriptions: o.descriptions,
    otherNumbers: o.otherNumbers,
    dates: joinDates(o.dates),
    dimensions: o.dimensions,
    inscriptions: o.inscriptions,
    provenance: o.provenance,
    creditLine: o.creditLine,
    rights: o.rights as ObjectInput['rights'],
    keywords: o.keywords,
  };
  for (const f of LINK_FIELDS)
    input[f] = o[f].map((l) => (l.qualifier ? { id: l.id, qualifier: l.qualifier } : { id: l.id }));
  return input;
}

function joinDates(dates: MuseumObject['dates']): string[] {
  return dates.map(dateText);
}
