import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectedSha256, fileNameHeader } from './upload-headers.js';

const code = (f: () => unknown) => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return (e as { details: { fields: { path: string; code: string }[] } }).details.fields
      .map((x) => `${x.path} ${x.code}`)
      .join();
  }
};

describe('Content-Digest (RFC 9530)', () => {
  const sha = createHash('sha256').update('hello').digest();
  const b64 = sha.toString('base64');

  it('reads sha-256 among other members and parameters', () => {
    expect(expectedSha256(undefined)).toBeUndefined();
    expect(expectedSha256(`sha-256=:${b64}:`)).toBe(sha.toString('hex'));
    expect(
      expectedSha256(
        `sha-512=:${createHash('sha512').update('hello').digest('base64')}:, sha-256=:${b64}:;x=1`,
      ),
    ).toBe(sha.toString('hex'));
  });

  it('refuses a header present but unreadable, or naming only algorithms not checked here', () => {
    for (const bad of [
      '',
      'sha-256',
      'sha-256=abc',
      `sha-256=:${b64}`,
      'sha-256=:not base64!:',
      `sha-256=:${b64.slice(0, 20)}:`,
      `sha-256=:${b64}:,`,
      `SHA-256=:${b64}:`,
      `sha-256="${b64}"`,
    ]) {
      expect(
        code(() => expectedSha256(bad)),
        bad,
      ).toBe('Content-Digest invalid_digest');
    }
    expect(
      code(() => expectedSha256(`sha-512=:${createHash('sha512').update('hello').digest('base64')}:`)),
    ).toBe('Content-Digest unsupported_digest');
    expect(code(() => expectedSha256('md5=:XUFAKrxLKna5cZ2REBfFkg==:'))).toBe(
      'Content-Digest unsupported_digest',
    );
  });
});

describe('X-Filename', () => {
  it('is percent-decoded, and refused when it is not valid percent-encoded UTF-8', () => {
    expect(fileNameHeader(undefined)).toBeUndefined();
    expect(fileNameHeader(encodeURIComponent('مخطوط 100%.tif'))).toBe('مخطوط 100%.tif');
    for (const bad of ['100%', 'a%E9b.jpg', '%ZZ', '%ED%A0%80'])
      expect(
        code(() => fileNameHeader(bad)),
        bad,
      ).toBe('X-Filename invalid_encoding');
  });
});
