import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type HttpRequest, type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { CapturingLogger } from '../adapters/slack/slack-test-env.js';
import { rawRequest, upload } from './raw-http.js';

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

  it('answers 500 with a ref when a route fails, and logs the error with the same ref', async () => {
    const res = await fetch(`${server.url}/boom`);
    const body = (await res.json()) as { error: string; message: string };
    expect([res.status, body.error]).toEqual([500, 'internal']);
    const ref = /\(ref ([0-9a-f]{8})\)/.exec(body.message)?.[1];
    expect(body.message).toBe(`Steward could not handle this request (ref ${ref}); try again, and if it persists give the ref to your Steward admin`);
    const line = log.lines.find((l) => l.msg === 'http handler failed' && (l.obj as { ref?: string }).ref === ref);
    expect(String((line?.obj as { err?: Error }).err)).toContain('kaput');
  });

  it('refuses a path parameter with a malformed %-escape or a control character with 400 naming it, and keeps serving', async () => {
    for (const bad of ['%E0%A4%A', '%', '%zz', 'a%ED%A0%80', '%C0%AF']) {
      const res = await fetch(`${server.url}/api/v1/things/${bad}`, { method: 'POST', body: '{}' });
      expect([bad, res.status, await res.json()]).toEqual([bad, 400, { error: 'bad_input', message: 'the path parameter "name" is not valid %-encoded UTF-8: encode it with encodeURIComponent' }]);
    }
    for (const [bad, code] of [['%00', '0000'], ['a%0Ab', '000A'], ['%7F', '007F'], ['%C2%85', '0085']] as const) {
      const res = await fetch(`${server.url}/api/v1/things/${bad}`, { method: 'POST', body: '{}' });
      expect([bad, res.status, ((await res.json()) as { message: string }).message]).toEqual([bad, 400, `the path parameter "name" contains a control character (U+${code}): remove it`]);
    }
    expect((await fetch(`${server.url}/text`)).status).toBe(200);
  });

  it('answers 400 to request targets that are not paths, sent as raw request lines, and keeps serving', async () => {
    for (const target of ['http://[', '//[::1', 'http://a:99999999/text', 'http://[::1/text', '*', 'text']) {
      const r = await rawRequest(server.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect([target, r.status]).toEqual([target, 400]);
    }
    const absolute = await rawRequest(server.url, 'GET http://steward.example:8080/text HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(absolute.status).toBe(200);
    expect((await fetch(`${server.url}/text`)).status).toBe(200);
  });

  it('refuses to start on a port in use, with the system error code', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startHttpServer({ host: '127.0.0.1', port, log, routes: [] })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('keeps serving when a route fails on a message from its ingress handler', async () => {
    const quiet = new CapturingLogger();
    const other = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      log: quiet,
      routes: [
        {
          method: 'POST',
          path: '/forward',
          ingress: { module: new URL('./test-ingress.ts', import.meta.url).href, options: { mode: 'forward' } },
          onMessage() {
            throw new Error('onMessage bug');
          },
        },
        { method: 'GET', path: '/text', handle: async () => ({ status: 200, body: 'still here' }) },
      ],
    });
    try {
      expect((await fetch(`${other.url}/forward`, { method: 'POST' })).status).toBe(202);
      await vi.waitFor(() => expect(quiet.text()).toContain('onMessage bug'));
      expect(await (await fetch(`${other.url}/text`)).text()).toBe('still here');
    } finally {
      await other.close();
    }
  });

  it('when the ingress thread dies anyway, logs it and listens again on the same port', async () => {
    const quiet = new CapturingLogger();
    const other = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      log: quiet,
      routes: [
        { method: 'POST', path: '/die', ingress: { module: new URL('./test-ingress.ts', import.meta.url).href, options: { mode: 'die' } }, onMessage() {} },
        { method: 'GET', path: '/text', handle: async () => ({ status: 200, body: 'back' }) },
      ],
    });
    try {
      const dead = await fetch(`${other.url}/die`, { method: 'POST' }).catch((e: Error) => e);
      expect(dead).toBeInstanceOf(Error); // the connection went down with the thread
      await vi.waitFor(() => expect(quiet.text()).toContain('HTTP ingress thread restarted'), { timeout: 15_000, interval: 100 });
      const died = quiet.lines.find((l) => l.msg === 'the HTTP ingress thread died; starting a new one');
      expect(String((died?.obj as { err?: Error }).err)).toContain('a bug on the ingress thread');
      expect(await (await fetch(`${other.url}/text`)).text()).toBe('back');
    } finally {
      await other.close();
    }
  });

  it('closes: waits for answers in progress, then refuses connections', async () => {
    let handling!: () => void;
    const inHandler = new Promise<void>((r) => (handling = r));
    const other = await startHttpServer({ host: '127.0.0.1', port: 0, log, routes: [{ method: 'GET', path: '/slow', handle: () => (handling(), new Promise((r) => setTimeout(() => r({ status: 200, body: 'done' }), 300))) }] });
    const slow = fetch(`${other.url}/slow`, { headers: { connection: 'close' } });
    await inHandler; // the answer is in progress
    await other.close();
    expect(await (await slow).text()).toBe('done');
    await expect(fetch(`${other.url}/slow`)).rejects.toThrow();
  });
});

