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
