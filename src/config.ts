import { isIP } from 'node:net';
import { z } from 'zod';

/** A proxy address (`10.0.0.7`, `2001:db8::1`) or range (`10.0.0.0/8`, `fd00::/8`), as TRUSTED_PROXIES lists them. */
export function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, more] = entry.split('/');
  const family = isIP(address);
  if (!family || more !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * SQLite reads the first gigabyte of its file through memory mapping: a page is then read where
 * the system keeps it, without a read call and a copy (object pages took 4% less time).
 */
export const SQLITE_MMAP_DEFAULT = 1024 ** 3;

/** The classes of background jobs, each run in slots of its own (JOB_SLOTS). */
export const JOB_CLASSES = ['images', 'harvests', 'imports', 'fixity', 'others'] as const;
export type JobClass = (typeof JOB_CLASSES)[number];

/** `images=2,harvests=1`: the slots of each class named, one for each class not named. */
const jobSlots = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const slots = Object.fromEntries(JOB_CLASSES.map((c) => [c, 1])) as Record<JobClass, number>;
    for (const part of text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const m = /^([a-z]+)=(\d{1,2})$/.exec(part);
      if (!m || !(JOB_CLASSES as readonly string[]).includes(m[1]!) || Number(m[2]) < 1) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part}": a class (${JOB_CLASSES.join(', ')}) = slots from 1 to 99`,
        });
        return z.NEVER;
      }
      slots[m[1] as JobClass] = Number(m[2]);
    }
    return slots;
  });

/**
 * Every setting Mathaf reads from the environment, parsed once at start.
 * Nothing else in the code base reads `process.env`.
 */
