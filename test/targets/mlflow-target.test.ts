import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { buildTargets } from '../../src/deploy/targets/build-targets.js';
import { freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { HEX64 } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';
import { everythingAbout } from './echoed-secret.js';
import type { MlflowTargetConfig } from '../../src/config/targets-schema.js';
import { mlflowTarget } from '../../src/deploy/targets/mlflow-target.js';
import { MlflowStandIn } from '../fakes/mlflow-stand-in.js';
import { closedPort, JOB, planJob, SHA } from './target-fixtures.js';

let ml: MlflowStandIn | null = null;
afterEach(async () => {
  await ml?.close();
  ml = null;
});

async function setUp(o: { token?: string; pageSize?: number } = {}, c: Partial<MlflowTargetConfig> = {}) {
  ml = await new MlflowStandIn(o).start();
  const cfg: MlflowTargetConfig = { kind: 'mlflow', baseUrl: ml.url, token: o.token ?? null, tokenEnv: o.token ? 'MLFLOW_TOKEN' : null, registeredModel: '{model}', alias: null, match: 'source', timeoutMs: 5000, ...c };
  return { ml, target: mlflowTarget(cfg) };
}

describe('mlflow target', () => {
  it('finds the MLflow version whose source is the artifact URI and points the alias at it, with the documented requests', async () => {
    const { ml, target } = await setUp({ token: 'mlflow-token-1' });
    ml.addVersion('fraud-detector', { source: 's3://models/fraud-detector/6' });
    ml.addVersion('fraud-detector', { source: 's3://models/fraud-detector/7' });
    ml.addVersion('other-model', { source: 's3://models/fraud-detector/7' });
    const out = await target.start(JOB);
    expect(out).toEqual({
      state: 'succeeded',
      message: 'alias production of MLflow registered model fraud-detector now points to version 2',
      ref: { id: 'fraud-detector@production=2', url: `${ml.url}/#/models/fraud-detector/versions/2` },
    });
    expect(ml.requests.map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
      { method: 'GET', path: '/api/2.0/mlflow/model-versions/search', query: { filter: "name='fraud-detector'" }, body: undefined },
      { method: 'POST', path: '/api/2.0/mlflow/registered-models/alias', query: {}, body: { name: 'fraud-detector', alias: 'production', version: '2' } },
    ]);
    expect(ml.requests.every((r) => r.headers.authorization === 'Bearer mlflow-token-1')).toBe(true);
    expect(ml.requests[1]!.headers['content-type']).toBe('application/json');
    expect(ml.alias('fraud-detector', 'production')).toBe('2');
  });

  it('follows next_page_token through every page of versions', async () => {
    const { ml, target } = await setUp({ pageSize: 2 });
    for (let i = 1; i <= 5; i++) ml.addVersion('fraud-detector', { source: `s3://models/fraud-detector/${i + 2}` });
    expect(await target.start(JOB)).toMatchObject({ state: 'succeeded', message: expect.stringContaining('points to version 5') });
    const searches = ml.requests.filter((r) => r.path.endsWith('/search'));
    expect(searches.map((r) => r.query.page_token ?? null)).toEqual([null, Buffer.from('offset=2').toString('base64'), Buffer.from('offset=4').toString('base64')]);
    expect(searches.every((r) => r.query.filter === "name='fraud-detector'")).toBe(true);
  });

  it('fails with what it searched when no version matches, and sets no alias', async () => {
    const { ml, target } = await setUp({ pageSize: 2 });
    for (let i = 1; i <= 5; i++) ml.addVersion('fraud-detector', { source: `s3://elsewhere/${i}` });
    expect(await target.start(JOB)).toEqual({
      state: 'failed',
      message: 'no version of MLflow registered model fraud-detector has source s3://models/fraud-detector/7 (searched 5 versions on 3 pages); register the artifact in MLflow first, or set match: tag',
    });
    expect(ml.requests.some((r) => r.method === 'POST')).toBe(false);
    await ml.close();
    const empty = await setUp();
    expect(await empty.target.start(JOB)).toMatchObject({ state: 'failed', message: expect.stringMatching(/^MLflow has no versions of registered model fraud-detector; /) });
  });

  it('matches by the steward.sha256 tag when configured, taking the newest of several matches', async () => {
    const { ml, target } = await setUp({}, { match: 'tag', registeredModel: 'ml-{model}', alias: 'champion' });
    ml.addVersion('ml-fraud-detector', { source: 'runs:/a/model', tags: { 'steward.sha256': SHA } });
    ml.addVersion('ml-fraud-detector', { source: 'runs:/b/model', tags: { 'steward.sha256': 'ff'.repeat(32) } });
    ml.addVersion('ml-fraud-detector', { source: 'runs:/c/model', tags: { 'steward.sha256': SHA.toUpperCase() } });
    expect(await target.start(JOB)).toMatchObject({ state: 'succeeded', message: 'alias champion of MLflow registered model ml-fraud-detector now points to version 3' });
    expect(ml.alias('ml-fraud-detector', 'champion')).toBe('3');
    expect(await target.start({ ...JOB, sha256: null })).toMatchObject({ state: 'failed', message: expect.stringContaining('has no sha256 in Steward, so match: tag cannot find its MLflow version') });
  });

  it('waits (retry) for a version still registering and ignores failed registrations', async () => {
    const { ml, target } = await setUp();
    ml.addVersion('fraud-detector', { source: JOB.artifactUri, status: 'FAILED_REGISTRATION' });
    const pending = ml.addVersion('fraud-detector', { source: JOB.artifactUri, status: 'PENDING_REGISTRATION' });
    expect(await target.start(JOB)).toEqual({ state: 'retry', message: 'MLflow version 2 of fraud-detector is still PENDING_REGISTRATION; waiting for it to be READY' });
    pending.status = 'READY';
    expect(await target.start(JOB)).toMatchObject({ state: 'succeeded', message: expect.stringContaining('version 2') });
  });

  it('retries on 5xx and refused connections; fails on 4xx with MLflow\'s message', async () => {
    const { ml, target } = await setUp({ token: 'right' });
    ml.addVersion('fraud-detector', { source: JOB.artifactUri });
    ml.failNext(503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'database is busy' });
    expect(await target.start(JOB)).toEqual({ state: 'retry', message: 'MLflow answered HTTP 503: database is busy' });
    const wrong = mlflowTarget({ kind: 'mlflow', baseUrl: ml.url, token: 'wrong', tokenEnv: 'MLFLOW_TOKEN', registeredModel: '{model}', alias: null, match: 'source', timeoutMs: 5000 });
    expect(await wrong.start(JOB)).toEqual({ state: 'failed', message: 'MLflow answered HTTP 401: You are not authenticated. Please provide a valid token. (check the token in MLFLOW_TOKEN)' });
    ml.failNext(200, { model_versions: [{ name: 'fraud-detector', version: '1', source: JOB.artifactUri }] });
    ml.failNext(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Model Version (name=fraud-detector, version=1) not found' });
    expect(await target.start(JOB)).toEqual({ state: 'failed', message: 'MLflow answered HTTP 404: Model Version (name=fraud-detector, version=1) not found' });
    const port = await closedPort();
    const down = mlflowTarget({ kind: 'mlflow', baseUrl: `http://127.0.0.1:${port}`, token: null, tokenEnv: null, registeredModel: '{model}', alias: null, match: 'source', timeoutMs: 5000 });
    expect(await down.start(JOB)).toEqual({ state: 'retry', message: `connection to MLflow at 127.0.0.1:${port} refused (is it running?)` });
  });

  it('plans with the version number it would pick, or says it cannot find one; a plan never throws', async () => {
    const { ml, target } = await setUp();
    ml.addVersion('fraud-detector', { source: JOB.artifactUri });
    expect(await target.plan(planJob(JOB))).toEqual({
      summary: `MLflow: set alias production of registered model fraud-detector (${ml.url})`,
      steps: ['set alias production of registered model fraud-detector to MLflow version 1 (the version whose source is s3://models/fraud-detector/7)'],
    });
    const none = await target.plan({ ...planJob(JOB), artifactUri: 's3://models/fraud-detector/8' });
    expect(none.steps[0]).toMatch(/— none found now, the deploy will fail unless it exists by then: no version of MLflow registered model fraud-detector has source s3:\/\/models\/fraud-detector\/8/);
    const port = await closedPort();
    const down = mlflowTarget({ kind: 'mlflow', baseUrl: `http://127.0.0.1:${port}`, token: null, tokenEnv: null, registeredModel: '{model}', alias: 'prod', match: 'source', timeoutMs: 5000 });
    const p = await down.plan(planJob(JOB));
    expect(p.steps[0]).toMatch(/^set alias prod of registered model fraud-detector to the MLflow version whose source is s3:\/\/models\/fraud-detector\/7 \(not checked now: connection to MLflow at .* refused/);
    expect(ml.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('check() sets the alias again (idempotent), so a restarted Steward can finish the job', async () => {
    const { ml, target } = await setUp();
    ml.addVersion('fraud-detector', { source: JOB.artifactUri });
    expect((await target.check(JOB, { id: 'fraud-detector@production=1' })).state).toBe('succeeded');
    expect(ml.alias('fraud-detector', 'production')).toBe('1');
  });
});

describe('mlflow target: an MLflow (or an auth gateway in front of it) that echoes the Authorization header', () => {
  const SECRET_TOKEN = 'steward-mlflow-token-abcdefghijkl';
  let db: TestDatabase;
  let echoing: MlflowStandIn;
  beforeEach(async () => {
    db = await freshDatabase('pglite');
    echoing = await new MlflowStandIn({ token: SECRET_TOKEN }).start();
  });
  afterEach(async () => {
    await echoing.close();
    await db.close();
  });

  it('stores and shows no token: not in the plan, deployments.reason, the card, chat, nor the audit events', async () => {
    const config = configFromYaml(
      `
members:
  "console:*": [admin]
targets:
  staging:
    kind: mlflow
    baseUrl: ${echoing.url}
    tokenEnv: MLFLOW_DEPLOY_TOKEN
    registeredModel: "{model}"
    match: source
    timeout: 2s
`,
      { MLFLOW_DEPLOY_TOKEN: SECRET_TOKEN },
    );
    const h = deployHarness({ store: drizzleStore(db.db), config, target: buildTargets(config)('staging'), runner: { deadlineMs: () => 5_000 } });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')}`);
    // the plan's lookup gets a 503, the deploy's lookup a 403: both echo the header
    echoing.echoAuthorizationNext(503).echoAuthorizationNext(403);
    const req = await h.say('deploy fraud-detector 1 to staging');
    const id = (req.data as { id: number }).id;
    await h.runner.idle();

    const d = (await h.deps.store.read.deployments.byId(id))!;
    expect(echoing.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${SECRET_TOKEN}`, `Bearer ${SECRET_TOKEN}`]);
    expect(d.plan?.steps[0]).toMatch(/not checked now: MLflow answered HTTP 503: .*it carried Authorization: Bearer \[redacted\]/);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, reason: expect.stringMatching(/^MLflow answered HTTP 403: .*it carried Authorization: Bearer \[redacted\] \(check the token in MLFLOW_DEPLOY_TOKEN\)$/) });
    const all = await everythingAbout(db, h, id, [req]);
    expect(all).not.toContain(SECRET_TOKEN);
  });
});
