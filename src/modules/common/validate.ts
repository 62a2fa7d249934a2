import type { z } from 'zod';
import { type FieldError, invalidInput } from '../../errors.js';
import { findTextFault } from './text.js';

/**
 * Parses input with a schema, or throws `invalid_input` listing every field at fault.
 * A missing value gets the code `required`, whatever the schema says about its type.
 * Text that cannot be stored as sent (a NUL, an unpaired surrogate: see text.ts) is refused first,
 * wherever it is, so every input (API, forms, imports, harvests) refuses it alike on both engines;
 * unless the input is a `query`, whose text is only searched for, never stored.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  opts: { query?: boolean } = {},
): z.output<S> {
  const fault = opts.query ? null : findTextFault(input);
  if (fault) throw invalidInput([fault]);
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalidInput(r.error.issues.map((issue) => toFieldError(issue, input)));
}

function toFieldError(issue: z.core.$ZodIssue, input: unknown): FieldError {
  const path = issue.path.map(String).join('.');
  const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
  if (missing) return { path, code: 'required', message: 'Required' };
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return {
      path: path || issue.keys[0] || '',
      code: 'unknown_field',
      message: `Unknown field: ${keys}`,
      issue,
    };
  }
  if (issue.code === 'custom') return { path, code: 'invalid', message: issue.message, issue };
  return { path, code: issue.code, message: issue.message, issue };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}
