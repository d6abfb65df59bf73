/**
 * The ingress thread's program (see http-ingress.ts): Steward's one HTTP server. It routes every
 * request, answers 400/404/405/413/503 itself, runs ingress routes' handlers here and hands plain
 * routes to the main thread. For a route that admits (token, content type), the head goes to the main
 * thread first and the body is read only once it is admitted; a refused request is answered at once
 * and its connection closed without reading the rest. No request may end this thread: an unexpected
 * error answers 500 with a ref and logs it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { correlationRef, errorData, type FromIngress, type IngressConfig, type IngressFactory, type IngressHandler, type IngressLog, internalErrorBody, type RequestHead, type ToIngress } from './http-ingress.js';
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

/** A plain-route request between its head and the main thread's answer. */
interface Pending {
  readonly head: RequestHead;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** head: waiting for 'admit' or a refusal; body: reading; main: handed over, waiting for 'res'; done: answered or gone */
  phase: 'head' | 'body' | 'main' | 'done';
  admitted: boolean;
  /** bytes counted against maxBytesInFlight */
  held: number;
}

const pending = new Map<number, Pending>();
let seq = 0;
let inFlight = 0;

/**
 * Answer with JSON. When the request's body has not been read in full, the connection is closed
 * once the answer is out, without reading the rest (the client sees the answer or a reset).
 */
function answer(req: IncomingMessage, res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void req.socket.destroy();
  const unread = !req.complete;
  res.writeHead(status, { 'content-type': 'application/json', ...(unread ? { connection: 'close' } : {}), ...headers });
  res.end(JSON.stringify(body), () => {
    if (!unread) return;
    // the answer is out; the client may still be sending: discard what arrives (never kept) for a
    // moment so it can read the answer before the connection goes, then close it for good
    req.resume();
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 1000).unref();
  });
}

/** An unexpected error: 500 with a ref, and the same ref in the log. */
function internal(req: IncomingMessage | undefined, res: ServerResponse | undefined, e: unknown, what: string): void {
  const ref = correlationRef();
  log('error', { ref, err: errorData(e) }, what);
  if (!req || !res) return;
  try {
    answer(req, res, 500, internalErrorBody(ref), { connection: 'close' });
  } catch {
    req.socket.destroy();
  }
}

/** A number header as sent; NaN when absent or not a plain decimal. */
const contentLength = (req: IncomingMessage): number => (/^\d{1,15}$/.test(req.headers['content-length'] ?? '') ? Number(req.headers['content-length']) : NaN);

/** Stop counting a request: release its bytes; tell the main thread if it admitted it and never got the body. */
function finish(p: Pending): void {
  if (p.phase === 'done') return;
  if (p.admitted && p.phase !== 'main') post({ t: 'gone', id: p.head.id });
  p.phase = 'done';
  inFlight -= p.held;
  p.held = 0;
  pending.delete(p.head.id);
}

function refuse(p: Pending, status: number, body: object, headers: Record<string, string> = {}): void {
  finish(p);
  answer(p.req, p.res, status, body, headers);
}

function hold(p: Pending, bytes: number): boolean {
  if (bytes <= p.held) return true;
  if (inFlight - p.held + bytes > config.maxBytesInFlight) {
    refuse(p, 503, { error: 'unavailable', message: 'Steward is reading too many request bodies at once: retry in a few seconds' }, { 'retry-after': '5' });
    return false;
  }
  inFlight += bytes - p.held;
  p.held = bytes;
  return true;
}

function readBody(p: Pending): void {
  const { req, res, head } = p;
  const limit = config.routes[head.route]!.maxBodyBytes;
  const declared = contentLength(req);
  if (!hold(p, Number.isNaN(declared) ? 0 : declared)) return;
  p.phase = 'body';
  if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    if (p.phase !== 'body') return;
    size += c.length;
    if (size > limit) return refuse(p, 413, tooLarge(limit));
    if (!hold(p, size)) return;
    chunks.push(c);
  });
  req.on('end', () => {
    if (p.phase !== 'body') return;
    p.phase = 'main';
    const body = Buffer.concat(chunks);
    chunks.length = 0;
    const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    post({ t: 'req', ...head, body }, own ? [body.buffer as ArrayBuffer] : []);
  });
}

