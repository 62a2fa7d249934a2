/**
 * The one error type of the domain. `code` is stable (clients and tests match on it),
 * `status` is the HTTP status the error maps to, `expose` says whether `message` may be shown.
 * Domain code throws these; one middleware renders them as JSON, HTML or OAI-PMH.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: { fields?: FieldError[]; values?: Record<string, string | number> },
    readonly expose = true,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A message for one input field; `path` is the dotted path in the submitted document. */
export interface FieldError {
  path: string;
  /** English text; the HTTP layer shows the user's language, from `code` and `issue`. */
  message: string;
  code: string;
  /** The validator's own description of the problem, used to word it in other languages. */
  issue?: unknown;
}

export const notFound = (what = 'record') => new AppError('not_found', 404, `No such ${what}`);
/** A public record that is public no longer (withdrawn or deleted): gone, as search engines should be told. */
export const gone = (what = 'record') => new AppError('gone', 410, `This ${what} is no longer public`);
export const forbidden = () => new AppError('forbidden', 403, 'You are not allowed to do this');
export const unauthenticated = () => new AppError('unauthenticated', 401, 'Sign in first');
export const invalidInput = (fields: FieldError[]) =>
  new AppError('invalid_input', 400, 'The input is not valid', { fields });
/** Input that is well-formed but refused by a rule (a taken accession number, say), on one field. */
export const conflict = (path: string, code: string, message: string) =>
  new AppError('invalid_input', 400, message, { fields: [{ path, code, message }] });
export const tooLarge = () => new AppError('body_too_large', 413, 'The request body is too large');
export const rateLimited = () => new AppError('rate_limited', 429, 'Too many attempts; wait a few minutes');
export const csrfRejected = () => new AppError('csrf', 403, 'The form expired or came from another site; reload the page');

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
