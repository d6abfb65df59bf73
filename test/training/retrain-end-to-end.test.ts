import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { type RunningHttpServer, startHttpServer } from '../../src/http/http-server.js';
import { trainingCallbackRoute } from '../../src/http/training-callback-route.js';
import { silentLogger } from '../../src/ports/logger.js';
import { ok } from '../../src/core/result.js';
import type { Actor } from '../../src/governance/domain/actor.js';
import type { TrainingRun } from '../../src/training/domain/training-run.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { GitHubStandIn } from '../fakes/github-stand-in.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { harness, HEX64 } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

const TOKEN = 'ghp_training_token_0123456789';
const SECRET = 'whsec_training_secret_0123';
const CI: Actor = { platform: 'cli', id: 'ci', displayName: 'ci' };
const INPUTS = ['model', 'from_version', 'reason', 'trigger', 'training_run_id'];

const yaml = (apiUrl: string, hookUrl: string) => `
roles:
  ml-engineer: [read, register, retrain, "deploy:*"]
  approver: [read]
members:
  "console:alice": [ml-engineer]
  "console:bob": [viewer]
  "console:carol": [approver]
  "cli:ci": [pipeline]
policies:
  production:
    approvals: 1
    approverRoles: [approver]
deploys:
  poll: 40ms
training:
  fraud-detector:
    pipeline:
      kind: github-actions
      apiUrl: ${apiUrl}
      repo: acme/ml-training
      workflow: retrain.yml
      ref: main
      tokenEnv: GH_TRAINING_TOKEN
  credit-risk-scorer:
    pipeline:
      kind: webhook
      url: ${hookUrl}
      secretEnv: TRAINING_WEBHOOK_SECRET
`;

const runOf = (r: { data?: unknown }) => (r.data as { id: number }).id;

