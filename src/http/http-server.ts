import { isConnectionError } from '../core/connection-error.js';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../ports/logger.js';
import type { Worker } from 'node:worker_threads';
import { correlationRef, type FromIngress, type IngressConfig, internalErrorBody, type ToIngress } from './http-ingress.js';
import { tsWorker } from './ts-worker.js';

/** A request before its body is read. */
export interface HttpHead {
  readonly method: string;
  /** as sent, still %-encoded */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** %-decoded; never a control character */
  readonly params: Readonly<Record<string, string>>;
}

export interface HttpRequest extends HttpHead {
  /** raw body bytes (signatures are computed over these) */
  readonly body: Buffer;
}

export interface HttpResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * A route handles a parsed request on the main thread, or (`ingress`) runs a module's handler on the
 * ingress thread (http-ingress.ts) and exchanges messages with `onMessage` here — used for Slack,
 * whose requests are verified and acked there.
 */
export type Route = PlainRoute | IngressRoute;

export interface PlainRoute<C = unknown> {
  readonly method: string;
  readonly path: string;
  /** bodies above this are refused with 413 (default: the server's maxBodyBytes) */
  readonly maxBodyBytes?: number;
  /**
   * Decides from the head, before the body is read: a response refuses the request (it is sent at
   * once and the connection closed without reading the body); `{context}` admits it and is passed
   * to `handle`. Without `admit` every body (within the limits) is read.
   */
  admit?(head: HttpHead): Promise<HttpResponse | { readonly context: C }>;
  handle(req: HttpRequest, context: C): Promise<HttpResponse>;
}

export interface IngressRoute {
  readonly method: string;
  readonly path: string;
  /** absolute URL of a module exporting `ingress` (an IngressFactory), and its structured-cloneable options */
  readonly ingress: { readonly module: string; readonly options: unknown };
  /** a message from the route's ingress handler; `reply` posts back to it */
  onMessage(msg: unknown, reply: (msg: unknown) => void): void;
  /** bodies above this are refused with 413 before the handler sees them (default: the server's maxBodyBytes) */
  readonly maxBodyBytes?: number;
}

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: readonly Route[];
  readonly log: Logger;
  /** bodies above this are refused with 413 (default 50 MB) */
  readonly maxBodyBytes?: number;
  /** bodies read and not yet answered, all requests together; a request over it is refused with 503 (default 128 MB, at least maxBodyBytes) */
  readonly maxBytesInFlight?: number;
  /** against slow clients: the whole head within this (default 10 s), the whole request within this (default 120 s) */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** told of every answered request to a plain route: its route pattern, method, status and time */
  readonly observe?: (route: string, method: string, status: number, seconds: number) => void;
}

export interface RunningHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One small HTTP server for the API, target callbacks, health and the Slack receiver. It listens on
 * its own thread (the ingress, http-ingress-worker.ts); plain routes are handled here. Should the
 * ingress thread die anyway, the error is logged and a new one listens on the same port (requests
 * it held are lost; their clients see the connection close): the process keeps running.
 */
/** What to do when the server cannot listen, in one line (null: the system's message says it). */
function listenProblem(code: string | undefined, host: string, port: number): string | null {
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is in use by another process: stop it, or set STEWARD_HTTP_PORT to a free port`;
  if (code === 'EACCES') return `port ${port} needs privileges this process does not have: set STEWARD_HTTP_PORT to a port above 1023`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine: set STEWARD_HTTP_HOST to one of its addresses (0.0.0.0 listens on all)`;
  return null;
}

