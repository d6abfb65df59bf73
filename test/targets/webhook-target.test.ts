import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookTargetConfig } from '../../src/config/targets-schema.js';
import { webhookTarget } from '../../src/deploy/targets/webhook-target.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { closedPort, JOB, planJob } from './target-fixtures.js';

const SECRET = 'whsec_0123456789abcdef';
let rx: WebhookReceiver;
const cfg = (o: Partial<WebhookTargetConfig> = {}): WebhookTargetConfig => ({ kind: 'webhook', url: rx.url, secret: SECRET, secretEnv: 'STEWARD_WEBHOOK_SECRET', timeoutMs: 5000, ...o });
/** Steward's clock and the receiver's: one fixed instant, so no test depends on time passing between two statements. */
const NOW = new Date('2026-11-27T12:00:00Z');
const target = (o: Partial<WebhookTargetConfig> = {}) => webhookTarget(cfg(o), { now: () => NOW });

beforeEach(async () => {
  rx = await new WebhookReceiver({ secret: SECRET, now: () => NOW.getTime() }).start();
});
afterEach(async () => {
  await rx.close();
});

describe('webhook target', () => {
  it('POSTs the documented JSON, signed, with the idempotency key; a 2xx {status: succeeded} succeeds', async () => {
    const out = await target().start(JOB);
    expect(out).toEqual({ state: 'succeeded', message: 'deployed', ref: { id: '42' } });
    expect(rx.received).toHaveLength(1);
    const r = rx.received[0]!;
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/deploy');
    expect(r.signatureOk).toBe(true);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['idempotency-key']).toBe('steward-deployment-42');
    expect(r.headers['x-steward-timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(r.json).toEqual({
      deploymentId: 42,
      model: 'fraud-detector',
      version: 7,
      artifactUri: 's3://models/fraud-detector/7',
      sha256: JOB.sha256,
      environment: 'production',
      requestedBy: 'console:alice',
      approvedBy: ['console:bob', 'console:carol'],
      rollback: false,
    });
  });

  it('is refused by the receiver when signed with the wrong secret (the receiver checks the documented HMAC)', async () => {
    const out = await target({ secret: 'not-the-receivers-secret' }).start(JOB);
    expect(rx.received[0]!.signatureOk).toBe(false);
    expect(out).toEqual({ state: 'failed', message: 'webhook answered HTTP 401: invalid signature' });
  });

  it('fails at once on a 4xx with the receiver\'s own message, on one line of at most 300 characters', async () => {
    rx.answerWith(422, { message: 'model fraud-detector is not allowed in production' });
    expect(await target().start(JOB)).toEqual({ state: 'failed', message: 'webhook answered HTTP 422: model fraud-detector is not allowed in production' });
    rx.answerWith(409, { error: `line one\nline two ${'x'.repeat(600)}` });
    const long = await target().start(JOB);
    expect(long.state).toBe('failed');
    expect(long.message).toMatch(/^webhook answered HTTP 409: line one line two x+…$/);
    expect(long.message!.length).toBe(300);
  });

  it('asks for a retry on 5xx and succeeds when the receiver recovers, with the same idempotency key each time', async () => {
    rx.failTimes(2, 500);
    const t = target();
    const outs = [await t.start(JOB), await t.start(JOB), await t.start(JOB)];
    expect(outs.map((o) => o.state)).toEqual(['retry', 'retry', 'succeeded']);
    expect(outs[0]!.message).toBe('webhook answered HTTP 500: internal error, try again');
    expect(rx.received.map((r) => r.headers['idempotency-key'])).toEqual(['steward-deployment-42', 'steward-deployment-42', 'steward-deployment-42']);
  });

  it('asks for a retry when the receiver does not answer within the timeout', async () => {
    rx.hang();
    const t0 = Date.now();
    const out = await target({ timeoutMs: 300 }).start(JOB);
    const ms = Date.now() - t0;
    expect(out).toEqual({ state: 'retry', message: `webhook at ${new URL(rx.url).host} did not answer within 0.3 s` });
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(5000);
  });

  it('asks for a retry when the connection is refused or the host does not resolve', async () => {
    const port = await closedPort();
    expect(await target({ url: `http://127.0.0.1:${port}/deploy` }).start(JOB)).toEqual({ state: 'retry', message: `connection to webhook at 127.0.0.1:${port} refused (is it running?)` });
    const dns = await target({ url: 'http://steward-no-such-host.invalid/deploy' }).start(JOB);
    expect(dns).toEqual({ state: 'retry', message: 'cannot resolve webhook host steward-no-such-host.invalid (DNS)' });
  });

  it('treats 202 (or {status: accepted}) as running until the callback, and check() keeps answering running', async () => {
    rx.answerWith(202, { status: 'accepted', url: 'https://ci.example/runs/9' });
    const t = target();
    const out = await t.start(JOB);
    expect(out).toMatchObject({ state: 'running', ref: { id: '42', url: 'https://ci.example/runs/9' } });
    rx.answerWith(200, { status: 'accepted' });
    expect(await t.start(JOB)).toMatchObject({ state: 'running', ref: { id: '42' } });
    expect(await t.check(JOB, { id: '42' })).toEqual({ state: 'running', ref: { id: '42' } });
    expect(rx.received).toHaveLength(2);
  });

  it('reports a receiver\'s own failure, and refuses a 2xx that does not follow the protocol', async () => {
    rx.answerWith(200, { status: 'failed', message: 'kubectl rollout timed out' });
    expect(await target().start(JOB)).toMatchObject({ state: 'failed', message: 'kubectl rollout timed out' });
    rx.answerWith(200, { ok: true });
    const odd = await target().start(JOB);
    expect(odd.state).toBe('failed');
    expect(odd.message).toContain('without a status: expected JSON {"status": "succeeded"|"failed"|"accepted"} or 202 (got {"ok":true})');
  });

  it('does not follow a redirect with the signed body', async () => {
    rx.answerWith(302, undefined);
    const out = await target().start(JOB);
    expect(out.state).toBe('failed');
    expect(out.message).toMatch(/HTTP 302 \(a redirect to nowhere\): configure the final URL in targets\.production\.url/);
  });

  it('plans the POST, its signing and the callback before anyone approves', async () => {
    const p = await target({ url: 'https://deploy.internal/steward' }).plan(planJob(JOB));
    expect(p).toEqual({
      summary: 'webhook POST https://deploy.internal/steward',
      steps: [
        'POST https://deploy.internal/steward with fraud-detector v7 for production (signed HMAC-SHA256, idempotency key steward-deployment-<id>)',
        'the receiver answers done, or accepted and reports completion to /api/v1/deployments/<id>/callback',
      ],
    });
    const withToken = await target({ url: 'https://hooks.example/deploy?token=abc123' }).plan(planJob(JOB));
    expect(withToken.summary).toBe('webhook POST https://hooks.example/deploy?…');
    expect(JSON.stringify(withToken)).not.toContain('abc123');
  });
});
