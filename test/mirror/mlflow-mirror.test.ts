import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { mlflowWebhookRoute } from '../../src/http/mlflow-webhook-route.js';
import { mlflowClient } from '../../src/mirror/mlflow/mlflow-client.js';
import { syncRegistry } from '../../src/mirror/sync-registry.js';
import { fetchPendingRuns } from '../../src/mirror/fetch-pending-runs.js';
import { startMirrorLoop } from '../../src/mirror/runner/mirror-loop.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { Store } from '../../src/ports/store.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { MlflowStandIn, signMlflowDelivery } from '../fakes/mlflow-stand-in.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { harness } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

/**
 * Steward as the chat and governance front of an MLflow registry, against the MLflow stand-in
 * (REST API 2.0 shapes, webhooks signed and retried as mlflow/webhooks/delivery.py does), over real
 * HTTP on loopback, on PGlite and PostgreSQL.
 */
const TOKEN = 'mlflow-token-0123456789';
const SECRET = 'mlflow-webhook-secret-abcdef';
const EVENTS = ['registered_model.created', 'model_version.created', 'model_version_alias.created', 'model_version_alias.deleted', 'model_version_tag.set'];

const yaml = (url: string, outOfBand: { production: string; staging: string }) => `
roles:
  ml-engineer: [read, register, "deploy:*", subscribe, retrain]
  approver: [read]
members:
  "console:alice": [ml-engineer]
  "console:carol": [approver]
policies:
  production:
    approvals: 1
    approverRoles: [approver]
    outOfBand: ${outOfBand.production}
  staging:
    outOfBand: ${outOfBand.staging}
deploys:
  poll: 30ms
targets:
  production:
    kind: mlflow
    baseUrl: ${url}
    tokenEnv: MLFLOW_TOKEN
    alias: champion
training:
  fraud-detector:
    pipeline: { kind: record }
registry:
  kind: mlflow
  url: ${url}
  tokenEnv: MLFLOW_TOKEN
  webhookSecretEnv: MLFLOW_WEBHOOK_SECRET
  models: ["fraud-*", "Fraud Scorer"]
  aliases:
    production: champion
    staging: challenger
`;