export function startHttpServer(o: HttpServerOptions): Promise<RunningHttpServer> {
  const maxBodyBytes = o.maxBodyBytes ?? 50 * 1024 * 1024;
  const config: IngressConfig = {
    host: o.host,
    port: o.port,
    maxBytesInFlight: Math.max(o.maxBytesInFlight ?? 128 * 1024 * 1024, maxBodyBytes),
    routes: o.routes.map((r) => ({ method: r.method, path: r.path, ...('ingress' in r ? { ingress: r.ingress, maxBodyBytes: r.maxBodyBytes ?? maxBodyBytes } : { admits: r.admit !== undefined, maxBodyBytes: r.maxBodyBytes ?? maxBodyBytes }) })),
    headersTimeoutMs: o.headersTimeoutMs ?? 10_000,
    requestTimeoutMs: o.requestTimeoutMs ?? 120_000,
  };
  let port = o.port;
  let current: Worker | null = null;
  let stopped = false;
  let restartTimer: NodeJS.Timeout | undefined;
  /** a replacement thread starting (close waits for it) */
  let restarting: Promise<void> | null = null;
  let quickDeaths = 0;
  let closed: (() => void) | null = null;
  let closing: Promise<void> | null = null;

  /** One ingress thread's messages; `admitted` holds the contexts of its requests whose bodies it is reading. */
  function onMessage(m: FromIngress, post: (m: ToIngress) => void, admitted: Map<number, unknown>): void {
    const started = performance.now();
    const route = 'route' in m ? o.routes[m.route] : undefined;
    const answer = (id: number, path: string, work: () => Promise<HttpResponse>) =>
      Promise.resolve()
        .then(work)
        .then(encode)
        .catch((e: unknown) => {
          const ref = correlationRef();
          o.log.error({ err: e, ref, path }, 'http handler failed');
          // the database went away: say so, and when to come back (clients and Slack retry 503s)
          if (isConnectionError(e)) return encode({ status: 503, body: { error: 'unavailable', message: `the database is not answering; nothing was changed: try again in a moment (ref ${ref})` }, headers: { 'retry-after': '5' } });
          return encode({ status: 500, body: internalErrorBody(ref) });
        })
        .then((out) => {
          if (route && 'method' in m) o.observe?.(route.path, m.method, out.status, (performance.now() - started) / 1000);
          post({ t: 'res', id, ...out });
        });
    switch (m.t) {
      case 'head': {
        const r = o.routes[m.route] as PlainRoute;
        const head: HttpHead = { method: m.method, path: m.path, query: new URLSearchParams(m.query), headers: m.headers, params: m.params };
        Promise.resolve()
          .then(() => r.admit!(head))
          .then(
            (a) => {
              if ('status' in a) return void answer(m.id, m.path, async () => a);
              admitted.set(m.id, a.context);
              post({ t: 'admit', id: m.id });
            },
            (e: unknown) => void answer(m.id, m.path, () => Promise.reject(e)),
          );
        return;
      }
      case 'gone':
        return void admitted.delete(m.id);
      case 'req': {
        const r = o.routes[m.route] as PlainRoute;
        const context = admitted.get(m.id);
        admitted.delete(m.id);
        const req: HttpRequest = { method: m.method, path: m.path, query: new URLSearchParams(m.query), headers: m.headers, body: Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength), params: m.params };
        return void answer(m.id, m.path, () => r.handle(req, context));
      }
      case 'msg':
        return (o.routes[m.route] as IngressRoute).onMessage(m.data, (data) => post({ t: 'msg', route: m.route, data }));
      case 'answered':
        return o.observe?.(o.routes[m.route]!.path, m.method, m.status, m.seconds);
      case 'log':
        return o.log[m.level](m.obj, m.msg);
      case 'closed':
        return closed?.();
    }
  }

  /** Start an ingress thread; resolves with the port once it listens. */
  function spawn(): Promise<{ worker: Worker; port: number }> {
    const worker = tsWorker(new URL('./http-ingress-worker.js', import.meta.url), { ...config, port });
    const post = (m: ToIngress) => worker.postMessage(m);
    const admitted = new Map<number, unknown>();
    const born = Date.now();
    let error: unknown;
    return new Promise((resolve, reject) => {
      let up = false;
      worker.on('message', (m: FromIngress) => {
        if (m.t === 'listening') {
          up = true;
          return resolve({ worker, port: m.port });
        }
        if (m.t === 'failed') {
          void worker.terminate();
          return reject(Object.assign(new Error(listenProblem(m.code, o.host, port) ?? m.message), m.code ? { code: m.code } : {}));
        }
        try {
          onMessage(m, post, admitted);
        } catch (e) {
          const ref = correlationRef();
          o.log.error({ err: e, ref, route: 'route' in m ? o.routes[m.route]?.path : undefined }, 'http route failed on a message from the ingress');
        }
      });
      worker.on('error', (e) => {
        error = e;
        if (!up) reject(e);
      });
      worker.on('exit', (code) => {
        if (!up) return reject(error ?? new Error(`the HTTP ingress thread exited with code ${code} before listening`));
        if (stopped || worker !== current) return;
        current = null;
        quickDeaths = Date.now() - born < 30_000 ? quickDeaths + 1 : 0;
        const ref = correlationRef();
        o.log.error({ err: error ?? { message: `exit code ${code}` }, ref }, 'the HTTP ingress thread died; starting a new one');
        restart();
      });
    });
  }

  function restart(): void {
    const delayMs = quickDeaths ? Math.min(5_000, 50 * 2 ** quickDeaths) : 0;
    restartTimer = setTimeout(() => {
      restarting = spawn().then(
        async ({ worker }) => {
          if (stopped) return void (await worker.terminate());
          current = worker;
          o.log.info({ port }, 'HTTP ingress thread restarted');
        },
        (e: unknown) => {
          o.log.error({ err: e, port }, 'could not restart the HTTP ingress thread; trying again');
          quickDeaths++;
          if (!stopped) restart();
        },
      );
    }, delayMs);
  }

  return spawn().then(({ worker, port: bound }) => {
    current = worker;
    port = bound;
    return {
      url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${bound}`,
      close: () =>
        (closing ??= (async () => {
          stopped = true;
          clearTimeout(restartTimer);
          await restarting;
          const w = current;
          if (!w) return;
          // the ingress stops accepting and reports 'closed' once every accepted request is answered
          await new Promise<void>((r) => {
            closed = r;
            w.once('exit', () => r());
            w.postMessage({ t: 'close' } satisfies ToIngress);
          });
          await w.terminate();
        })()),
    };
  });
}

function encode(out: HttpResponse): { status: number; headers: Record<string, string>; payload: string | Uint8Array } {
  const isJson = out.body !== undefined && typeof out.body !== 'string' && !Buffer.isBuffer(out.body);
  const payload = out.body === undefined ? '' : isJson ? JSON.stringify(out.body) : (out.body as string | Buffer);
  return { status: out.status, headers: { ...(out.body !== undefined ? { 'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8' } : {}), ...out.headers }, payload };
}
