import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { deployCallbackRoute } from '../../src/http/deploy-callback-route.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { silentLogger } from '../../src/ports/logger.js';
import { buildTargets } from '../../src/deploy/targets/build-targets.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { HEX64 } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

const SECRET = 'whsec-test-0123456789';
const yaml = (url: string) => `
members:
  "console:*": [admin]
targets:
  staging:
    kind: webhook
    url: ${url}
    secretEnv: STEWARD_WEBHOOK_SECRET
    timeout: 1s
`;
const id = (r: { data?: unknown }) => (r.data as { id: number }).id;

describe('deploying through a signed webhook (real HTTP on loopback)', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  let steward: RunningHttpServer | null = null;
  beforeEach(async () => {
    db = await freshDatabase('pglite');
    receiver = await new WebhookReceiver({ secret: SECRET }).start();
  });
  afterEach(async () => {
    await receiver.close();
    await steward?.close();
    steward = null;
    await db.close();
  });

  async function setup(deadlineMs = 3_000) {
    const config = configFromYaml(yaml(receiver.url), { STEWARD_WEBHOOK_SECRET: SECRET });
    const h = deployHarness({ store: drizzleStore(db.db), config, target: buildTargets(config)('staging'), runner: { deadlineMs: () => deadlineMs } });
    for (const v of [1, 2]) await h.say(`register fraud-detector s3://m/${v} --sha256 ${HEX64(String(v))}`);
    return h;
  }

  it('answers 500 twice, then 200: succeeded after 3 attempts, every request signed with the same idempotency key', async () => {
    receiver.failTimes(2);
    const h = await setup();
    const req = await h.say('deploy fraud-detector 1 to staging');
    await h.runner.idle();
    const d = (await h.deps.store.read.deployments.byId(id(req)))!;
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((r) => r.signatureOk)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`steward-deployment-${d.id}`]));
    expect(receiver.received[0]!.json).toEqual({ deploymentId: d.id, model: 'fraud-detector', version: 1, artifactUri: 's3://m/1', sha256: HEX64('1'), environment: 'staging', requestedBy: 'console:alice', approvedBy: [], rollback: false });
  });

  it('a receiver that never answers: failed within the deadline, lock released, [Retry] and rollback offered', async () => {
    const h = await setup(1_500);
    await h.say('deploy fraud-detector 1 to staging');
    await h.runner.idle();
    receiver.hang();
    const t0 = Date.now();
    const req = await h.say('deploy fraud-detector 2 to staging');
    await h.runner.idle();
    expect(Date.now() - t0).toBeLessThan(4_000);
    const d = (await h.deps.store.read.deployments.byId(id(req)))!;
    expect(d.status).toBe('failed');
    expect(d.reason).toMatch(/before the deadline/);
    expect(d.attempts).toBeGreaterThanOrEqual(1);
    expect(await h.deps.store.read.deployments.open()).toEqual([]);
    const card = (await h.deps.cards.render({ kind: 'deployment', id: String(d.id) }))!;
    expect(card.buttons?.map((b) => b.label)).toEqual(['Retry', 'Rollback to v1']);
  });

  it('a 4xx fails at once with the receiver’s own message', async () => {
    receiver.answerWith(422, { error: 'artifact s3://m/1 is not in the allow-list' });
    const h = await setup();
    const d = id(await h.say('deploy fraud-detector 1 to staging'));
    await h.runner.idle();
    expect((await h.deps.store.read.deployments.byId(d))!).toMatchObject({ status: 'failed', attempts: 1, reason: expect.stringContaining('artifact s3://m/1 is not in the allow-list') });
  });

  it('accepted (202), then completed by the receiver’s signed callback to Steward', async () => {
    const h = await setup(5_000);
    steward = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [deployCallbackRoute(h.deps)], log: silentLogger });
    receiver.acceptThenCallBack(steward.url, { status: 'succeeded', message: 'rolled out to 12 pods', url: 'https://argo/app/fd' }, { delayMs: 150 });
    const d = id(await h.say('deploy fraud-detector 1 to staging'));
    await h.runner.idle();
    await receiver.settled();
    expect(receiver.callbacks).toEqual([{ deploymentId: d, status: 200, body: { status: 'succeeded' } }]);
    expect((await h.deps.store.read.deployments.byId(d))!).toMatchObject({ status: 'succeeded', targetUrl: 'https://argo/app/fd' });
    // a forged callback changes nothing
    const forged = await receiver.callBack(steward.url, d, { status: 'failed' }, { secret: 'wrong' });
    expect(forged.status).toBe(401);
    expect((await h.deps.store.read.deployments.byId(d))!.status).toBe('succeeded');
  });

  it('answers 404, not 500, for deployment ids beyond PostgreSQL integers (2^31 and up), signed or not', async () => {
    const h = await setup();
    steward = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [deployCallbackRoute(h.deps)], log: silentLogger });
    for (const big of [2147483648, 4294967296, 999999999999]) {
      expect(await receiver.callBack(steward.url, big, { status: 'succeeded' })).toMatchObject({ status: 404, body: { error: 'not_found', message: `there is no deployment #${big}` } });
      expect((await receiver.callBack(steward.url, big, { status: 'succeeded' }, { unsigned: true })).status).toBe(401);
    }
    expect((await receiver.callBack(steward.url, 2147483647, { status: 'succeeded' })).status).toBe(404);
  });
});
