import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../commands/command-context.js';

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
 * A route handles a parsed request, or (`raw`) takes over the Node request itself — used to mount
 * Bolt's Slack receiver, which reads the body and verifies the signature on its own.
 */
export type Route =
  | { readonly method: string; readonly path: string; handle(req: HttpRequest): Promise<HttpResponse> }
  | { readonly method: string; readonly path: string; raw(req: IncomingMessage, res: ServerResponse): void };

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

/** One small HTTP server for the API, target callbacks, health and the Slack receiver. */
export function startHttpServer(o: HttpServerOptions): Promise<RunningHttpServer> {
  const max = o.maxBodyBytes ?? 50 * 1024 * 1024;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    let allowed: string[] = [];
    for (const r of o.routes) {
      const params = matchPath(r.path, url.pathname);
      if (!params) continue;
      if (r.method !== method) {
        allowed.push(r.method);
        continue;
      }
      if ('raw' in r) return r.raw(req, res);
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          send(res, { status: 413, body: { error: 'payload_too_large', message: `request body is over ${max} bytes; send smaller batches` } });
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => {
        if (res.headersSent) return;
        r.handle({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks), params })
          .then((out) => send(res, out))
          .catch((e: unknown) => {
            o.log.error({ err: e, path: url.pathname }, 'http handler failed');
            send(res, { status: 500, body: { error: 'internal', message: 'Steward could not handle this request; see its log' } });
          });
      });
      return;
    }
    allowed = [...new Set(allowed)];
    if (allowed.length) send(res, { status: 405, body: { error: 'method_not_allowed', message: `use ${allowed.join(' or ')}` }, headers: { allow: allowed.join(', ') } });
    else send(res, { status: 404, body: { error: 'not_found', message: `no route for ${method} ${url.pathname}` } });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      const addr = server.address() as AddressInfo;
      resolve({
        url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${addr.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

function send(res: ServerResponse, out: HttpResponse): void {
  if (res.headersSent) return;
  const isJson = out.body !== undefined && typeof out.body !== 'string' && !Buffer.isBuffer(out.body);
  const payload = out.body === undefined ? '' : isJson ? JSON.stringify(out.body) : (out.body as string | Buffer);
  res.writeHead(out.status, { ...(out.body !== undefined ? { 'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8' } : {}), ...out.headers });
  res.end(payload);
}
