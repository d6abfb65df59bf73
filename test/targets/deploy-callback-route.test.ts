import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness } from '../helpers/harness.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { Deployment, DeploymentStatus } from '../../src/deploy/domain/deployment.js';
import { ok } from '../../src/core/result.js';
import { deployCallbackRoute } from '../../src/http/deploy-callback-route.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { webhookTarget } from '../../src/deploy/targets/webhook-target.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { configFromYaml } from '../helpers/test-config.js';
import { JOB } from './target-fixtures.js';

const SECRET = 'whsec_callback_secret';
const CANARY_SECRET = 'whsec_canary_other_secret';
/** Steward's clock and the receiver's: one fixed instant, so no test depends on time passing between two statements. */
const NOW = new Date('2026-11-27T12:00:00Z');
const T = NOW.getTime() / 1000;
const YAML = `
environments: [staging, production, canary]
targets:
  production:
    kind: webhook
    url: http://127.0.0.1:9/deploy
    secretEnv: STEWARD_WEBHOOK_SECRET
  canary:
    kind: webhook
    url: http://127.0.0.1:9/canary
    secretEnv: CANARY_WEBHOOK_SECRET
`;

let store: InMemoryStore;
let server: RunningHttpServer;
let rx: WebhookReceiver;
let canary: WebhookReceiver;

beforeEach(async () => {
  store = new InMemoryStore();
  const config = configFromYaml(YAML, { STEWARD_WEBHOOK_SECRET: SECRET, CANARY_WEBHOOK_SECRET: CANARY_SECRET });
  const deps = harness({ config, store, clock: new FixedClock(NOW) }).deps;
  server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [deployCallbackRoute(deps)], log: silentLogger });
  rx = await new WebhookReceiver({ secret: SECRET, now: () => NOW.getTime() }).start();
  canary = await new WebhookReceiver({ secret: CANARY_SECRET, now: () => NOW.getTime() }).start();
});
afterEach(async () => {
  await rx.close();
  await canary.close();
  await server.close();
});