const until = async (what: string, cond: () => Promise<boolean> | boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(drivers())('MLflow as the system of record, on %s', (driver) => {
  let db: TestDatabase;
  let mlflow: MlflowStandIn;
  let server: RunningHttpServer | null = null;
  const clock = new FixedClock(new Date());

  beforeEach(async () => {
    clock.set(new Date());
    db = await freshDatabase(driver);
    mlflow = await new MlflowStandIn({ token: TOKEN, retryBaseMs: 5, now: () => clock.now().getTime() }).start();
  });
  afterEach(async () => {
    await mlflow.close();
    await server?.close();
    server = null;
    await db.close();
  });

  async function setup(outOfBand = { production: 'revert', staging: 'accept' }, store?: Store) {
    const config = configFromYaml(yaml(mlflow.url, outOfBand), { MLFLOW_TOKEN: TOKEN, MLFLOW_WEBHOOK_SECRET: SECRET });
    const h = harness({ store: store ?? drizzleStore(db.db), config, clock, executor: { runner: { pollMs: 30 } } });
    const source = mlflowClient(config.registry!);
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [mlflowWebhookRoute({ store: h.store, clock, log: silentLogger, config, source })], log: silentLogger });
    const hookUrl = `${server.url}/api/v1/mlflow/webhook`;
    mlflow.addWebhook({ url: hookUrl, secret: SECRET, events: EVENTS });
    expect((await h.say('subscribe * registered deployed out_of_band')).error).toBeUndefined();
    const deps = { store: h.store, clock, config, source };
    return { h, deps, hookUrl };
  }
  const audit = async (store: Store, action: string) => (await store.read.audit.scan(0, 10_000)).filter((e) => e.action === action);
  const posted = (h: ReturnType<typeof harness>, title: RegExp) => h.publisher.posts.filter((p) => title.test(p.reply.title ?? ''));
  const model = async (store: Store) => (await store.read.models.byName('fraud-detector'))!;

  it('register in MLflow -> card in chat -> approval -> alias set in MLflow -> its webhook echo recognised; retries change nothing', async () => {
    const { h, hookUrl } = await setup();
    mlflow.addRun('run-1', { metrics: { auc: 0.91, f1: 0.72 }, params: { max_depth: '6' }, userId: 'dana' });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model', runId: 'run-1', description: 'baseline xgboost' });
    await mlflow.settled();
    const v1 = (await h.store.read.versions.get((await model(h.store)).id, 1))!;
    expect(v1).toMatchObject({ version: 1, artifactUri: 's3://ml/fraud/1/model', metrics: { auc: 0.91, f1: 0.72 }, params: { max_depth: '6' }, createdBy: 'mlflow:dana' });
    expect(posted(h, /fraud-detector v1 registered/)).toHaveLength(1);

    // MLflow's retries (same delivery id, same bytes), and a second replica getting it, change nothing
    const d = mlflow.deliveries.find((x) => x.event === 'model_version.created')!;
    for (let i = 0; i < 3; i++) {
      const r = await fetch(hookUrl, { method: 'POST', headers: d.headers, body: d.body });
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ result: 'duplicate' });
    }
    expect(await audit(h.store, 'version.registered')).toHaveLength(1);
    expect((await model(h.store)).latestVersion).toBe(1);

    // governance as for any version: a request waits for carol, then the alias moves in MLflow
    const req = await h.say('deploy fraud-detector 1 to production');
    expect(req.error).toBeUndefined();
    const id = (await h.store.read.deployments.history((await model(h.store)).id, 'production', 1))[0]!.id;
    expect(mlflow.alias('fraud-detector', 'champion')).toBeUndefined();
    expect((await h.say(`approve ${id}`, 'carol')).error).toBeUndefined();
    await until('the deployment to succeed', async () => (await h.store.read.deployments.byId(id))!.status === 'succeeded');
    expect(mlflow.alias('fraud-detector', 'champion')).toBe('1');
    await mlflow.settled();
    // the echo of Steward's own alias change is no out-of-band change
    expect(mlflow.deliveries.some((x) => x.event === 'model_version_alias.created' && x.status === 200)).toBe(true);
    expect(await audit(h.store, 'mlflow.out_of_band')).toHaveLength(0);
    expect(posted(h, /Changed outside Steward/)).toHaveLength(0);
  });

  it('an alias moved in MLflow outside Steward: one alert and one audit event; under revert it is pointed back', async () => {
    const { h } = await setup({ production: 'revert', staging: 'alert' });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model' });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/2/model' });
    await mlflow.settled();
    const id = (await h.say('deploy fraud-detector 1 to production')).data as { id?: number } | undefined;
    const dep = id?.id ?? (await h.store.read.deployments.history((await model(h.store)).id, 'production', 1))[0]!.id;
    await h.say(`approve ${dep}`, 'carol');
    await until('v1 live in production', async () => (await h.store.read.deployments.byId(dep))!.status === 'succeeded');
    await mlflow.settled();

    mlflow.setAlias('fraud-detector', 'champion', 2); // someone promotes v2 in the MLflow UI
    await mlflow.settled();
    await until('the revert', () => mlflow.alias('fraud-detector', 'champion') === '1');
    await mlflow.settled();
    const oob = await audit(h.store, 'mlflow.out_of_band');
    expect(oob).toHaveLength(1);
    expect(oob[0]!.details).toMatchObject({ environment: 'production', alias: 'champion', from: 1, to: 2, approved: 1, action: 'revert' });
    expect(oob[0]!.actor).toBe('mlflow:unknown');
    expect(await audit(h.store, 'mlflow.alias_reverted')).toHaveLength(1);
    expect(posted(h, /Changed outside Steward: fraud-detector in production/)).toHaveLength(2); // the alert, then "pointed back"
    expect(h.publisher.posts.map((p) => JSON.stringify(p.reply)).join('\n')).toMatch(/Pointed alias `champion` back to v1/);
    // still v1 live in Steward
    expect((await h.store.read.deployments.liveAt((await model(h.store)).id, 'production'))!.version).toBe(1);

    // alert (staging's policy here): recorded and told, the alias left where it is
    mlflow.setAlias('fraud-detector', 'challenger', 2);
    await mlflow.settled();
    expect(await audit(h.store, 'mlflow.out_of_band')).toHaveLength(2);
    expect(mlflow.alias('fraud-detector', 'challenger')).toBe('2');
    expect(await h.store.read.deployments.liveAt((await model(h.store)).id, 'staging')).toBeNull();
    expect(posted(h, /Changed outside Steward: fraud-detector in staging/)).toHaveLength(1);
    // seen again by reconciliation: already known, no second alert
    const again = await syncRegistry({ store: h.store, clock, config: h.config, source: mlflowClient(h.config.registry!) });
    expect(again.ok && again.value.outOfBand).toEqual([]);
    expect(posted(h, /Changed outside Steward: fraud-detector in staging/)).toHaveLength(1);
  });

  it('an environment with an alias and no target of its own deploys by moving the alias', async () => {
    const { h } = await setup();
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model' });
    await mlflow.settled();
    expect((await h.say('deploy fraud-detector 1 to staging')).error).toBeUndefined();
    const d = (await h.store.read.deployments.history((await model(h.store)).id, 'staging', 1))[0]!;
    await until('the staging deployment', async () => (await h.store.read.deployments.byId(d.id))!.status === 'succeeded');
    expect(mlflow.alias('fraud-detector', 'challenger')).toBe('1');
    await mlflow.settled();
    expect(await audit(h.store, 'mlflow.out_of_band')).toHaveLength(0);
    expect((await h.store.read.deployments.byId(d.id))!.target).toBe('mlflow');
  });

  it('a retrain ends when its pipeline registers in MLflow with the training run tag; registering in Steward is refused', async () => {
    const { h } = await setup();
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model' });
    await mlflow.settled();
    const refused = await h.say('register fraud-detector s3://ml/fraud/2/model');
    expect(refused.error).toBe('conflict');
    expect(refused.out).toMatch(/mirrored from MLflow .*register its versions in MLflow/);
    const r = await h.say('retrain fraud-detector --reason "amount drifted"');
    expect(r.error).toBeUndefined();
    const run = (await h.store.read.trainingRuns.open())[0]!;
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/2/model', tags: { 'steward.training_run': String(run.id) } });
    await mlflow.settled();
    expect(await h.store.read.trainingRuns.byId(run.id)).toMatchObject({ status: 'registered', registeredVersion: 2 });
    expect((await h.store.read.versions.get((await model(h.store)).id, 2))!.trainingRunId).toBe(run.id);
  });

  it('a model whose MLflow name is not a Steward name is mirrored under its slug, and deploys under its MLflow name', async () => {
    const { h } = await setup();
    mlflow.createVersion('Fraud Scorer', { source: 's3://ml/scorer/1' });
    await mlflow.settled();
    const m = (await h.store.read.models.byName('fraud-scorer'))!;
    expect((await h.store.read.mirror.modelOf(m.id))!.mlflowName).toBe('Fraud Scorer');
    expect((await h.say('deploy fraud-scorer 1 to staging')).error).toBeUndefined();
    const d = (await h.store.read.deployments.history(m.id, 'staging', 1))[0]!;
    await until('the staging deployment', async () => (await h.store.read.deployments.byId(d.id))!.status === 'succeeded');
    expect(mlflow.alias('Fraud Scorer', 'challenger')).toBe('1');
  });

  it('under accept, an out-of-band move is recorded as a deployment', async () => {
    const { h } = await setup({ production: 'revert', staging: 'accept' });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model' });
    await mlflow.settled();
    mlflow.setAlias('fraud-detector', 'challenger', 1);
    await mlflow.settled();
    const live = (await h.store.read.deployments.liveAt((await model(h.store)).id, 'staging'))!;
    expect(live).toMatchObject({ version: 1, status: 'succeeded', requestedBy: 'mlflow:unknown' });
    expect(await audit(h.store, 'mlflow.out_of_band')).toHaveLength(1);
    expect(await audit(h.store, 'deploy.recorded')).toHaveLength(1);
    expect(mlflow.alias('fraud-detector', 'challenger')).toBe('1');
  });

  it('forged, stale, malformed and unknown deliveries: 401/400/200, and nothing written on a refusal', async () => {
    const { h, hookUrl } = await setup();
    const body = JSON.stringify({ entity: 'model_version', action: 'created', timestamp: new Date().toISOString(), data: { name: 'fraud-detector', version: '1', source: 's3://x', run_id: null, tags: {}, description: null } });
    const post = (b: string, headers: Record<string, string>) => fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });
    const now = Math.floor(clock.now().getTime() / 1000);
    const before = (await h.store.read.audit.scan(0, 10_000)).length;
    expect((await post(body, signMlflowDelivery('not-the-secret', body, { timestamp: now }))).status).toBe(401);
    expect((await post(body, signMlflowDelivery(SECRET, body, { timestamp: now - 301 }))).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    const tampered = signMlflowDelivery(SECRET, body, { timestamp: now });
    expect((await post(body.replace('s3://x', 's3://y'), tampered)).status).toBe(401);
    expect((await post('{not json', signMlflowDelivery(SECRET, '{not json', { timestamp: now }))).status).toBe(400);
    const noData = JSON.stringify({ entity: 'model_version', action: 'created', timestamp: 'x', data: { name: 'fraud-detector' } });
    const r400 = await post(noData, signMlflowDelivery(SECRET, noData, { timestamp: now }));
    expect(r400.status).toBe(400);
    expect(((await r400.json()) as { message: string }).message).toMatch(/data\.version/);
    expect(await h.store.read.models.byName('fraud-detector')).toBeNull();
    expect((await h.store.read.audit.scan(0, 10_000)).length).toBe(before);
    // a prompt event, and a model not in registry.models: acknowledged, ignored
    for (const b of [JSON.stringify({ entity: 'prompt', action: 'created', timestamp: 'x', data: { name: 'p' } }), body.replace('fraud-detector', 'churn-model')]) {
      const r = await post(b, signMlflowDelivery(SECRET, b, { timestamp: now }));
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ result: 'ignored' });
    }
    // the good one, replayed after it was handled, is a duplicate
    const good = signMlflowDelivery(SECRET, body, { timestamp: now, deliveryId: '5f0c7e4e-1111-4c3b-9c1a-2b3c4d5e6f70' });
    expect(await (await post(body, good)).json()).toMatchObject({ result: 'mirrored' });
    expect(await (await post(body, good)).json()).toMatchObject({ result: 'duplicate' });
    expect(await audit(h.store, 'version.registered')).toHaveLength(1);
  });

  it('one delivery reaching two replicas at once creates exactly one version', async () => {
    const { h, deps } = await setup();
    const other = harness({ store: drizzleStore(db.db), config: deps.config, clock });
    const second = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [mlflowWebhookRoute({ store: other.store, clock, log: silentLogger, config: deps.config, source: deps.source })], log: silentLogger });
    try {
      const body = JSON.stringify({ entity: 'model_version', action: 'created', timestamp: new Date().toISOString(), data: { name: 'fraud-detector', version: '4', source: 's3://ml/fraud/4', run_id: null, tags: {}, description: null } });
      const headers = { 'content-type': 'application/json', ...signMlflowDelivery(SECRET, body, { timestamp: Math.floor(clock.now().getTime() / 1000) }) };
      const urls = [`${server!.url}/api/v1/mlflow/webhook`, `${second.url}/api/v1/mlflow/webhook`];
      const answers = await Promise.all([...urls, ...urls].map((u) => fetch(u, { method: 'POST', headers, body }).then(async (r) => [r.status, ((await r.json()) as { result: string }).result])));
      expect(answers.map((a) => a[0])).toEqual([200, 200, 200, 200]);
      expect(answers.filter((a) => a[1] === 'mirrored')).toHaveLength(1);
      expect(await audit(h.store, 'version.registered')).toHaveLength(1);
      expect((await model(h.store)).latestVersion).toBe(4);
    } finally {
      await second.close();
    }
  });

  it('MLflow down during a webhook: the version is recorded, its run metrics fetched later', async () => {
    const { h, deps } = await setup();
    mlflow.addRun('run-7', { metrics: { auc: 0.93 } });
    mlflow.failPath('runs/get', 503, 1);
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model', runId: 'run-7' });
    await mlflow.settled();
    const m = await model(h.store);
    expect((await h.store.read.versions.get(m.id, 1))!.metrics).toEqual({});
    expect((await h.store.read.mirror.versions(m.id))[0]).toMatchObject({ runId: 'run-7', runPending: true });
    expect(await fetchPendingRuns(deps)).toBe(1);
    expect((await h.store.read.versions.get(m.id, 1))!.metrics).toEqual({ auc: 0.93 });
    expect(await fetchPendingRuns(deps)).toBe(0);
  });

  it('webhooks lost while Steward is down are found by reconciliation, which converges', async () => {
    const { h, deps } = await setup({ production: 'alert', staging: 'alert' });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model' });
    await mlflow.settled();
    mlflow.webhooksDown = true;
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/2/model' });
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/3/model' });
    mlflow.setAlias('fraud-detector', 'champion', 3);
    mlflow.deleteVersion('fraud-detector', 1);
    mlflow.webhooksDown = false;
    const first = await syncRegistry(deps);
    expect(first.ok && first.value).toMatchObject({ models: 1, added: ['fraud-detector v2', 'fraud-detector v3'], deleted: ['fraud-detector v1'], outOfBand: ['fraud-detector champion -> v3'], problems: [] });
    const m = await model(h.store);
    expect((await h.store.read.mirror.versions(m.id)).map((v) => [v.version, v.deletedAt !== null])).toEqual([[1, true], [2, false], [3, false]]);
    expect(await h.store.read.versions.get(m.id, 1)).not.toBeNull(); // marked, never deleted from history
    expect((await h.say('deploy fraud-detector 1 to staging')).out).toMatch(/v1 was deleted in MLflow/);
    expect((await h.say('versions fraud-detector')).out).toMatch(/v1 \(deleted in MLflow\)/);
    expect((await h.say('model fraud-detector')).out).toMatch(/MLflow "fraud-detector"/);
    const second = await syncRegistry(deps);
    expect(second.ok && second.value).toMatchObject({ added: [], deleted: [], outOfBand: [], baseline: [], linked: [] });
    expect(await audit(h.store, 'mlflow.out_of_band')).toHaveLength(1);
  });

  it('the periodic reconciliation runs on one replica per period', async () => {
    const { h, deps } = await setup();
    mlflow.webhooksDown = true;
    mlflow.createVersion('fraud-detector', { source: 's3://ml/fraud/1/model' });
    const before = mlflow.requests.filter((r) => r.path.endsWith('registered-models/search')).length;
    const loops = [startMirrorLoop({ ...deps, log: silentLogger }, 'replica-a'), startMirrorLoop({ ...deps, store: drizzleStore(db.db), log: silentLogger }, 'replica-b')];
    await Promise.all(loops.map((l) => l.stop()));
    expect(mlflow.requests.filter((r) => r.path.endsWith('registered-models/search')).length - before).toBe(1);
    expect((await model(h.store)).latestVersion).toBe(1);
  });

  it('steward mlflow import pages through MLflow and mirrors versions and alias positions; importing twice changes nothing', async () => {
    const paged = await new MlflowStandIn({ token: TOKEN, pageSize: 2, now: () => clock.now().getTime() }).start();
    try {
      for (const name of ['fraud-detector', 'fraud-scorer', 'churn-model']) for (let i = 1; i <= 3; i++) paged.createVersion(name, { source: `s3://ml/${name}/${i}` });
      paged.setAlias('fraud-detector', 'champion', 2);
      paged.setAlias('fraud-scorer', 'challenger', 3);
      const config = configFromYaml(yaml(paged.url, { production: 'alert', staging: 'alert' }), { MLFLOW_TOKEN: TOKEN, MLFLOW_WEBHOOK_SECRET: SECRET });
      const store = drizzleStore(db.db);
      const deps = { store: harness({ store, config, clock }).store, clock, config, source: mlflowClient(config.registry!) };
      const first = await syncRegistry(deps);
      expect(first.ok && first.value).toMatchObject({ models: 2, added: ['fraud-detector v1', 'fraud-detector v2', 'fraud-detector v3', 'fraud-scorer v1', 'fraud-scorer v2', 'fraud-scorer v3'], baseline: ['fraud-detector champion -> v2', 'fraud-scorer challenger -> v3'], outOfBand: [] });
      expect((await store.read.deployments.liveAt((await model(store)).id, 'production'))!.version).toBe(2);
      expect(await store.read.models.byName('churn-model')).toBeNull();
      const auditCount = (await store.read.audit.scan(0, 10_000)).length;
      const second = await syncRegistry(deps);
      expect(second.ok && second.value).toMatchObject({ models: 2, added: [], deleted: [], baseline: [], outOfBand: [], linked: [] });
      expect((await store.read.audit.scan(0, 10_000)).length).toBe(auditCount);
      expect(paged.requests.some((r) => r.query.page_token)).toBe(true);
    } finally {
      await paged.close();
    }
  });
});
