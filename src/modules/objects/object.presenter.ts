import { type MuseumObject, type ObjectSummary, objectOutput, objectSummary } from './object.schemas.js';

/**
 * Staff presenters: the output schemas whitelist the fields (anything not named there is
 * dropped). Public presenters, which must never name staff-only fields, come with the portal.
 */
export function presentObject(o: MuseumObject) {
  return objectOutput.parse(o);
}

export function presentObjectList(
  r: { items: ObjectSummary[]; total: number },
  limit: number,
  offset: number,
) {
  return { total: r.total, limit, offset, items: r.items.map((i) => objectSummary.parse(i)) };
}
