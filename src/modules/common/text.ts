import type { FieldError } from '../../errors.js';

/**
 * Why a string cannot be kept as sent: a NUL (U+0000), which PostgreSQL refuses in text and C
 * libraries read as the end of a string, or an unpaired UTF-16 surrogate, which has no UTF-8
 * form (the database drivers would write U+FFFD in its place, silently changing the text).
 * Refused on every input, so both engines answer alike and nothing is stored other than as sent.
 */
export type TextFault = 'nul' | 'surrogate';

// An unpaired surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What makes a string unstorable, or null when it is fine. */
export function textFault(s: string): TextFault | null {
  if (s.includes('\0')) return 'nul';
  return LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

const MESSAGES: Record<TextFault, string> = {
  nul: 'The text holds a NUL character (U+0000), which cannot be stored',
  surrogate: 'The text holds an unpaired surrogate: it is not valid Unicode and has no UTF-8 form',
};

/** The field error for a string at `path` with a fault. */
export function textFaultError(path: string, fault: TextFault): FieldError {
  return { path, code: 'invalid_text', message: MESSAGES[fault] };
}

/**
 * The first string in a parsed input (values and keys, at any depth) that cannot be stored, as a
 * field error naming its dotted path; null when there is none. Walks without recursion, so a
 * deeply nested body cannot exhaust the stack.
 */
export function findTextFault(input: unknown): FieldError | null {
  const stack: [unknown, string][] = [[input, '']];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const fault = textFault(value);
      if (fault) return textFaultError(path, fault);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], join(path, String(i))]);
    } else if (value !== null && typeof value === 'object' && isPlain(value)) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        const fault = textFault(k);
        if (fault) return textFaultError(join(path, printable(k)), fault);
        stack.push([v, join(path, k)]);
      }
    }
  }
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
/** A key shown in an error: its NULs and unpaired surrogates made visible, never echoed. */
const printable = (k: string) =>
  k.replace(/\0/g, '\\0').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');

// Dates, buffers and class instances are not text a person sent.
function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
