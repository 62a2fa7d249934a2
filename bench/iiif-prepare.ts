/**
 * Child process of the IIIF benchmark, so that its peak memory is its own:
 *   make-image DIR   writes DIR/source.tif, a 16000×12500 (200-megapixel) uncompressed RGB TIFF
 *   ingest DIR       stores it as an upload is stored, makes its pyramid and derivatives, and
 *                    prints timings and the process's peak resident memory as JSON
 */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { boot } from '../src/main.js';
import { SYSTEM_ACTOR } from '../src/modules/access/roles.js';

export const WIDTH = 16_000;
export const HEIGHT = 12_500;
const [command, dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: iiif-prepare.ts make-image|ingest DIR');

const peakMb = () =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

if (command === 'make-image') {
  // A texture of upscaled noise: detail at every scale, like paper or a painted surface, so tiles
  // compress as a photograph's do rather than as a flat colour.
  const small = await sharp({
    create: {
      width: WIDTH / 4,
      height: HEIGHT / 4,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 50 },
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  await sharp(small, { limitInputPixels: false })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .tiff({ compression: 'none' })
    .toFile(join(dir, 'source.tif'));
  console.log(JSON.stringify({ peakMb: peakMb() }));
} else if (command === 'ingest') {
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'mathaf.sqlite')}`,
    MEDIA_DIR: join(dir, 'media'),
    LOG_LEVEL: 'silent',
  });
  const { services: s, database } = await boot(config);
  const museum = await s.museums.create(SYSTEM_ACTOR, {
    slug: 'bench',
    names: [{ lang: 'en', value: 'Bench museum' }],
  });
  const o = await s.objects.create(SYSTEM_ACTOR, museum.id, {
    accessionNumber: 'B.1',
    visibility: 'public',
    titles: [{ lang: 'en', value: 'A large image' }],
  });
  const t0 = performance.now();
  const body = Readable.toWeb(createReadStream(join(dir, 'source.tif'))) as ReadableStream<Uint8Array>;
  const { media } = await s.media.ingest(SYSTEM_ACTOR, museum.id, o.id, body, { originalName: 'B.1_01.tif' });
  const t1 = performance.now();
  await s.worker.drain();
  const t2 = performance.now();
  const m = (await s.media.ofObject(SYSTEM_ACTOR, museum.id, o.id))[0]!;
  await database.close();
  console.log(
    JSON.stringify({
      mediaId: media.id,
      pyramid: join(config.MEDIA_DIR, m.derivatives!.pyramid!.key),
      size: media.size,
      storeSeconds: (t1 - t0) / 1000,
      derivativesSeconds: (t2 - t1) / 1000,
      peakMb: peakMb(),
    }),
  );
} else {
  throw new Error(`unknown command ${command}`);
}