describe.each(drivers())('retraining end to end on %s (real HTTP on loopback)', (driver) => {
  let db: TestDatabase;
  let gh: GitHubStandIn;
  let rx: WebhookReceiver;
  let server: RunningHttpServer | null = null;
  const clock = new FixedClock(new Date());
  beforeEach(async () => {
    clock.set(new Date());
    db = await freshDatabase(driver);
    gh = await new GitHubStandIn({ token: TOKEN, repo: 'acme/ml-training', workflows: { 'retrain.yml': { id: 77, name: 'Retrain', inputs: INPUTS } }, runName: (i) => `steward training run ${i.training_run_id}` }).start();
    rx = await new WebhookReceiver({ secret: SECRET, path: '/train', now: () => clock.now().getTime() }).start();
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    await gh.close();
    await rx.close();
    await db.close();
  });

  async function setup(model: string) {
    const config = configFromYaml(yaml(gh.apiUrl, rx.url), { GH_TRAINING_TOKEN: TOKEN, TRAINING_WEBHOOK_SECRET: SECRET });
    const h = harness({ store: drizzleStore(db.db), config, clock });
    for (let v = 1; v <= 6; v++) expect((await h.say(`register ${model} s3://models/${model}/${v}.pkl --sha256 ${HEX64(String(v))} --metric auc=0.9${v}`)).error).toBeUndefined();
    return h;
  }
  const run = async (h: ReturnType<typeof harness>, id: number) => (await h.store.read.trainingRuns.byId(id)) as TrainingRun;
  const until = async (f: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await f()); i++) await new Promise((r) => setTimeout(r, 20));
  };
  const auditActions = async (h: ReturnType<typeof harness>, id: number) => (await h.store.read.audit.recent({ target: `training:${id}`, limit: 50 })).map((e) => e.action).reverse();

  it('GitHub Actions: [Retrain] on a drift alert -> workflow_dispatch with the documented inputs -> register --trigger -> "retrained from v6 because …" on the deploy request', async () => {
    const h = await setup('fraud-detector');
    const alert = await h.store.transaction(async (tx) => ok(await tx.alerts.create({ kind: 'drift', model: 'fraud-detector', environment: 'production', feature: 'amount', tier: 'critical', dedupKey: 'drift:fraud-detector:production:amount:critical', headline: '40% of features drifted; worst: **amount** (KS 0.31).', details: {}, createdAt: clock.now() })));
    if (!alert.ok) throw new Error(alert.error.message);
    const alertCard = (await h.deps.cards.render({ kind: 'alert', id: String(alert.value.id) }))!;
    const button = alertCard.buttons!.find((b) => b.label === 'Retrain')!;
    expect(button.action).toEqual({ v: 1, a: 'retrain', id: `alert:${alert.value.id}` });

    // refused without the grant, and nothing is recorded
    const refused = await h.click(button.action, 'bob');
    expect(refused.error).toBe('forbidden');
    expect(refused.out).toMatch(/needs a role that grants `?retrain/);
    expect(await h.store.read.trainingRuns.open()).toEqual([]);
    expect(gh.dispatched()).toEqual([]);

    const card = await h.click(button.action, 'alice');
    expect(card.error).toBeUndefined();
    expect(card.title).toBe('Retrain fraud-detector from v6');
    const id = runOf(card);
    await until(async () => (await run(h, id)).targetRef !== null && /^\d+$/.test((await run(h, id)).targetRef!));
    const [dispatched] = gh.dispatched();
    expect(dispatched!.inputs).toEqual({ model: 'fraud-detector', from_version: '6', reason: `drift alert #${alert.value.id} in production: 40% of features drifted; worst: amount (KS 0.31).`, trigger: `alert:${alert.value.id}`, training_run_id: String(id) });
    expect(gh.requests.find((r) => r.method === 'POST')!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(await run(h, id)).toMatchObject({ status: 'running', targetUrl: dispatched!.html_url });
    expect((await h.deps.cards.render({ kind: 'training', id: String(id) }))!.blocks.map((b) => JSON.stringify(b)).join(' ')).toMatch(/Running since/);

    // the workflow trains, registers its result with --trigger, then concludes
    const reg = await h.say(`register fraud-detector s3://models/fraud-detector/7.pkl --sha256 ${HEX64('7')} --metric auc=0.97 --trigger ${id}`, CI);
    expect(reg.error).toBeUndefined();
    expect(reg.data).toMatchObject({ version: 7, trainingRun: id });
    gh.setRun(dispatched!.id, { status: 'completed', conclusion: 'success' });
    await h.steward.training!.idle();
    expect(await run(h, id)).toMatchObject({ status: 'registered', registeredVersion: 7 });
    const done = (await h.deps.cards.render({ kind: 'training', id: String(id) }))!;
    expect(done.tone).toBe('success');
    expect(JSON.stringify(done.blocks)).toContain('New version registered: v7');

    // the version's lineage, on the model and on its approval card
    expect((await h.say('model fraud-detector')).out).toContain(`retrained from v6 because drift alert #${alert.value.id} in production`);
    const deploy = await h.say('deploy fraud-detector 7 to production --reason "retrained on fresh data"');
    expect(deploy.error).toBeUndefined();
    expect(deploy.out).toContain(`v7 retrained from v6 because drift alert #${alert.value.id} in production: 40% of features drifted; worst: amount (KS 0.31). (training run #${id})`);
    expect(deploy.data).toMatchObject({ status: 'awaiting_approval', lineage: { trainingRun: id, fromVersion: 6, alertId: alert.value.id } });

    // audited, start to end
    expect(await auditActions(h, id)).toEqual(['training.requested', 'training.approved', 'training.started', 'training.progress', 'training.registered']);
    const registered = (await h.store.read.audit.recent({ target: 'model:fraud-detector', limit: 1 }))[0]!;
    expect(registered).toMatchObject({ action: 'version.registered', actor: 'cli:ci', details: { version: 7, trainingRun: id, retrainedFrom: 6 } });
  });

  it('signed webhook: /mlops retrain -> signed POST with the documented body -> signed callback -> register --trigger; a forged callback changes nothing', async () => {
    const h = await setup('credit-risk-scorer');
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [trainingCallbackRoute(h.deps)], log: silentLogger });
    rx.answerWith(202, { status: 'accepted', url: 'https://ci.example/training/41' });
    const card = await h.say('retrain credit-risk-scorer --reason "approval-rate gap between groups widened"');
    expect(card.error).toBeUndefined();
    const id = runOf(card);
    await until(async () => (await run(h, id)).targetUrl !== null);
    expect(rx.received).toHaveLength(1);
    const [req] = rx.received;
    expect(req!.signatureOk).toBe(true);
    expect(req!.headers['idempotency-key']).toBe(`steward-training-run-${id}`);
    expect(req!.json).toEqual({ trainingRunId: id, model: 'credit-risk-scorer', fromVersion: 6, reason: 'approval-rate gap between groups widened', trigger: 'request', requestedBy: 'console:alice' });

    const post = async (report: object, o: { secret?: string } = {}) => {
      const signed = rx.signedReport(id, { trainingRunId: id, ...report }, { bodyDeploymentId: null, ...o });
      const res = await fetch(`${server!.url}/api/v1/training-runs/${id}/callback`, { method: 'POST', headers: signed.headers, body: signed.body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await post({ status: 'failed' }, { secret: 'forged' })).toMatchObject({ status: 401 });
    expect((await run(h, id)).status).toBe('running');
    expect(await post({ status: 'running', message: 'epoch 3 of 10', url: 'https://ci.example/training/41/logs' })).toEqual({ status: 200, body: { status: 'running' } });
    expect(await run(h, id)).toMatchObject({ status: 'running', message: 'epoch 3 of 10', targetUrl: 'https://ci.example/training/41/logs' });

    expect((await h.say(`register credit-risk-scorer s3://models/credit-risk-scorer/7.pkl --trigger ${id}`, CI)).error).toBeUndefined();
    expect(await post({ status: 'succeeded', message: 'trained and registered' })).toMatchObject({ status: 200, body: { status: 'registered', duplicate: true } });
    await h.steward.training!.idle();
    expect(await run(h, id)).toMatchObject({ status: 'registered', registeredVersion: 7 });
    // a second registration on the same run is refused
    const again = await h.say(`register credit-risk-scorer s3://models/credit-risk-scorer/8.pkl --trigger ${id}`, CI);
    expect(again.error).toBe('conflict');
    const deploy = await h.say('deploy credit-risk-scorer 7 to staging');
    expect(deploy.out).toContain('v7 retrained from v6 because approval-rate gap between groups widened');
    expect(await auditActions(h, id)).toEqual(['training.requested', 'training.approved', 'training.started', 'training.progress', 'training.registered']);
  });

  it('a pipeline that fails: the card says why and offers [Retry], which starts a new run', async () => {
    const h = await setup('credit-risk-scorer');
    server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [trainingCallbackRoute(h.deps)], log: silentLogger });
    rx.answerWith(202, { status: 'accepted' });
    const id = runOf(await h.say('retrain credit-risk-scorer'));
    await until(async () => (await run(h, id)).targetRef !== null);
    const signed = rx.signedReport(id, { trainingRunId: id, status: 'failed', message: 'out of GPU quota' }, { bodyDeploymentId: null });
    const res = await fetch(`${server.url}/api/v1/training-runs/${id}/callback`, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(res.status).toBe(200);
    await h.steward.training!.idle();
    const failed = (await h.deps.cards.render({ kind: 'training', id: String(id) }))!;
    expect(failed.tone).toBe('danger');
    expect(JSON.stringify(failed.blocks)).toContain('Failed: out of GPU quota');
    expect(failed.buttons).toEqual([{ label: 'Retry', style: 'primary', action: { v: 1, a: 'retrain_retry', id: String(id) } }]);
    expect((await h.click(failed.buttons![0]!.action, 'bob')).error).toBe('forbidden');
    const retry = await h.click(failed.buttons![0]!.action, 'alice');
    expect(retry.error).toBeUndefined();
    const second = runOf(retry);
    expect(await run(h, second)).toMatchObject({ retryOf: id, reason: 'alice asked for it', fromVersion: 6 });
    await until(async () => (await run(h, second)).targetRef !== null);
    expect(rx.received.map((r) => r.headers['idempotency-key'])).toEqual([`steward-training-run-${id}`, `steward-training-run-${second}`]);
    expect(await auditActions(h, id)).toContain('training.failed');
    // end the second run too, so its runner stops
    const stop = rx.signedReport(second, { trainingRunId: second, status: 'failed', message: 'cancelled' }, { bodyDeploymentId: null });
    expect((await fetch(`${server.url}/api/v1/training-runs/${second}/callback`, { method: 'POST', headers: stop.headers, body: stop.body })).status).toBe(200);
    await h.steward.training!.idle();
  });
});
