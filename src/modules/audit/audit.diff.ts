/** Field → [before, after]; `undefined` sides are written as null. */
export type Changes = Record<string, [unknown, unknown]>;

const IGNORED = new Set(['updatedAt', 'createdAt', 'version', 'updatedBy', 'createdBy']);

/**
 * The fields of a record that differ between two snapshots, compared by value (JSON).
 * A create diffs against null, a delete against null on the other side.
 */
export function diffRecords(before: object | null, after: object | null): Changes {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const out: Changes = {};
  if (before === null) {
    // A new record: every field it has is a change, with nothing to compare (an import makes thousands a second); an empty list or text it does not have.
    for (const key of Object.keys(a)) if (!IGNORED.has(key) && !isEmpty(a[key])) out[key] = [null, a[key]];
    return out;
  }
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED.has(key)) continue;
    const x = b[key] ?? null;
    const y = a[key] ?? null;
    if (JSON.stringify(x) !== JSON.stringify(y)) out[key] = [x, y];
  }
  return out;
}

const isEmpty = (v: unknown) => v == null || v === '' || (Array.isArray(v) && v.length === 0);
