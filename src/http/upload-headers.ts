import { invalidInput } from '../errors.js';

// RFC 8941 §3.1.2: a dictionary key; §3.3.5: a byte sequence, `:` base64 `:`; §3.1.2 parameters after it.
const KEY = '[a-z*][a-z0-9_.*-]*';
const MEMBER = new RegExp(`^(${KEY})=:([A-Za-z0-9+/]*={0,2}):((?:;${KEY}(?:=[^;,]*)?)*)$`);
/** The algorithm checked: what the storage computes of every file it receives. */
const CHECKED = 'sha-256';

/**
 * The SHA-256 a `Content-Digest` header (RFC 9530) asks the file to have, as hex; undefined when
 * the header is absent. A header present but unreadable, or naming only algorithms other than
 * sha-256, is refused (400): a client that asked for a check must not have its file stored unchecked.
 *
 * @example expectedSha256('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:') // 'e3b0c442…'
 */
export function expectedSha256(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const members = header.split(',').map((m) => MEMBER.exec(m.trim()));
  if (members.some((m) => !m))
    throw digestError(
      'invalid_digest',
      'Content-Digest is not a list of algorithm=:base64: values (RFC 9530); nothing was stored',
    );
  // A dictionary's last member of a name is the one that counts (RFC 8941 §4.2.2).
  const ours = members.filter((m) => m![1] === CHECKED).pop();
  if (!ours) {
    const named = members.map((m) => m![1]).join(', ');
    throw digestError(
      'unsupported_digest',
      `Content-Digest names ${named}; only ${CHECKED} is checked here, so send it; nothing was stored`,
    );
  }
  const b64 = ours[2]!;
  const bytes = Buffer.from(b64, 'base64');
  if (b64.length % 4 !== 0 || bytes.length !== 32)
    throw digestError(
      'invalid_digest',
      `The ${CHECKED} in Content-Digest is not 32 bytes in base64; nothing was stored`,
    );
  return bytes.toString('hex');
}

const digestError = (code: string, message: string) =>
  invalidInput([{ path: 'Content-Digest', code, message }]);

/**
 * A file's name sent in `X-Filename`, percent-encoded as the page's scripts send it
 * (`encodeURIComponent`), decoded; undefined when absent. A header that is not valid
 * percent-encoded UTF-8 (`100%`) is refused rather than kept raw: read raw, `a%E9b` would be
 * stored as a name other than the one the client meant.
 */
export function fileNameHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    throw invalidInput([
      {
        path: 'X-Filename',
        code: 'invalid_encoding',
        message:
          'X-Filename must be percent-encoded UTF-8, as encodeURIComponent writes it (a % alone is %25)',
      },
    ]);
  }
}
