import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDeps } from '../../src/app/build-deps.js';
import { silentLogger } from '../../src/commands/command-context.js';
import type { Deployment, DeploymentStatus } from '../../src/core/deploy/deployment.js';
import { ok } from '../../src/core/result.js';
import { deployCallbackRoute } from '../../src/http/deploy-callback-route.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { webhookTarget } from '../../src/targets/webhook-target.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { RecordingExecutor } from '../fakes/recording-executor.js';
import { RecordingPublisher } from '../fakes/recording-publisher.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { configFromYaml } from '../helpers/test-config.js';
import { JOB } from './target-fixtures.js';

const SECRET = 'whsec_callback_secret';
const YAML = `
targets:
  production:
    kind: webhook
    url: http://127.0.0.1:9/deploy
    secretEnv: STEWARD_WEBHOOK_SECRET
`;

let store: InMemoryStore;
let server: RunningHttpServer;
let rx: WebhookReceiver;

beforeEach(async () => {
  store = new InMemoryStore();
  const config = configFromYaml(YAML, { STEWARD_WEBHOOK_SECRET: SECRET });
  const deps = buildDeps({ config, store, clock: new FixedClock(new Date()), log: silentLogger, publisher: new RecordingPublisher(), executor: new RecordingExecutor() });
  server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [deployCallbackRoute(deps)], log: silentLogger });
  rx = await new WebhookReceiver({ secret: SECRET }).start();
});
afterEach(async () => {
  await rx.close();
  await server.close();
});

async function deployment(environment: string, status: DeploymentStatus): Promise<Deployment> {
  const r = await store.transaction(async (tx) => {
    const m = (await tx.models.byName('fraud-detector')) ?? (await tx.models.create({ name: 'fraud-detector', createdBy: 'cli:ci', createdAt: new Date() }))!;
    const v = await tx.versions.create({ modelId: m.id, version: await tx.models.nextVersion(m.id), artifactUri: 's3://models/fraud-detector/7', createdBy: 'cli:ci', createdAt: new Date() });
    return ok(await tx.deployments.create({ modelId: m.id, versionId: v.id, environment, kind: 'deploy', status, requestedBy: 'console:alice', requestedAt: new Date(), startedAt: status === 'running' ? new Date() : null }));
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const statusOf = async (id: number) => (await store.read.deployments.byId(id))!.status;
const auditCount = async () => (await store.read.audit.head())?.seq ?? 0;

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
    const out = await webhookTarget({ kind: 'webhook', url: rx.url, secret: SECRET, secretEnv: 'STEWARD_WEBHOOK_SECRET', timeoutMs: 5000 }).start({ ...JOB, deploymentId: d.id });
    expect(out.state).toBe('running');
    await rx.settled();
    expect(rx.callbacks).toEqual([{ deploymentId: d.id, status: 200, body: { status: 'succeeded' } }]);
    expect(await statusOf(d.id)).toBe('succeeded');
  });

  it('refuses unsigned, stale, future, forged and tampered callbacks with 401, and changes nothing', async () => {
    const d = await deployment('production', 'running');
    const before = await auditCount();
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { unsigned: true }),
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { timestamp: now - 301 }),
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { timestamp: now + 3600 }),
      await rx.callBack(server.url, d.id, { status: 'succeeded' }, { secret: 'guessed-secret' }),
    ];
    const tampered = await fetch(`${server.url}/api/v1/deployments/${d.id}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-steward-timestamp': String(now), 'x-steward-signature': `sha256=${'0'.repeat(64)}` },
      body: JSON.stringify({ status: 'failed' }),
    });
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(tampered.status).toBe(401);
    expect(attempts.map((a) => (a.body as { error: string }).error)).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'unauthorized']);
    expect((attempts[0]!.body as { message: string }).message).toMatch(/X-Steward-Timestamp header is missing/);
    expect((attempts[1]!.body as { message: string }).message).toMatch(/301 s old/);
    expect((attempts[2]!.body as { message: string }).message).toMatch(/3600 s in the future/);
    expect((attempts[3]!.body as { message: string }).message).toMatch(/signature does not match/);
    expect(await statusOf(d.id)).toBe('running');
    expect(await auditCount()).toBe(before);
  });

  it('answers 404 for an unknown deployment or one whose environment has no webhook, 400 for a bad body, 409 when not running', async () => {
    expect(await rx.callBack(server.url, 999, { status: 'succeeded' })).toMatchObject({ status: 404, body: { error: 'not_found', message: 'there is no deployment #999' } });
    expect((await fetch(`${server.url}/api/v1/deployments/abc/callback`, { method: 'POST', body: '{}' })).status).toBe(404);
    const staging = await deployment('staging', 'running');
    expect(await rx.callBack(server.url, staging.id, { status: 'succeeded' })).toMatchObject({ status: 404, body: { message: `deployment #${staging.id} goes to staging, which has no webhook target: nothing calls back there` } });
    const d = await deployment('production', 'running');
    expect(await rx.callBack(server.url, d.id, { status: 'done' })).toMatchObject({ status: 400, body: { error: 'bad_input' } });
    expect(await statusOf(d.id)).toBe('running');
    const approved = await deployment('production', 'approved');
    expect(await rx.callBack(server.url, approved.id, { status: 'succeeded' })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await statusOf(approved.id)).toBe('approved');
  });
});