describe('HTTP server: reading request bodies (real HTTP on loopback)', () => {
  const MB = 1024 * 1024;
  let server: RunningHttpServer;
  const heads: string[] = [];
  let handled = 0;
  let gate: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      log: new CapturingLogger(),
      maxBodyBytes: MB,
      maxBytesInFlight: 1.5 * MB,
      routes: [
        {
          method: 'POST',
          path: '/guarded/:name',
          async admit(head) {
            heads.push(`${head.params.name} ${head.headers['x-key'] ?? '-'}`);
            if (head.headers['x-key'] !== 'open sesame') return { status: 401, body: { error: 'unauthorized', message: 'send X-Key' } };
            return { context: `admitted ${head.params.name}` };
          },
          async handle(req, context) {
            handled++;
            await gate;
            return { status: 200, body: { context, bytes: req.body.length } };
          },
        },
        { method: 'POST', path: '/small', maxBodyBytes: 1000, handle: async (req) => ({ status: 200, body: { bytes: req.body.length } }) },
      ],
    });
  });
  afterAll(() => server.close());

  it('answers a refusal decided on the head at once, before the body is sent, and closes the connection', async () => {
    const r = await upload(`${server.url}/guarded/a`, { total: MB, pauseAfter: 64 * 1024, timeoutMs: 5_000 });
    expect(r).toMatchObject({ status: 401, body: JSON.stringify({ error: 'unauthorized', message: 'send X-Key' }), written: 64 * 1024 });
    expect(r.headers.connection).toBe('close');
    expect(heads).toContain('a -');
    expect(handled).toBe(0);
  });

  it('reads the body of an admitted request and hands the route what admit decided', async () => {
    const r = await upload(`${server.url}/guarded/b`, { total: 0.5 * MB, headers: { 'x-key': 'open sesame' } });
    expect(r).toMatchObject({ status: 200, body: JSON.stringify({ context: 'admitted b', bytes: 0.5 * MB }) });
  });

  it('answers 413 at once when Content-Length is over the route\'s limit, without asking the route', async () => {
    const before = heads.length;
    const big = await upload(`${server.url}/guarded/c`, { total: 2 * MB, headers: { 'x-key': 'open sesame' }, pauseAfter: 0, timeoutMs: 5_000 });
    expect(big).toMatchObject({ status: 413, written: 0 });
    expect(heads.length).toBe(before);
    const small = await upload(`${server.url}/small`, { total: 1001, pauseAfter: 0, timeoutMs: 5_000 });
    expect(small).toMatchObject({ status: 413, body: expect.stringContaining('over 1000 bytes') });
    expect((await upload(`${server.url}/small`, { total: 1000 })).status).toBe(200);
  });

  it('caps the bytes read and not yet answered: a body over the cap is refused with 503 and Retry-After until room is free', async () => {
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const before = handled;
    const held = upload(`${server.url}/guarded/d`, { total: MB, headers: { 'x-key': 'open sesame' } });
    await vi.waitFor(() => expect(handled).toBe(before + 1), { timeout: 5_000 });
    const refused = await upload(`${server.url}/guarded/e`, { total: MB, headers: { 'x-key': 'open sesame' }, pauseAfter: 0, timeoutMs: 5_000 });
    expect(refused).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    open();
    expect((await held).status).toBe(200);
    expect((await upload(`${server.url}/guarded/f`, { total: MB, headers: { 'x-key': 'open sesame' } })).status).toBe(200);
  });

  it('answers "Expect: 100-continue" with 100 only once the body is wanted', async () => {
    const refused = await rawRequest(server.url, 'POST /guarded/g HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n', 5_000);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('100 Continue');
  });
});

describe('HTTP server: a port it cannot listen on', () => {
  it('a port in use fails the start with one line that says what to do', async () => {
    const taken = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [], log: new CapturingLogger() });
    try {
      const port = Number(new URL(taken.url).port);
      await expect(startHttpServer({ host: '127.0.0.1', port, routes: [], log: new CapturingLogger() })).rejects.toThrow(`port ${port} on 127.0.0.1 is in use by another process: stop it, or set STEWARD_HTTP_PORT to a free port`);
    } finally {
      await taken.close();
    }
  });
});
