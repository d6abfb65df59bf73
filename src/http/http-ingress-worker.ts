/**
 * The ingress thread's program (see http-ingress.ts): Steward's one HTTP server. It routes every
 * request, answers 404/405/413 itself, runs ingress routes' handlers here and hands plain routes to
 * the main thread (body read here, answer written when the main thread sends it).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromIngress, IngressConfig, IngressFactory, IngressHandler, IngressLog, ToIngress } from './http-ingress.js';
import { matchPath } from './http-server.js';

const port = parentPort!;
const config = workerData as IngressConfig;
const post = (m: FromIngress, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const log: IngressLog = (level, obj, msg) => post({ t: 'log', level, obj, msg });

const handlers: (IngressHandler | null)[] = await Promise.all(
  config.routes.map(async (r, route) => {
    if (!r.ingress) return null;
    const { ingress } = (await import(r.ingress.module)) as { ingress: IngressFactory<unknown> };
    return ingress(r.ingress.options, (data) => post({ t: 'msg', route, data }), log);
  }),
);

/** plain-route requests waiting for the main thread's answer */
const waiting = new Map<number, ServerResponse>();
let seq = 0;

function json(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const allowed = new Set<string>();
  for (const [route, r] of config.routes.entries()) {
    const params = matchPath(r.path, url.pathname);
    if (!params) continue;
    if (r.method !== method) {
      allowed.add(r.method);
      continue;
    }
    const handler = handlers[route];
    if (handler) return handler.handle(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > config.maxBodyBytes) {
        json(res, 413, { error: 'payload_too_large', message: `request body is over ${config.maxBodyBytes} bytes; send smaller batches` });
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const body = Buffer.concat(chunks);
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      const id = ++seq;
      waiting.set(id, res);
      post({ t: 'req', id, route, method, path: url.pathname, query: url.search, headers: req.headers, body, params }, own ? [body.buffer as ArrayBuffer] : []);
    });
    return;
  }
  if (allowed.size) json(res, 405, { error: 'method_not_allowed', message: `use ${[...allowed].join(' or ')}` }, { allow: [...allowed].join(', ') });
  else json(res, 404, { error: 'not_found', message: `no route for ${method} ${url.pathname}` });
});

port.on('message', (m: ToIngress) => {
  if (m.t === 'res') {
    const res = waiting.get(m.id);
    waiting.delete(m.id);
    if (res && !res.headersSent) res.writeHead(m.status, m.headers).end(m.payload);
  } else if (m.t === 'msg') handlers[m.route]?.onMessage(m.data);
  else if (m.t === 'close') {
    // stop accepting; closed once every accepted request is answered and its connection ended
    server.close(() => post({ t: 'closed' }));
    server.closeIdleConnections();
  }
});

server.once('error', (e: NodeJS.ErrnoException) => post({ t: 'failed', message: e.message, ...(e.code ? { code: e.code } : {}) }));
server.listen(config.port, config.host, () => post({ t: 'listening', port: (server.address() as AddressInfo).port }));
