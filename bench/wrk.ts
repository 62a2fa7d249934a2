/**
 * HTTP load from wrk (Debian's `wrk`), for a server started as on a machine of its own: wrk's one
 * thread costs the two cores about a third of what autocannon costs (0.05 against 0.14–0.16 ms of
 * CPU a request for an object page), which reads every answer's body into a string, so the server measured keeps the cores it would have in service.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const WRK = '/usr/bin/wrk';

export const hasWrk = () => existsSync(WRK);

/**
 * Asks the paths in turn from the first, starting again at the end, over `connections` kept-alive
 * connections: its summary as JSON on stdout (latencies in µs).
 */
const SCRIPT = `
local paths = {}
for line in io.lines(os.getenv("MATHAF_WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
local headers = { ["Accept-Language"] = "ar", ["Accept-Encoding"] = "gzip, deflate, br" }
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) % #paths + 1], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"us":%d,"p50":%d,"p975":%d,"errors":%d,"status":%d}\\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(97.5), e.connect + e.read + e.write + e.status + e.timeout, e.status))
end
`;

export interface WrkResult {
  /** Requests answered, so a caller can go on from the next path. */
  requests: number;
  rps: number;
  /** Milliseconds, as the client saw them. */
  p50: number;
  p975: number;
  errors: number;
  /** Of the errors, answers with a status of 400 or more (a server shedding load answers 503). */
  status: number;
}

/** `timeoutSeconds`: an answer slower than this is counted an error (wrk's default, 2 s, unless given). */
export async function wrkLoad(
  base: string,
  paths: readonly string[],
  connections: number,
  seconds: number,
  timeoutSeconds?: number,
): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mathaf-wrk-'));
  try {
    writeFileSync(join(dir, 'paths'), `${paths.join('\n')}\n`);
    writeFileSync(join(dir, 'load.lua'), SCRIPT);
    const { stdout } = await promisify(execFile)(
      WRK,
      [
        '-t1',
        `-c${connections}`,
        `-d${seconds}s`,
        ...(timeoutSeconds ? ['--timeout', `${timeoutSeconds}s`] : []),
        '-s',
        join(dir, 'load.lua'),
        base,
      ],
      {
        env: { ...process.env, MATHAF_WRK_PATHS: join(dir, 'paths') },
        maxBuffer: 1 << 20,
      },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('{"requests"'));
    if (!line) throw new Error(`wrk printed no summary: ${stdout.slice(-500)}`);
    const r = JSON.parse(line) as {
      requests: number;
      us: number;
      p50: number;
      p975: number;
      errors: number;
      status: number;
    };
    return {
      requests: r.requests,
      rps: r.requests / (r.us / 1e6),
      p50: Math.round(r.p50 / 100) / 10,
      p975: Math.round(r.p975 / 100) / 10,
      errors: r.errors,
      status: r.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
