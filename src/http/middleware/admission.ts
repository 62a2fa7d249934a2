import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Socket } from 'node:net';
import type { AppEnv } from '../env.js';
import { negotiateLocale, translator } from '../i18n/locale.js';
import { esc } from '../../modules/common/xml.js';
import { LANG_COOKIE, languageOfPath } from './context.js';

/** Requests answered without being counted: they cost next to nothing, and a load balancer's health check must not be shed. */
const UNCOUNTED = /^\/(healthz$|static\/)/;
/** The longest the work waits while new connections keep coming (see `Admission`). */
const MAX_DRAIN_MS = 50;
/** The synchronous work let in at once, about: the event loop comes back to its connections at least this often. */
const CHUNK_MS = 100;
/** A reader not signed in is let in only if the work waiting before it, as measured, is shorter than this. */
const MAX_WAIT_MS = 500;

/** Signed in, by a session cookie or an API token (checked later: a forged one reaches the staff's share at most, never past the bound). */
const signedIn = (c: Context<AppEnv>) =>
  Boolean(
    c.req.header('authorization') ||
      getCookie(c, 'mathaf.session_token') ||
      getCookie(c, '__Secure-mathaf.session_token'),
  );

/**
 * Requests in flight in one process, bounded, and when their work begins.
 *
 * Node takes one new connection from the system's queue per turn of its event loop. When each turn
 * also runs a page's synchronous work, connections are taken no faster than pages are made, and a
 * crowd waits in the system's queue, unseen by any count, until it times out or overflows it (200
 * harvesters at once over loopback were all served, one after another, the last after 6.8 s, and
 * none was told to come back). So the work waits while new connections
 * keep coming (a turn that read a first request from a new connection says the queue was not empty
 * a turn ago), for 50 ms at most: the queue is emptied, each request past the bound answered at once
 * with 503, then the requests let in work, about 100 ms of it at a time (a request's synchronous
 * time is measured as they go). Kept-alive connections are read every turn.
 */
export class Admission {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly known = new WeakSet<Socket>();
  private fresh = false;
  private drainingSince = 0;
  private scheduled = false;
  /** A request's synchronous work, on average (milliseconds), measured over the requests let in together. */
  private costMs = 5;
  private chunk = { at: 0, size: 0 };

  constructor(readonly maxInFlight: number) {}

  /** Readers not signed in fill three quarters of the bound at most: the rest is kept for staff. */
  get anonymousLimit(): number {
    return Math.max(1, Math.floor((this.maxInFlight * 3) / 4));
  }

  /** Notes a request's connection: the first request read from a new one says the system's queue of connections was not empty a turn ago. */
  notice(socket: Socket | undefined): void {
    if (socket && !this.known.has(socket)) {
      this.known.add(socket);
      this.fresh = true;
    }
  }

  /**
   * Lets a request in (true), to begin its work at the next start of work, or refuses it (false):
   * past the bound, or, for a reader not signed in, when the work already waiting would hold it
   * past MAX_WAIT_MS (a search page's work is ten times an object page's: a count alone either
   * sheds object pages the process would serve in time, or keeps search pages waiting seconds).
   */
  enter(staff: boolean): boolean {
    if (this.inFlight >= (staff ? this.maxInFlight : this.anonymousLimit)) return false;
    if (!staff && this.waiting.length * this.costMs > MAX_WAIT_MS) return false;
    this.inFlight++;
    return true;
  }

