import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver ships no types; it is an S3-compatible server kept in a folder, for tests.
// @ts-expect-error no declaration file
import S3rver from 's3rver';

export const S3_BUCKET = 'mathaf-test';
/** A second bucket, for tests that must start from an empty store. */
export const S3_SPARE_BUCKET = 'mathaf-spare';

/** An S3-compatible server on loopback over a throwaway folder, and the configuration to reach it. */
export async function startS3(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [
      { name: S3_BUCKET, configs: [] },
      { name: S3_SPARE_BUCKET, configs: [] },
    ],
  });
  const { port } = (await server.run()) as AddressInfo;
  return {
    env: {
      S3_BUCKET,
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
