import { spawn } from 'node:child_process';

/** One request of a crowd, on a connection of its own, sent with its wave (`delayMs` after the crowd starts). */
export interface CrowdRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

/** What became of a request: its status (0 when the connection failed or timed out), its Retry-After, how long it took from being sent, and how long its connection took. */
export interface CrowdAnswer {
  status: number;
  retryAfter: string | null;
  ms: number;
  connectMs: number;
  error?: string;
}

/**
 * The crowd's client, in a process of its own (a client in the server's process shares its event
 * loop, and sends only when the server pauses). Each wave's connections are all opened first, then
 * every request is written at once: the server meets a crowd however slowly this client is given
 * the CPU. Plain HTTP/1.1 over net, each connection closed after its answer.
 */
const CLIENT = `
const net = require('node:net');
const spec = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const out = new Array(spec.requests.length);
let left = spec.requests.length;
const finish = (i, v) => {
  if (out[i]) return;
  out[i] = v;
  if (--left === 0) process.stdout.write(JSON.stringify(out));
};
const waves = new Map();
spec.requests.forEach((r, i) => {
  const d = r.delayMs || 0;
  if (!waves.has(d)) waves.set(d, []);
  waves.get(d).push(i);
});
for (const [delay, members] of waves) setTimeout(() => {
  const opened = Date.now();
  let pending = members.length;
  const settle = () => {
    if (--pending === 0) for (const x of sockets) if (x.connectMs >= 0) send(x);
  };
  const sockets = members.map((i) => {
    const s = net.connect({ host: spec.host, port: spec.port });
    const state = { i, s, connectMs: -1, sent: 0, data: [] };
    s.setTimeout(spec.timeoutMs, () => s.destroy(new Error('timed out')));
    s.on('connect', () => {
      state.connectMs = Date.now() - opened;
      settle();
    });
    s.on('data', (c) => state.data.push(c));
    s.on('error', (e) => {
      if (state.connectMs < 0) settle();
      finish(i, { status: 0, retryAfter: null, ms: state.sent ? Date.now() - state.sent : -1, connectMs: state.connectMs, error: e.code || e.message });
    });
    s.on('close', () => {
      const text = Buffer.concat(state.data).toString('latin1');
      const head = text.slice(0, text.indexOf('\\r\\n\\r\\n'));
      const status = Number((/^HTTP\\/1\\.[01] (\\d{3})/.exec(head) || [])[1] || 0);
      const retry = /\\r\\nretry-after: *([^\\r]*)/i.exec(head);
      finish(i, { status, retryAfter: retry ? retry[1] : null, ms: Date.now() - state.sent, connectMs: state.connectMs, ...(status ? {} : { error: 'no answer' }) });
    });
    return state;
  });
  function send(x) {
    const r = spec.requests[x.i];
    const body = r.body ? Buffer.from(r.body) : null;
    const headers = { host: spec.host + ':' + spec.port, connection: 'close', ...(r.headers || {}), ...(body ? { 'content-length': String(body.length) } : {}) };
    x.sent = Date.now();
    x.s.write((r.method || 'GET') + ' ' + r.path + ' HTTP/1.1\\r\\n' + Object.entries(headers).map(([k, v]) => k + ': ' + v).join('\\r\\n') + '\\r\\n\\r\\n');
    if (body) x.s.write(body);
  }
}, delay);
`;

/** Sends every request of each wave at once from another process, and gives each one's answer, in order. */
export async function crowd(
  base: string,
  requests: CrowdRequest[],
  timeoutMs = 60_000,
): Promise<CrowdAnswer[]> {
  const url = new URL(base);
  const child = spawn(process.execPath, ['-e', CLIENT], { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stdin.end(JSON.stringify({ host: url.hostname, port: Number(url.port), requests, timeoutMs }));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`the crowd's client stopped (${code})`);
  return JSON.parse(stdout) as CrowdAnswer[];
}
