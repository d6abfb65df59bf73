/**
 * The ingress thread's program (see http-ingress.ts): Steward's one HTTP server. It routes every
 * request, answers 400/404/405/413 itself, runs ingress routes' handlers here and hands plain routes
 * to the main thread (body read here, answer written when the main thread sends it). No request may
 * end this thread: an unexpected error answers 500 with a ref and logs it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { correlationRef, errorData, type FromIngress, type IngressConfig, type IngressFactory, type IngressHandler, type IngressLog, internalErrorBody, type ToIngress } from './http-ingress.js';
import { matchPath, splitTarget } from './match-path.js';

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
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** An unexpected error: 500 with a ref, and the same ref in the log. */
function internal(res: ServerResponse | undefined, e: unknown, what: string): void {
  const ref = correlationRef();
  log('error', { ref, err: errorData(e) }, what);
  if (!res) return;
  try {
    json(res, 500, internalErrorBody(ref), { connection: 'close' });
  } catch {
    res.destroy();
  }
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  const target = splitTarget(req.url ?? '/');
  if (!target) return json(res, 400, { error: 'bad_input', message: 'the request target is not a valid path: send /<path>?<query>' }, { connection: 'close' });
  const allowed = new Set<string>();
  for (const [route, r] of config.routes.entries()) {
    const match = matchPath(r.path, target.path);
    if (!match) continue;
    if (!match.ok) return json(res, 400, { error: 'bad_input', message: match.message }, { connection: 'close' });
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
      res.once('close', () => waiting.delete(id));
      post({ t: 'req', id, route, method, path: target.path, query: target.query, headers: req.headers, body, params: match.params }, own ? [body.buffer as ArrayBuffer] : []);
    });
    return;
  }
  if (allowed.size) json(res, 405, { error: 'method_not_allowed', message: `use ${[...allowed].join(' or ')}` }, { allow: [...allowed].join(', ') });
  else json(res, 404, { error: 'not_found', message: `no route for ${method} ${oneLine(target.path)}` });
}

/** a path as shown in a message: printable, at most 200 characters */
const oneLine = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

const server = createServer((req, res) => {
  try {
    route(req, res);
  } catch (e) {
    internal(res, e, 'http ingress failed on a request');
  }
});

port.on('message', (m: ToIngress) => {
  if (m.t === 'res') {
    const res = waiting.get(m.id);
    waiting.delete(m.id);
    if (!res || res.headersSent) return;
    try {
      res.writeHead(m.status, m.headers).end(m.payload);
    } catch (e) {
      // e.g. a header value the route built that HTTP cannot carry
      internal(res, e, 'http ingress could not write an answer');
    }
  } else if (m.t === 'msg') {
    try {
      handlers[m.route]?.onMessage(m.data);
    } catch (e) {
      internal(undefined, e, 'http ingress route failed on a message');
    }
  } else if (m.t === 'close') {
    // stop accepting; closed once every accepted request is answered and its connection ended
    server.close(() => post({ t: 'closed' }));
    server.closeIdleConnections();
  }
});

let listening = false;
server.on('error', (e: NodeJS.ErrnoException) => {
  if (!listening) post({ t: 'failed', message: e.message, ...(e.code ? { code: e.code } : {}) });
  else log('error', { err: errorData(e), code: e.code }, 'http server error');
});
server.listen(config.port, config.host, () => {
  listening = true;
  post({ t: 'listening', port: (server.address() as AddressInfo).port });
});