export const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('production turns on secure cookies and hides error details'),
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(8080)
    .describe('HTTP port (0: one the system picks, logged at start)'),
  HOST: z.string().default('0.0.0.0').describe('interface to listen on'),
  PUBLIC_URL: z
    .string()
    .url()
    .default('http://localhost:8080')
    .describe('the address people use to reach this instance; used for links and trusted origins'),
  WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe(
      'processes serving HTTP on the same port (as many as the machine has cores); background jobs run in the first process',
    ),
  DATABASE_URL: z
    .string()
    .default('sqlite:./var/mathaf.sqlite')
    .describe('sqlite:<path> (or sqlite::memory:) for the embedded mode; postgres://… for the network mode'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(10).describe('PostgreSQL pool size per process'),
  DATABASE_PREPARE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe(
      "PostgreSQL: send a public page's reads by key as prepared statements, each planned once per connection (false behind a pooler in transaction mode without prepared statement support)",
    ),
  SQLITE_MMAP_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(SQLITE_MMAP_DEFAULT)
    .describe(
      'SQLite: how much of the database file is read through memory mapping instead of a read call for each page (0: none)',
    ),
  MEDIA_DIR: z
    .string()
    .default('./var/media')
    .describe('where original files and derivatives are kept (local storage)'),
  S3_BUCKET: z
    .string()
    .min(3)
    .optional()
    .describe(
      'keep originals and derivatives in this bucket of an S3-compatible store instead of MEDIA_DIR (which then holds temporary files and a cache)',
    ),
  S3_ENDPOINT: z
    .string()
    .url()
    .optional()
    .describe("the store's address, for MinIO, Ceph or another S3-compatible service (AWS S3 needs none)"),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('address buckets as endpoint/bucket (MinIO, Ceph) rather than bucket.endpoint'),
  AUTH_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe('secret for signing sessions and CSRF tokens; at least 32 characters; required in production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1_048_576)
    .describe('largest accepted form or JSON body, in bytes'),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2_147_483_648)
    .describe('largest accepted original file, in bytes (streamed to disk, never held in memory)'),
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(67_108_864)
    .describe('largest spreadsheet (CSV or XLSX) accepted for an import, in bytes'),
  IMPORT_MAX_ROWS: z.coerce
    .number()
    .int()
    .min(1)
    .default(100_000)
    .describe(
      "most rows one spreadsheet import takes; a longer file is refused on upload. At 100,000 the dry run, answered in its request, takes seconds on two cores (within a proxy's usual 60-second wait), and a run's plan waits on disk (about 1 KB a row) while it is written; a larger register is imported in several files",
    ),
  HARVEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(67_108_864)
    .describe('largest OAI-PMH answer the harvester reads; a longer one stops the harvest'),
  HARVEST_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(1)
    .default(120)
    .describe('time within which a whole OAI-PMH answer must arrive (a source that drips is stopped)'),
  HARVEST_MAX_PAGES: z.coerce
    .number()
    .int()
    .min(1)
    .default(100_000)
    .describe('pages in one harvest before it is stopped as an endless loop'),
  HARVEST_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .default(4)
    .describe(
      'attempts at a page that fails for a passing reason, with waits doubling from HARVEST_BACKOFF_SECONDS',
    ),
  HARVEST_BACKOFF_SECONDS: z.coerce
    .number()
    .min(0)
    .default(30)
    .describe('the first wait before trying a failed page again'),
  PROPOSAL_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('directory proposals accepted per hour from one address (the public form)'),
  MAX_IMAGE_PIXELS: z.coerce
    .number()
    .int()
    .min(1)
    .default(1_000_000_000)
    .describe('largest image, in pixels, that is decoded; checked from the header before decoding'),
  IIIF_MAX_PIXELS_PUBLIC: z.coerce
    .number()
    .int()
    .min(65_536)
    .default(6_000_000)
    .describe(
      'largest image, in pixels, the IIIF server makes in one answer for anyone but the staff of its museum, upscaled or not (maxArea in info.json); the staff have 16,777,216',
    ),
  CHROMIUM_PATH: z
    .string()
    .default('/usr/bin/chromium')
    .describe(
      'the Chromium that makes PDF files of printable documents; without it they are printed from the browser',
    ),
  ORPHAN_GRACE_MINUTES: z.coerce
    .number()
    .min(0)
    .default(60)
    .describe(
      'an original that no record names (its process died between storing and recording it) is set aside under orphans/ by the fixity check once it is this old; younger ones may be uploads on their way',
    ),
  JOB_SLOTS: jobSlots.describe(
    `background jobs of each class run at once in the process that runs jobs, as class=slots separated by commas (classes: ${JOB_CLASSES.join(', ')}; one slot each unless named); a class never waits behind another`,
  ),
  JOB_LOCK_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3600)
    .default(45)
    .describe(
      "a running job's claim, renewed every few seconds while it runs: the job of a worker that died is taken up again by another within this time",
    ),
  FIXITY_INTERVAL_HOURS: z.coerce
    .number()
    .min(0)
    .default(168)
    .describe('how often every original is re-read and checked (a job of the worker); 0 turns it off'),
  LOCALES_DIR: z
    .string()
    .default(new URL('../locales', import.meta.url).pathname)
    .describe(
      'a directory of translation files (fa.json, tr.json…) that add interface languages; English stands in for untranslated messages',
    ),
  PAGE_CACHE_ENTRIES: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe(
      'public object pages kept rendered and compressed in memory (about 5 KB each; 0: none), each checked against its record on every request',
    ),
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/)
    .refine((u) => ['{z}', '{x}', '{y}'].every((k) => u.includes(k)), 'a tile address with {z}, {x} and {y}')
    .optional()
    .describe(
      'a map tile server, as https://tile.example.org/{z}/{x}/{y}.png ({s} for subdomains); without one, maps are shown as their lists',
    ),
  MAP_TILE_ATTRIBUTION: z
    .string()
    .max(300)
    .default('')
    .describe('the credit the tile server asks for, shown on the map (e.g. © OpenStreetMap contributors)'),
  OAI_ADMIN_EMAIL: z
    .string()
    .email()
    .optional()
    .describe(
      'the address OAI-PMH harvesters are given to write to (Identify); oai@ the public host by default',
    ),
  MAX_REQUESTS_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(4)
    .default(256)
    .describe(
      'requests handled at once per HTTP process; past it a request is answered at once with 503 and Retry-After (readers not signed in get three quarters of it, and none once the work waiting before them passes half a second; the rest is kept for staff); /healthz and static files are not counted',
    ),
  OAI_MAX_CONCURRENT: z.coerce
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('OAI-PMH requests answered at once per process; more are asked to retry (503, Retry-After)'),
  SEARCH_EXACT_UP_TO: z.coerce
    .number()
    .int()
    .min(2)
    .optional()
    .describe(
      'up to this many matches a search is counted and ranked by score exactly (10,000 on SQLite, 2,000 on PostgreSQL, where scoring a match costs more); beyond, the total is an estimate and relevance comes by where the words were found',
    ),
  SIGNIN_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe(
      'sign-in attempts on one account from one address within SIGNIN_RATE_WINDOW seconds (an address gets ten times as many for all accounts; an account tried from everywhere is slowed past three times as many, never refused)',
    ),
  SIGNIN_RATE_WINDOW: z.coerce
    .number()
    .int()
    .min(1)
    .default(300)
    .describe(
      'the window, in seconds, over which sign-in attempts are counted; a refused person is told to come back when it ends',
    ),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z.array(z.string().refine(isAddressOrRange, 'an IP address or a CIDR range (10.0.0.0/8, fd00::/8)')),
    )
    .describe(
      'the load balancers and proxies in front of the app servers, as addresses and CIDR ranges separated by commas; their PROXY_HEADER is believed, and the client is the rightmost address in it that is not one of them (without any, the connecting address is the client)',
    ),
  PROXY_HEADER: z
    .enum(['x-forwarded-for', 'forwarded'])
    .default('x-forwarded-for')
    .describe(
      "the header the trusted proxies write the client's address in: X-Forwarded-For, or Forwarded (RFC 7239); only the one they write, since a client may send the other",
    ),
});

export type Config = z.infer<typeof configSchema> & { AUTH_SECRET: string };

/** Parses the given environment (by default `process.env`); throws a readable error when a value is wrong. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  if (!cfg.AUTH_SECRET) {
    if (cfg.NODE_ENV === 'production')
      throw new Error('Invalid configuration:\n  AUTH_SECRET: required in production');
    // A development default keeps the two-command start working; production must set its own.
    return { ...cfg, AUTH_SECRET: 'mathaf-development-secret-change-me-0000' };
  }
  return { ...cfg, AUTH_SECRET: cfg.AUTH_SECRET };
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}
