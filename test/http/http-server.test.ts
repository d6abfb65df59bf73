import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpRequest, type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { CapturingLogger } from '../adapters/slack/slack-test-env.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Steward's HTTP server listens on its ingress thread; plain routes run here, on the main thread. */
describe('HTTP server (ingress thread + routes on the main thread, real HTTP on loopback)', () => {
  let server: RunningHttpServer;
  const log = new CapturingLogger();
  const seen: HttpRequest[] = [];

  beforeAll(async () => {
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      log,
      maxBodyBytes: 2 * 1024 * 1024,
      routes: [
        {
          method: 'POST',
          path: '/api/v1/things/:name',
          async handle(req) {
            seen.push(req);
            return { status: 201, body: { name: req.params.name, q: req.query.get('q'), bytes: req.body.length, sha: sha(req.body), header: req.headers['x-test'] }, headers: { 'x-answer': 'yes' } };
          },
        },
        { method: 'GET', path: '/text', handle: async () => ({ status: 200, body: 'plain words' }) },
        { method: 'GET', path: '/bytes', handle: async () => ({ status: 200, body: Buffer.from([1, 2, 3]), headers: { 'content-type': 'application/octet-stream' } }) },
        {
          method: 'GET',
          path: '/boom',
          handle: async () => {
            throw new Error('kaput');
          },
        },
      ],
    });
  });
  afterAll(() => server.close());

  it('hands a request to its route with method, path, params, query, headers and the exact body bytes, and sends back status, headers and JSON', async () => {
    const body = Buffer.alloc(1024 * 1024, 7);
    body[5] = 1;
    const res = await fetch(`${server.url}/api/v1/things/caf%C3%A9?q=1`, { method: 'POST', headers: { 'x-test': 'hello' }, body });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-answer')).toBe('yes');
    expect(await res.json()).toEqual({ name: 'café', q: '1', bytes: body.length, sha: sha(body), header: 'hello' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/things/caf%C3%A9' });
  });

  it('sends text and byte bodies as they are', async () => {
    const t = await fetch(`${server.url}/text`);
    expect([t.status, t.headers.get('content-type'), await t.text()]).toEqual([200, 'text/plain; charset=utf-8', 'plain words']);
    const b = await fetch(`${server.url}/bytes`);
    expect([...new Uint8Array(await b.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('answers 404 for an unknown path, 405 with Allow for a wrong method, 413 for a body over the limit', async () => {
    const missing = await fetch(`${server.url}/nowhere`);
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'not_found', message: 'no route for GET /nowhere' }]);
    const wrong = await fetch(`${server.url}/api/v1/things/x`);
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
    const big = await fetch(`${server.url}/api/v1/things/x`, { method: 'POST', body: Buffer.alloc(3 * 1024 * 1024) }).catch((e: Error) => e);
    // the server answers 413 and drops the connection; the client sees the 413 or the reset
    if (!(big instanceof Error)) expect(big.status).toBe(413);
    expect(seen.every((r) => r.body.length <= 2 * 1024 * 1024)).toBe(true);
  });

  it('answers 500 with a clear message when a route fails, and logs the error', async () => {
    const res = await fetch(`${server.url}/boom`);
    expect([res.status, await res.json()]).toEqual([500, { error: 'internal', message: 'Steward could not handle this request; see its log' }]);
    expect(log.text()).toContain('http handler failed');
    expect(log.text()).toContain('kaput');
  });

  it('refuses to start on a port in use, with the system error code', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startHttpServer({ host: '127.0.0.1', port, log, routes: [] })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('closes: waits for answers in progress, then refuses connections', async () => {
    const other = await startHttpServer({ host: '127.0.0.1', port: 0, log, routes: [{ method: 'GET', path: '/slow', handle: () => new Promise((r) => setTimeout(() => r({ status: 200, body: 'done' }), 300)) }] });
    const slow = fetch(`${other.url}/slow`, { headers: { connection: 'close' } });
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    expect(await (await slow).text()).toBe('done');
    await expect(fetch(`${other.url}/slow`)).rejects.toThrow();
  });
});
