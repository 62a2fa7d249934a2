import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { AppError, invalidInput, isAppError, tooLarge, unauthenticated } from '../../errors.js';
import { authorize, type Subject } from '../../modules/access/policy.js';
import { textFaultError } from '../../modules/common/text.js';
import type { AppEnv } from '../env.js';
import { checkForm, malformedForm } from '../forms.js';

/** An address that takes a file larger than other bodies. */
export interface Upload {
  /** The address, with its museum's slug captured as `museum`. */
  path: RegExp;
  /** What the caller must be allowed to create in that museum before a byte of the body is read. */
  subject: Subject;
  /**
   * The largest body read, or null when the body is the file itself, streamed to storage, which
   * counts it against its own limit and holds no more than a chunk of it in memory.
   */
  maxBytes: number | null;
}

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * What a request may send, decided before its body is read: every body is held to `maxBytes`,
 * except on an upload address, which is first refused to anyone not allowed to upload there (401,
 * 404 or 403, the body unread) and then gets its own limit. A form is read here once, within those
 * limits, and refused (400) if it is malformed, has more fields, deeper names or larger row numbers
 * than any form has (FORM_LIMITS), or holds text that cannot be stored; the handlers read it again
 * from Hono's cache. An address holding a NUL (`%00`) is refused the same way.
 */
export function bodyGuard(opts: { maxBytes: number; uploads: readonly Upload[] }) {
  const tooBig = () => {
    throw tooLarge();
  };
  const small = bodyLimit({ maxSize: opts.maxBytes, onError: tooBig });
  const limits = new Map(
    opts.uploads.map((u) => [
      u,
      u.maxBytes === null ? null : bodyLimit({ maxSize: u.maxBytes, onError: tooBig }),
    ]),
  );
  return createMiddleware<AppEnv>(async (c, next) => {
    // Decoded, a NUL would reach a query; no address of Mathaf's holds one.
    if (c.req.url.includes('%00')) throw invalidInput([textFaultError('url', 'nul')]);
    // Requests without a body skip the limit, which would otherwise build a full Request object for each tile.
    if (BODILESS.has(c.req.method)) return next();
    const form = FORM.test(c.req.header('content-type') ?? '');
    const upload = c.req.method === 'POST' ? opts.uploads.find((u) => u.path.test(c.req.path)) : undefined;
    let limit = small;
    if (upload) {
      await mayUpload(c, upload);
      const own = limits.get(upload)!;
      if (!own) {
        // The body is the file: a form there is never one, and would be read whole to look for a CSRF token.
        if (form)
          throw new AppError(
            'unsupported_media_type',
            415,
            'Send the file itself as the request body, not a form',
          );
        return next();
      }
      limit = own;
    }
    return limit(c, async () => {
      if (form) await readForm(c, !upload);
      await next();
    });
  });
}

/** Refuses the upload, its body unread, unless the actor may create `subject` in the museum of the address. */
async function mayUpload(c: Context<AppEnv>, upload: Upload): Promise<void> {
  const actor = c.get('actor');
  if (!actor) throw unauthenticated();
  const slug = upload.path.exec(c.req.path)?.groups?.museum ?? '';
  const museum = await c.get('services').museums.getBySlug(actor, slug);
  authorize(actor, 'create', upload.subject, museum.id);
}

/**
 * Reads the form into Hono's cache (where the handlers and the CSRF check find it) and checks it.
 * A small body is also put back on the request, for a handler that reads the request itself
 * (better-auth's); a spreadsheet sent by a form is not copied once more.
 */
async function readForm(c: Context<AppEnv>, putBack: boolean): Promise<void> {
  let flat: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    const bytes = await c.req.arrayBuffer();
    if (putBack) c.req.raw = new Request(c.req.raw, { body: bytes });
    flat = await c.req.parseBody({ all: true });
  } catch (e) {
    if (isAppError(e) || e instanceof HTTPException) throw e;
    throw malformedForm(
      '',
      'unreadable',
      'The form data cannot be read (cut short, or without its boundary)',
    );
  }
  checkForm(flat);
}
