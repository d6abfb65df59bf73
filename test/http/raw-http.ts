import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  /** the status of the first final response, null when the server closed or reset without one */
  readonly status: number | null;
  readonly text: string;
  /** how the connection ended */
  readonly end: 'closed' | 'reset' | 'timeout';
}

/**
 * Write bytes to a server over raw TCP (so the request line is exactly what the test says) and read
 * until the server closes the connection (send `Connection: close`; node's server drops a request
 * whose client half-closes before the answer, so the socket stays open).
 */
export function rawRequest(url: string, data: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    let done = false;
    const finish = (end: RawAnswer['end']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      // the first final status (a 100 Continue may come before it)
      const m = /^HTTP\/1\.[01] ([2-5]\d\d)/m.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, end });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('connect', () => socket.write(data));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish('closed'));
  });
}

export interface UploadResult {
  /** the answer's status, or null when the connection was reset before one arrived */
  readonly status: number | null;
  readonly body: string;
  /** body bytes the client managed to hand to the socket before the answer or the reset */
  readonly written: number;
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * POST (or PUT) a body of `total` bytes in 64 KB chunks, honouring backpressure; stops writing as
 * soon as an answer arrives or the connection fails. `pauseAfter`: stop after that many bytes and
 * wait for an answer (a server that answers before reading the body answers anyway).
 */
export function upload(url: string, o: { method?: string; total: number; headers?: Record<string, string>; pauseAfter?: number; timeoutMs?: number }): Promise<UploadResult> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Promise((resolve) => {
    let written = 0;
    let settled = false;
    const done = (r: Omit<UploadResult, 'written'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, written });
    };
    const req = request(url, { method: o.method ?? 'POST', headers: { 'content-length': String(o.total), ...o.headers } });
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: null, body: 'timeout', headers: {} });
    }, o.timeoutMs ?? 30_000);
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += String(c)));
      res.on('end', () => done({ status: res.statusCode ?? null, body, headers: res.headers }));
      res.on('error', () => done({ status: res.statusCode ?? null, body, headers: res.headers }));
    });
    // a server that answers and closes before the whole body is sent can make the write fail before the
    // client's parser reports the response: the status line it sent is the answer
    let seen = '';
    req.on('socket', (sock) => sock.on('data', (d: Buffer) => void (seen.length < 4096 && (seen += d.toString('latin1')))));
    req.on('error', () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(seen);
      done({ status: m ? Number(m[1]) : null, body: seen.slice(seen.indexOf('\r\n\r\n') + 4), headers: {} });
    });
    const pump = () => {
      while (!settled && written < o.total && written < (o.pauseAfter ?? Infinity)) {
        const n = Math.min(chunk.length, o.total - written, (o.pauseAfter ?? Infinity) - written);
        written += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!settled && written >= o.total) req.end();
    };
    req.flushHeaders();
    pump();
  });
}
