/**
 * Turns form fields named like `titles[0][lang]` into nested objects and arrays, the shape the
 * JSON API takes, so pages and API share one schema. Rows left entirely empty are dropped.
 */
export function nestForm(flat: Record<string, string | File | (string | File)[]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(flat)) {
    const value = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? raw : undefined;
    if (value === undefined || name === '_csrf') continue;
    const keys = name.replace(/\]/g, '').split('[');
    let cur: Record<string, unknown> = root;
    keys.forEach((k, i) => {
      if (i === keys.length - 1) {
        cur[k] = value;
        return;
      }
      cur[k] ??= /^\d+$/.test(keys[i + 1]!) ? [] : {};
      cur = cur[k] as Record<string, unknown>;
    });
  }
  return compact(root) as Record<string, unknown>;
}

function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact).filter((x) => x !== undefined && !isEmpty(x));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]));
  }
  return v;
}

function isEmpty(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (v && typeof v === 'object') return Object.values(v).every(isEmpty);
  return v === undefined || v === null;
}

/** A string field or undefined when blank. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Lines of a textarea, trimmed, blanks dropped. */
export function lines(v: unknown): string[] {
  return typeof v === 'string' ? v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : [];
}

/** A number field, or the raw text when it is not a number (so validation reports it). */
export function num(v: unknown): number | string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : s;
}

/** A local path to return to after an action; anything else becomes `fallback`. */
export function safeNext(next: string | undefined, fallback = '/staff'): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : fallback;
}
