import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/chat/replies/text-render.js';
import { createToken } from '../../src/governance/create-token.js';
import { startApiServer } from '../../src/http/api-server.js';
import type { RunningHttpServer } from '../../src/http/http-server.js';
import { silentLogger } from '../../src/ports/logger.js';
import { slackSignature } from '../fakes/slack-signed-post.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { SIGNING_SECRET, type SlackEnv, slackEnv } from '../adapters/slack/slack-test-env.js';
import { harness } from '../helpers/harness.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { configFromYaml } from '../helpers/test-config.js';

/**
 * One raw HTTP exchange: what the server says (or that it closed), and when. A server that answers
 * and closes before the whole body is sent makes the writes fail (EPIPE, ECONNRESET): what it said
 * before that is the answer.
 */
function raw(url: string, write: (s: import('node:net').Socket) => void): Promise<{ text: string; ms: number }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const s = connect(Number(u.port), u.hostname);
    let text = '';
    s.on('data', (d) => (text += String(d)));
    s.on('close', () => resolve({ text, ms: performance.now() - t0 }));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve({ text, ms: performance.now() - t0 }) : reject(e)));
    s.on('connect', () => write(s));
  });
}

describe('limits on the Slack endpoint: Steward refuses oversized signed bodies without reading them', () => {
  let env: SlackEnv;
  beforeAll(async () => {
    env = await slackEnv();
  });
  afterAll(async () => env?.close());

  it('a 2 MB validly signed body gets 413 at once, declared or chunked, and runs nothing', async () => {
    const body = `token=x&command=%2Fmlops&text=models&pad=${'a'.repeat(2 * 1024 * 1024)}`;
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SIGNING_SECRET, ts, body) };
    const head = `Content-Type: application/x-www-form-urlencoded\r\nX-Slack-Request-Timestamp: ${ts}\r\nX-Slack-Signature: ${headers['x-slack-signature']}\r\n`;
    // declared: Content-Length says 2 MB, answered before the body is read
    const declared = await raw(env.endpoint, (s) => {
      s.write(`POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${head}\r\n`);
      s.write(body);
    });
    expect(declared.text).toMatch(/^HTTP\/1\.1 413/);
    expect(declared.ms).toBeLessThan(2000);
    // chunked: no Content-Length, the limit is counted as the bytes arrive
    const chunked = await raw(env.endpoint, (s) => {
      s.write(`POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n${head}\r\n`);
      for (let i = 0; i < 40; i++) s.write(`${(64 * 1024).toString(16)}\r\n${'a'.repeat(64 * 1024)}\r\n`);
    });
    expect(chunked.text).toMatch(/^HTTP\/1\.1 413/);
    expect(env.standIn.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });
});

describe('limits on the HTTP API', () => {
  let server: RunningHttpServer;
  const clock = new FixedClock(new Date('2026-12-06T12:00:00Z'));
  let token = '';
  beforeAll(async () => {
    const config = { ...configFromYaml('limits:\n  body: 1kb\n  headersTimeout: 500ms\n  requestTimeout: 1s\n  perTokenPerMinute: 3\n'), http: { port: 0, host: '127.0.0.1' } };
    const h = harness({ config, clock });
    server = (await startApiServer({ app: h.app, store: h.store, clock, config, log: silentLogger, renderText: (r) => renderText(r) }))!;
    const t = await createToken(h.deps, SYSTEM, { name: 'ci', role: 'admin' });
    if (!t.ok) throw new Error(t.error.message);
    token = t.value.token;
  });
  afterAll(async () => server?.close());

  const models = (body = JSON.stringify({ text: 'models' })) => fetch(`${server.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

  it('a token over its rate gets 429 with Retry-After, and is let through again once the bucket refills', async () => {
    for (let i = 0; i < 3; i++) expect((await models()).status).toBe(200);
    const limited = await models();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(((await limited.json()) as { message: string }).message).toMatch(/retry in 20 s/);
    clock.advance(20_000);
    expect((await models()).status).toBe(200);
    expect((await models()).status).toBe(429);
    clock.advance(60_000);
  });

  it('a body over limits.body gets 413; a client that never finishes its head, or its body, is cut off', async () => {
    clock.advance(60_000);
    expect((await models(JSON.stringify({ text: 'x'.repeat(2000) }))).status).toBe(413);
    const slowHead = await raw(server.url, (s) => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    expect(slowHead.text).toMatch(/^HTTP\/1\.1 408/);
    expect(slowHead.ms).toBeLessThan(5000);
    const slowBody = await raw(server.url, (s) => s.write(`POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":`));
    expect(slowBody.text).toMatch(/^HTTP\/1\.1 408/);
    expect(slowBody.ms).toBeLessThan(6000);
  });
});