  /** Resolves when the request's work may begin. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  leave(): void {
    this.inFlight--;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    const now = performance.now();
    if (this.chunk.size) {
      // The requests let in at the last turn ran their synchronous part between that turn and this one.
      this.costMs = Math.min(
        1_000,
        Math.max(0.05, 0.5 * this.costMs + (0.5 * (now - this.chunk.at)) / this.chunk.size),
      );
      this.chunk.size = 0;
    }
    if (!this.waiting.length) {
      this.fresh = false;
      return;
    }
    if (this.fresh && (this.drainingSince === 0 || now - this.drainingSince < MAX_DRAIN_MS)) {
      // A new connection was read this turn: more may wait in the system's queue; take them first.
      this.fresh = false;
      this.drainingSince ||= now;
      this.schedule();
      return;
    }
    this.fresh = false;
    this.drainingSince = 0;
    const chunk = this.waiting.splice(0, Math.max(1, Math.floor(CHUNK_MS / this.costMs)));
    this.chunk = { at: now, size: chunk.length };
    for (const go of chunk) go();
    // The next turn follows at once (a turn waiting for it never sleeps): it measures this chunk, and lets in the next.
    this.schedule();
  }
}

/** A path with a bound of its own on its requests in flight (OAI-PMH harvests), and the wait it asks of those past it. */
export interface PathLimit {
  path: string;
  limit: number;
  retryAfter: number;
}

/**
 * Sheds load above the process's capacity: past `maxInFlight` requests in flight (three quarters
 * of it for readers not signed in), or past a path's own bound, a request is answered at once with
 * 503 and Retry-After, never left to wait or dropped, so latency and memory stay bounded and staff
 * writes go through. A request is counted from its arrival, before it waits its turn. A kept-alive
 * connection turned away and asking again before its Retry-After is closed after the answer: a
 * client that never waits (256 of them on PostgreSQL) otherwise kept the process answering 503
 * at 8,000 a second, and served a third of the object pages it serves at capacity.
 */
export function admission(maxInFlight: number, paths: readonly PathLimit[] = [], retryAfter = 2) {
  const gate = new Admission(maxInFlight);
  const own = new Map(paths.map((p) => [p.path, { ...p, inFlight: 0 }]));
  /** When each connection was last turned away. */
  const shedAt = new WeakMap<Socket, number>();
  /** Turns a request away; a connection that asks again before the time it was told ends with its answer, so that it waits in the system's queue, at no cost here. */
  const shed = (c: Context<AppEnv>, socket: Socket | undefined, wait: number) => {
    const now = performance.now();
    const impatient =
      socket !== undefined && now - (shedAt.get(socket) ?? Number.NEGATIVE_INFINITY) < wait * 1000;
    if (socket) shedAt.set(socket, now);
    return overloaded(c, wait, impatient);
  };
  return createMiddleware<AppEnv>(async (c, next) => {
    if (UNCOUNTED.test(c.req.path)) return next();
    const socket = (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
    gate.notice(socket);
    const path = own.get(c.req.path);
    if (path && path.inFlight >= path.limit) return shed(c, socket, path.retryAfter);
    if (!gate.enter(signedIn(c))) return shed(c, socket, retryAfter);
    if (path) path.inFlight++;
    try {
      await gate.turn();
      await next();
    } finally {
      gate.leave();
      if (path) path.inFlight--;
    }
  });
}

/** 503 with Retry-After, in the reader's language: JSON for the API, a page of one line otherwise (made from nothing, as cheap as can be). */
export function overloaded(c: Context<AppEnv>, retryAfter: number, close = false): Response {
  const locale = negotiateLocale(
    languageOfPath(c.req.path) ?? getCookie(c, LANG_COOKIE),
    c.req.header('accept-language'),
  );
  const message = translator(locale)('error.overloaded');
  const headers: Record<string, string> = {
    'Retry-After': String(retryAfter),
    'Cache-Control': 'no-store',
    'Content-Language': locale.lang,
  };
  if (close) headers.Connection = 'close';
  if (c.req.path.startsWith('/api/') || (c.req.header('accept') ?? '').includes('application/json')) {
    return Response.json({ error: { code: 'overloaded', message } }, { status: 503, headers });
  }
  const html = `<!doctype html><html lang="${locale.tag}" dir="${locale.dir}"><meta charset="utf-8"><title>503</title><p>${esc(message)}</p></html>`;
  return new Response(html, {
    status: 503,
    headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
  });
}
