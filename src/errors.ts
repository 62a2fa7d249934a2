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
    readonly details?: {
      fields?: FieldError[];
      retryAfter?: number;
      values?: Record<string, string | number>;
    },
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
/** Too many attempts; `retryAfter`, in seconds, is sent as Retry-After and said in the message. */
export const rateLimited = (retryAfter?: number) =>
  retryAfter
    ? new AppError(
        'rate_limited',
        429,
        `Too many attempts; try again in ${Math.ceil(retryAfter / 60)} minute(s)`,
        { retryAfter },
      )
    : new AppError('rate_limited', 429, 'Too many attempts; wait a few minutes');
/** A body refused for its shape, before its values are looked at (a form with too many fields, JSON nested too deep). */
export const malformedBody = (fields: FieldError[]) =>
  new AppError('malformed_body', 400, 'The request body cannot be read', { fields });
export const sessionRequired = () =>
  new AppError('session_required', 403, 'An API token cannot do this; sign in to do it');
export const csrfRejected = () =>
  new AppError('csrf', 403, 'The form expired or came from another site; reload the page');

/** The disk, a quota or the database is full: nothing of the request was kept. */
export const insufficientStorage = () =>
  new AppError(
    'insufficient_storage',
    507,
    'There is no room left to store this; nothing was kept. Try again once space is freed',
  );
/** The storage failed to read or write (an I/O error): nothing of the request was kept. */
export const storageFailed = () =>
  new AppError('storage_failed', 500, 'The server could not read or write its storage; nothing was kept');

/** System and database codes of a full storage: ENOSPC, EDQUOT, SQLite's SQLITE_FULL, PostgreSQL's disk_full. */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);

/**
 * The AppError a storage failure stands for (a full disk, quota or database; an object store
 * answering 507; an I/O error), looked for in the error and its causes; null for any other error.
 */
export function fromStorageError(e: unknown): AppError | null {
  for (
    let x = e, depth = 0;
    x && typeof x === 'object' && depth < 5;
    x = (x as { cause?: unknown }).cause, depth++
  ) {
    const { code, $metadata } = x as { code?: unknown; $metadata?: { httpStatusCode?: number } };
    if ((typeof code === 'string' && FULL.has(code)) || $metadata?.httpStatusCode === 507)
      return insufficientStorage();
    if (code === 'EIO' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR')))
      return storageFailed();
  }
  return null;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