const tooLarge = (limit: number) => ({ error: 'payload_too_large', message: `the request body is over ${limit} bytes: send smaller batches` });

function route(req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  const target = splitTarget(req.url ?? '/');
  if (!target) return answer(req, res, 400, { error: 'bad_input', message: 'the request target is not a valid path: send /<path>?<query>' });
  const allowed = new Set<string>();
  for (const [route, r] of config.routes.entries()) {
    const match = matchPath(r.path, target.path);
    if (!match) continue;
    if (!match.ok) return answer(req, res, 400, { error: 'bad_input', message: match.message });
    if (r.method !== method) {
      allowed.add(r.method);
      continue;
    }
    if (contentLength(req) > r.maxBodyBytes) return answer(req, res, 413, tooLarge(r.maxBodyBytes));
    const handler = handlers[route];
    if (handler) {
      // the handler reads the body itself: a body that grows past the limit (chunked) is cut off with 413
      let size = 0;
      const count = (c: Buffer) => {
        size += c.length;
        if (size <= r.maxBodyBytes) return;
        req.off('data', count);
        answer(req, res, 413, tooLarge(r.maxBodyBytes));
      };
      req.on('data', count);
      if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
      // the time to the answer (for Slack: its ack), measured here where it is sent
      const t0 = performance.now();
      res.once('finish', () => post({ t: 'answered', route, method, status: res.statusCode, seconds: (performance.now() - t0) / 1000 }));
      return handler.handle(req, res);
    }
    const p: Pending = { head: { id: ++seq, route, method, path: target.path, query: target.query, headers: req.headers, params: match.params }, req, res, phase: 'head', admitted: false, held: 0 };
    pending.set(p.head.id, p);
    // a client that leaves while the main thread works: its bytes are released with the answer
    res.once('close', () => p.phase !== 'main' && finish(p));
    if (r.admits) return post({ t: 'head', ...p.head });
    return readBody(p);
  }
  if (allowed.size) answer(req, res, 405, { error: 'method_not_allowed', message: `use ${[...allowed].join(' or ')}` }, { allow: [...allowed].join(', ') });
  else answer(req, res, 404, { error: 'not_found', message: `no route for ${method} ${shown(target.path)}` });
}

/** a path as shown in a message: printable, at most 200 characters */
const shown = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

function onRequest(req: IncomingMessage, res: ServerResponse): void {
  try {
    route(req, res);
  } catch (e) {
    internal(req, res, e, 'http ingress failed on a request');
  }
}

// with a 'checkContinue' listener, "Expect: 100-continue" is answered only once the body is wanted
const server = createServer({ headersTimeout: config.headersTimeoutMs, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.headersTimeoutMs / 2))) }, onRequest).on('checkContinue', onRequest);

function onMain(m: ToIngress): void {
  if (m.t === 'res') {
    const p = pending.get(m.id);
    if (!p) return; // the client left
    const { req, res } = p;
    finish(p);
    if (res.headersSent) return;
    const unread = !req.complete;
    try {
      res.writeHead(m.status, unread ? { ...m.headers, connection: 'close' } : m.headers).end(m.payload, () => {
        if (unread) req.socket.destroy();
      });
    } catch (e) {
      // e.g. a header value the route built that HTTP cannot carry
      internal(req, res, e, 'http ingress could not write an answer');
    }
  } else if (m.t === 'admit') {
    const p = pending.get(m.id);
    if (!p || p.phase !== 'head') return void post({ t: 'gone', id: m.id });
    p.admitted = true;
    readBody(p);
  } else if (m.t === 'msg') {
    handlers[m.route]?.onMessage(m.data);
  } else if (m.t === 'close') {
    // stop accepting; closed once every accepted request is answered and its connection ended
    server.close(() => post({ t: 'closed' }));
    server.closeIdleConnections();
  }
}

port.on('message', (m: ToIngress) => {
  try {
    onMain(m);
  } catch (e) {
    internal(undefined, undefined, e, 'http ingress failed on a message from the main thread');
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