async function deployment(environment: string, status: DeploymentStatus): Promise<Deployment> {
  const r = await store.transaction(async (tx) => {
    const m = (await tx.models.byName('fraud-detector')) ?? (await tx.models.create({ name: 'fraud-detector', createdBy: 'cli:ci', createdAt: NOW }))!;
    const v = await tx.versions.create({ modelId: m.id, version: await tx.models.nextVersion(m.id), artifactUri: 's3://models/fraud-detector/7', createdBy: 'cli:ci', createdAt: NOW });
    return ok(await tx.deployments.create({ modelId: m.id, versionId: v.id, environment, kind: 'deploy', status, requestedBy: 'console:alice', requestedAt: NOW, startedAt: status === 'running' ? NOW : null }));
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const statusOf = async (id: number) => (await store.read.deployments.byId(id))!.status;
const auditCount = async () => (await store.read.audit.head())?.seq ?? 0;
/** POST exactly these headers and body bytes to a deployment's callback. */
const replay = async (id: number | string, signed: { headers: Record<string, string>; body: string }) => {
  const res = await fetch(`${server.url}/api/v1/deployments/${id}/callback`, { method: 'POST', headers: signed.headers, body: signed.body });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string; status?: string } };
};

describe('POST /api/v1/deployments/:id/callback', () => {
  it('completes a running deployment when the receiver reports success, signed the documented way', async () => {
    const d = await deployment('production', 'running');
    const r = await rx.callBack(server.url, d.id, { status: 'succeeded', message: 'rolled out to 12 pods', url: 'https://ci.example/runs/9' });
    expect(r).toEqual({ deploymentId: d.id, status: 200, body: { status: 'succeeded' } });
    expect(await statusOf(d.id)).toBe('succeeded');
    const again = await rx.callBack(server.url, d.id, { status: 'succeeded' });
    expect(again).toMatchObject({ status: 200, body: { status: 'succeeded', duplicate: true } });
    const contrary = await rx.callBack(server.url, d.id, { status: 'failed', message: 'oops' });
    expect(contrary).toMatchObject({ status: 409, body: { error: 'conflict', message: `deployment #${d.id} is succeeded, not running: the outcome was already recorded` } });
  });

  it('records a reported failure with the receiver\'s message', async () => {
    const d = await deployment('production', 'running');
    expect((await rx.callBack(server.url, d.id, { status: 'failed', message: 'image pull failed' })).body).toEqual({ status: 'failed' });
    const after = (await store.read.deployments.byId(d.id))!;
    expect(after.status).toBe('failed');
    expect(after.reason).toBe('image pull failed');
  });

  it('works end to end: the target POSTs, the receiver accepts (202) and later calls back', async () => {
    const d = await deployment('production', 'running');
    rx.acceptThenCallBack(server.url, { status: 'succeeded', message: 'done' }, { delayMs: 50 });
    const out = await webhookTarget({ kind: 'webhook', url: rx.url, secret: SECRET, secretEnv: 'STEWARD_WEBHOOK_SECRET', timeoutMs: 5000 }, { now: () => NOW }).start({ ...JOB, deploymentId: d.id });
    expect(out.state).toBe('running');
    await rx.settled();
    expect(rx.callbacks).toEqual([{ deploymentId: d.id, status: 200, body: { status: 'succeeded' } }]);
    expect(JSON.parse(rx.received[0]!.body).deploymentId).toBe(d.id);
    expect(await statusOf(d.id)).toBe('succeeded');
  });

  it('refuses unsigned, stale, future, forged and tampered callbacks with 401, and changes nothing', async () => {
    const d = await deployment('production', 'running');
    const before = await auditCount();
    const attempts = [
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { unsigned: true }),
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { timestamp: T - 301 }),
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { timestamp: T + 3600 }),
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { secret: 'guessed-secret' }),
    ];
    const tampered = await replay(d.id, { headers: { 'content-type': 'application/json', 'x-steward-timestamp': String(T), 'x-steward-signature': `sha256=${'0'.repeat(64)}` }, body: JSON.stringify({ deploymentId: d.id, status: 'failed' }) });
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(tampered.status).toBe(401);
    expect(attempts.map((a) => (a.body as { error: string }).error)).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'unauthorized']);
    expect((attempts[0]!.body as { message: string }).message).toMatch(/X-Steward-Timestamp header is missing/);
    expect((attempts[1]!.body as { message: string }).message).toMatch(/301 s old/);
    expect((attempts[2]!.body as { message: string }).message).toMatch(/3600 s in the future/);
    expect((attempts[3]!.body as { message: string }).message).toMatch(/signature does not match/);
    // 300 s either way is still fresh
    expect((await rx.callBack(server.url, d.id, { status: 'succeeded' }, { timestamp: T - 300 })).status).toBe(200);
    expect(await auditCount()).toBe(before + 1);
  });

  it('refuses a callback signed for one deployment at every other deployment — same environment, another environment with another secret, one without a webhook, unknown ids — and changes nothing', async () => {
    const d1 = await deployment('production', 'running');
    const d2 = await deployment('production', 'running');
    const d3 = await deployment('canary', 'running');
    const d4 = await deployment('staging', 'running');
    const signedForD1 = rx.signedReport(d1.id, { status: 'succeeded' });
    const before = await auditCount();
    for (const other of [d2.id, d3.id, d4.id, 999, 2147483648, 'abc', `0${d1.id}`]) {
      const r = await replay(other, signedForD1);
      expect([other, r.status, r.body.error]).toEqual([other, 401, 'unauthorized']);
      expect(r.body.message).toBe(`this callback is signed for deployment #${d1.id}, not for "${other}": a signed callback reports on the one deployment its body names; send it to /api/v1/deployments/${d1.id}/callback`);
    }
    // a receiver holding canary's secret cannot report on production's deployments, even naming them
    const fromCanary = await canary.callBack(server.url, d2.id, { status: 'failed' });
    expect(fromCanary).toMatchObject({ status: 401, body: { error: 'unauthorized', message: expect.stringMatching(/signature does not match/) } });
    // nor can production's secret report on canary's
    expect((await rx.callBack(server.url, d3.id, { status: 'succeeded' })).status).toBe(401);
    expect(await Promise.all([d1, d2, d3, d4].map((d) => statusOf(d.id)))).toEqual(['running', 'running', 'running', 'running']);
    expect(await auditCount()).toBe(before);
    // each signature still works for its own deployment
    expect((await replay(d1.id, signedForD1)).status).toBe(200);
    expect((await canary.callBack(server.url, d3.id, { status: 'failed', message: 'canary unhealthy' })).status).toBe(200);
    expect(await Promise.all([d1, d2, d3, d4].map((d) => statusOf(d.id)))).toEqual(['succeeded', 'running', 'failed', 'running']);
  });

  it('answers an unsigned or wrongly signed callback with the same 401 whether the deployment exists, has no webhook target, or does not exist', async () => {
    const prod = await deployment('production', 'running');
    const staging = await deployment('staging', 'running');
    const ids = [prod.id, staging.id, 999, 2147483648, 'abc'];
    for (const how of [{ unsigned: true }, { secret: 'guessed-secret' }, { timestamp: T - 3600 }]) {
      const answers = await Promise.all(ids.map((id) => rx.callBack(server.url, id, { status: 'succeeded' }, { ...how, bodyDeploymentId: 1 })));
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    }
    expect(await statusOf(prod.id)).toBe('running');
  });

  it('refuses a signed body that does not name its deployment with 400, and changes nothing', async () => {
    const d = await deployment('production', 'running');
    for (const named of [null, String(d.id), 0, -d.id, d.id + 0.5, [d.id]]) {
      const r = await rx.callBack(server.url, d.id, { status: 'succeeded' }, { bodyDeploymentId: named });
      expect([named, r.status]).toEqual([named, 400]);
      expect((r.body as { message: string }).message).toBe('the signed body must name its deployment: send {"deploymentId": <the id in the path>, "status": "succeeded"|"failed", "message"?: "…", "url"?: "https://…"}');
    }
    expect(await statusOf(d.id)).toBe('running');
  });

  it('answers 404 for an unknown deployment, 400 for a bad body, 413 over 64 KB, 409 when not running (validly signed)', async () => {
    expect(await rx.callBack(server.url, 999, { status: 'succeeded' })).toMatchObject({ status: 404, body: { error: 'not_found', message: 'there is no deployment #999' } });
    expect(await rx.callBack(server.url, 2147483648, { status: 'succeeded' })).toMatchObject({ status: 404, body: { error: 'not_found', message: 'there is no deployment #2147483648' } });
    const d = await deployment('production', 'running');
    expect(await rx.callBack(server.url, d.id, { status: 'done' })).toMatchObject({ status: 400, body: { error: 'bad_input' } });
    expect(await rx.callBack(server.url, d.id, { status: 'failed', message: 'x'.repeat(70_000) })).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    expect(await statusOf(d.id)).toBe('running');
    const approved = await deployment('production', 'approved');
    expect(await rx.callBack(server.url, approved.id, { status: 'succeeded' })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await statusOf(approved.id)).toBe('approved');
  });
});
