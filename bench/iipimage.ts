import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const IIPSRV = '/usr/lib/iipimage-server/iipsrv.fcgi';
const LIGHTTPD = '/usr/sbin/lighttpd';

export function iipimageInstalled(): boolean {
  return existsSync(IIPSRV) && existsSync(LIGHTTPD);
}

/**
 * IIPImage behind lighttpd's FastCGI on loopback, serving one pyramid as `p.tif`, with one
 * iipsrv process per core (its own best arrangement on a small machine).
 */
export async function startIipImage(
  dir: string,
  pyramid: string,
  port: number,
  procs: number,
): Promise<{ base: string; stop: () => Promise<void> }> {
  const root = join(dir, 'iip');
  mkdirSync(root, { recursive: true });
  if (!existsSync(join(root, 'p.tif'))) symlinkSync(pyramid, join(root, 'p.tif'));
  const conf = join(dir, 'lighttpd.conf');
  writeFileSync(
    conf,
    `
server.modules = ( "mod_fastcgi" )
server.document-root = "${root}"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${join(dir, 'lighttpd-error.log')}"
server.max-keep-alive-requests = 100000
fastcgi.server = ( "/fcgi-bin/iipsrv.fcgi" => ((
  "socket" => "${join(dir, 'iipsrv.sock')}",
  "check-local" => "disable",
  "min-procs" => ${procs},
  "max-procs" => ${procs},
  "bin-path" => "${IIPSRV}",
  "bin-environment" => ( "LOGFILE" => "/dev/null", "VERBOSITY" => "0", "MAX_IMAGE_CACHE_SIZE" => "10", "JPEG_QUALITY" => "85", "MAX_CVT" => "5000", "FILESYSTEM_PREFIX" => "${root}/", "CORS" => "*" )
)))
`,
  );
  const check = spawnSync(LIGHTTPD, ['-tt', '-f', conf], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`lighttpd refuses its configuration: ${check.stderr}`);
  const child: ChildProcess = spawn(LIGHTTPD, ['-D', '-f', conf], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/fcgi-bin/iipsrv.fcgi?IIIF=p.tif/info.json`);
  return {
    base,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

export async function waitFor(url: string, seconds = 60): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
