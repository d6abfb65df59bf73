import type { IncomingMessage } from 'node:http';
import type { Logger } from '../commands/command-context.js';
import type { FromIngress, IngressConfig, ToIngress } from './http-ingress.js';
import { tsWorker } from './ts-worker.js';

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** raw body bytes (signatures are computed over these) */
  readonly body: Buffer;
  readonly params: Readonly<Record<string, string>>;
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

export interface PlainRoute {
  readonly method: string;
  readonly path: string;
  handle(req: HttpRequest): Promise<HttpResponse>;
}

export interface IngressRoute {
  readonly method: string;
  readonly path: string;
  /** absolute URL of a module exporting `ingress` (an IngressFactory), and its structured-cloneable options */
  readonly ingress: { readonly module: string; readonly options: unknown };
  /** a message from the route's ingress handler; `reply` posts back to it */
  onMessage(msg: unknown, reply: (msg: unknown) => void): void;
}

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: readonly Route[];
  readonly log: Logger;
  /** bodies above this are refused with 413 */
  readonly maxBodyBytes?: number;
}

export interface RunningHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Match "/api/v1/models/:name/versions" against a path; null when it does not fit. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) {
      if (!a[i]) return null;
      params[seg.slice(1)] = decodeURIComponent(a[i]!);
    } else if (seg !== a[i]) return null;
  }
  return params;
}

/**
 * One small HTTP server for the API, target callbacks, health and the Slack receiver. It listens on
 * its own thread (the ingress, http-ingress-worker.ts); plain routes are handled here.
 */
export function startHttpServer(o: HttpServerOptions): Promise<RunningHttpServer> {
  const config: IngressConfig = {
    host: o.host,
    port: o.port,
    maxBodyBytes: o.maxBodyBytes ?? 50 * 1024 * 1024,
    routes: o.routes.map((r) => ({ method: r.method, path: r.path, ...('ingress' in r ? { ingress: r.ingress } : {}) })),
  };
  const worker = tsWorker(new URL('./http-ingress-worker.js', import.meta.url), config);
  const post = (m: ToIngress) => worker.postMessage(m);
  let closed: (() => void) | null = null;
  let closing: Promise<void> | null = null;
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: FromIngress) => {
      switch (m.t) {
        case 'listening':
          worker.off('error', reject);
          // a crash of the ingress is a crash of Steward (like an uncaught exception on the main thread)
          worker.on('error', (e) => {
            throw e;
          });
          return resolve({
            url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${m.port}`,
            close: () =>
              (closing ??= new Promise<void>((r) => {
                closed = r;
                post({ t: 'close' });
              }).then(() => worker.terminate().then(() => undefined))),
          });
        case 'failed':
          void worker.terminate();
          return reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
        case 'req': {
          const r = o.routes[m.route] as PlainRoute;
          const req: HttpRequest = { method: m.method, path: m.path, query: new URLSearchParams(m.query), headers: m.headers, body: Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength), params: m.params };
          Promise.resolve()
            .then(() => r.handle(req))
            .then(encode)
            .catch((e: unknown) => {
              o.log.error({ err: e, path: m.path }, 'http handler failed');
              return encode({ status: 500, body: { error: 'internal', message: 'Steward could not handle this request; see its log' } });
            })
            .then((out) => post({ t: 'res', id: m.id, ...out }));
          return;
        }
        case 'msg':
          return (o.routes[m.route] as IngressRoute).onMessage(m.data, (data) => post({ t: 'msg', route: m.route, data }));
        case 'log':
          return o.log[m.level](m.obj, m.msg);
        case 'closed':
          return closed?.();
      }
    });
  });
}

function encode(out: HttpResponse): { status: number; headers: Record<string, string>; payload: string | Uint8Array } {
  const isJson = out.body !== undefined && typeof out.body !== 'string' && !Buffer.isBuffer(out.body);
  const payload = out.body === undefined ? '' : isJson ? JSON.stringify(out.body) : (out.body as string | Buffer);
  return { status: out.status, headers: { ...(out.body !== undefined ? { 'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8' } : {}), ...out.headers }, payload };
}
