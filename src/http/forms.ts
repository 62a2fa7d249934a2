import { invalidInput, malformedBody } from '../errors.js';
import { type TextFault, textFault, textFaultError } from '../modules/common/text.js';

/**
 * How much structure a form may have: far beyond any of Mathaf's forms (their deepest name is
 * `sections[0][region][x]`, their longest lists a few hundred rows), and small enough that reading
 * one costs next to nothing whatever it holds.
 */
export const FORM_LIMITS = { fields: 10_000, depth: 8, index: 9_999 } as const;

type FlatForm = Record<string, string | File | (string | File)[]>;

/** A form refused for its shape rather than its values (too many fields, nested too deep…), naming the field. */
export const malformedForm = (path: string, code: string, message: string) =>
  malformedBody([{ path, code, message }]);

// Keys that would reach an object's prototype if ever assigned to a plain object.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The keys of a field name (`titles[0][lang]` → titles, 0, lang; each `[` opens a key, as browsers'
 * forms and the pages' own write them), refused past the form limits: nested deeper than
 * FORM_LIMITS.depth, or a row number above FORM_LIMITS.index (each is a row, and no form has ten thousand).
 */
export function fieldKeys(name: string): string[] {
  // Counted before splitting, so a name of a million brackets makes no million keys.
  let depth = 1;
  for (let at = name.indexOf('['); at !== -1 && depth <= FORM_LIMITS.depth; at = name.indexOf('[', at + 1))
    depth++;
  if (depth > FORM_LIMITS.depth)
    throw malformedForm(
      printableName(name),
      'too_deep',
      `Field names nest at most ${FORM_LIMITS.depth} levels`,
    );
  const keys = name.replace(/\]/g, '').split('[');
  keys.forEach((k, i) => {
    if (i > 0 && /^\d+$/.test(k) && (k.length > 5 || Number(k) > FORM_LIMITS.index))
      throw malformedForm(
        printableName(name),
        'index_too_large',
        `A row number is at most ${FORM_LIMITS.index}`,
      );
    if (UNSAFE_KEYS.has(k))
      throw malformedForm(printableName(name), 'invalid_name', `No field is named ${k}`);
  });
  return keys;
}

/**
 * Refuses a parsed form past the limits (fields, depth, indexes) or holding text that cannot be
 * stored (NUL, unpaired surrogates; file names included), with the field at fault. Linear in the
 * size of the form.
 */
export function checkForm(flat: FlatForm): void {
  let count = 0;
  for (const [name, raw] of Object.entries(flat)) {
    const values = Array.isArray(raw) ? raw : [raw];
    count += values.length;
    if (count > FORM_LIMITS.fields)
      throw malformedForm('', 'too_many_fields', `A form has at most ${FORM_LIMITS.fields} fields`);
    const nameFault = textFault(name);
    if (nameFault) throw invalidText(printableName(name), nameFault);
    fieldKeys(name);
    for (const v of values) {
      const fault = textFault(typeof v === 'string' ? v : v.name);
      if (fault) throw invalidText(name, fault);
    }
  }
}

const invalidText = (path: string, fault: TextFault) => invalidInput([textFaultError(path, fault)]);
const printableName = (name: string) => name.replace(/\0/g, '\\0').slice(0, 200);

/** A field being built: an object by name, or a list by row number (kept apart, so a row number never sizes an array). */
type Node =
  | { list: false; items: Map<string, Node | Leaf> }
  | { list: true; items: Map<number, Node | Leaf> };
type Leaf = string | string[];

/**
 * Turns form fields named like `titles[0][lang]` into nested objects and arrays, the shape the
 * JSON API takes, so pages and API share one schema. Rows left entirely empty are dropped, and the
 * rows that remain are numbered in order: `x[7]` alone becomes a list of one. Time is linear in the
 * fields whatever their row numbers; names past the form limits are refused (see fieldKeys).
 */
export function nestForm(flat: FlatForm): Record<string, unknown> {
  const root: Node = { list: false, items: new Map() };
  for (const [name, raw] of Object.entries(flat)) {
    const value = Array.isArray(raw)
      ? raw.filter((v): v is string => typeof v === 'string')
      : typeof raw === 'string'
        ? raw
        : undefined;
    if (value === undefined || name === '_csrf') continue;
    const keys = fieldKeys(name);
    let cur: Node = root;
    for (let i = 0; i < keys.length; i++) {
      const key = cur.list ? Number(keys[i]) : keys[i]!;
      if (cur.list && !/^\d+$/.test(keys[i]!))
        throw malformedForm(printableName(name), 'invalid_name', 'A list’s rows are numbered');
      const items = cur.items as Map<string | number, Node | Leaf>;
      let next = items.get(key);
      if (i === keys.length - 1) {
        if (next !== undefined && typeof next === 'object' && !Array.isArray(next))
          throw malformedForm(
            printableName(name),
            'invalid_name',
            'A field cannot be both a value and a group of fields',
          );
        items.set(key, value);
        break;
      }
      if (next === undefined) {
        next = /^\d+$/.test(keys[i + 1]!)
          ? { list: true, items: new Map() }
          : { list: false, items: new Map() };
        items.set(key, next);
      } else if (typeof next === 'string' || Array.isArray(next)) {
        throw malformedForm(
          printableName(name),
          'invalid_name',
          'A field cannot be both a value and a group of fields',
        );
      }
      cur = next;
    }
  }
  return materialise(root) as Record<string, unknown>;
}

function materialise(v: Node | Leaf): unknown {
  if (typeof v === 'string' || Array.isArray(v)) return v;
  if (!v.list) return Object.fromEntries([...v.items].map(([k, x]) => [k, materialise(x)]));
  return [...v.items]
    .sort(([a], [b]) => a - b)
    .map(([, x]) => materialise(x))
    .filter((x) => x !== undefined && !isEmpty(x));
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
  return typeof v === 'string'
    ? v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
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
