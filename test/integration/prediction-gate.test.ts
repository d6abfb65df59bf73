import { afterEach, describe, expect, it } from 'vitest';
import { checkPredictionGates } from '../../src/deploy/runner/prediction-gate.js';
import { arrayRows, logPredictions } from '../../src/monitoring/log-predictions.js';
import { registerVersion } from '../../src/registry/register-version.js';
import { uploadReference } from '../../src/monitoring/upload-reference.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import { ScriptedTarget } from '../fakes/scripted-target.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { readFixture, SYSTEM, tableToPredictions } from '../helpers/monitoring-fixtures.js';
import { configFromYaml } from '../helpers/test-config.js';
import { storeImpls } from '../helpers/store-impls.js';
import { logLabelled, registerWithMetrics } from '../helpers/quality-fixtures.js';

const YAML = `
members:
  "console:*": [admin]
policies:
  production:
    approvals: 0
    postDeploy:
      predictions: { count: 500, within: 1h, maxDriftShare: 0.3 }
`;

describe('post-deploy check on the first logged predictions', () => {
  it('passes a version whose first predictions look like its reference, and rolls back one that drifted', async () => {
    const clock = new FixedClock('2026-11-27T12:00:00Z');
    const h = deployHarness({ store: new InMemoryStore(), config: configFromYaml(YAML), target: new ScriptedTarget(() => ({ state: 'succeeded' })), clock });
    const deps = h.deps;
    const ref = await readFixture('reference-large.csv', ['zip']);
    const cur = await readFixture('current-large.csv', ['zip'], new Map(ref.columns.map((c) => [c.name, c.kind])));
    for (const v of [1, 2]) {
      expect((await registerVersion(deps.store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: `s3://m/${v}` } })).ok).toBe(true);
      expect((await uploadReference(deps, SYSTEM, { model: 'fraud-detector', version: v, source: 'reference-large.csv', rows: ref.rows, columns: ref.columns })).ok).toBe(true);
    }
    const log = async (version: number, table: typeof ref, prefix: string) => {
      const rows = tableToPredictions(table, { idPrefix: prefix, start: clock.now(), stepMs: 0 });
      const r = await logPredictions(deps, SYSTEM, { model: 'fraud-detector', version, environment: 'production' }, arrayRows(rows, 'predictions'));
      expect(r.ok).toBe(true);
    };

    await h.say('deploy fraud-detector 1 to production');
    await h.runner.idle();
    const first = (await deps.store.read.deployments.history(1, 'production'))[0]!;
    expect(first).toMatchObject({ status: 'succeeded', postCheck: 'pending' });
    clock.advance(60_000);
    expect(await checkPredictionGates(deps)).toEqual([]); // no predictions yet, still inside the hour
    await log(1, ref, 'v1');
    clock.advance(60_000);
    expect(await checkPredictionGates(deps)).toEqual([{ id: first.id, status: 'passed' }]);
    expect((await deps.store.read.deployments.byId(first.id))!.postCheckDetail).toMatch(/^\d+ predictions: 0% of features drifted \(≤ 30%\)$/);

    clock.advance(60_000);
    await h.say('deploy fraud-detector 2 to production');
    await h.runner.idle();
    const second = (await deps.store.read.deployments.history(1, 'production'))[0]!;
    expect(second).toMatchObject({ version: 2, postCheck: 'pending' });
    clock.advance(60_000);
    await log(2, cur, 'v2');
    clock.advance(60_000);
    expect(await checkPredictionGates(deps)).toEqual([{ id: second.id, status: 'failed' }]);
    await h.runner.idle();
    const card = h.publisher.posts.at(-1)!.reply;
    expect(card.title).toBe('Post-deploy check failed: fraud-detector in production');
    expect((card.blocks[0] as { text: string }).text).toMatch(/first predictions: \d+ predictions: 57\.14% of features drifted, more than 30%\. Rolling back to v1 automatically \(deployment #\d+\)\./);
    expect((await deps.store.read.deployments.liveAt(1, 'production'))!).toMatchObject({ version: 1, kind: 'rollback', requestedBy: 'system:steward' });
    expect(await checkPredictionGates(deps)).toEqual([]); // decided once
    const actions = (await deps.store.read.audit.recent({ target: `deployment:${second.id}`, limit: 10 })).map((e) => e.action);
    expect(actions).toContain('deploy.check_failed');
  });

  it('too little traffic within the window is inconclusive: said in the channel, never a rollback', async () => {
    const clock = new FixedClock('2026-11-27T12:00:00Z');
    const h = deployHarness({ store: new InMemoryStore(), config: configFromYaml(YAML), target: new ScriptedTarget(() => ({ state: 'succeeded' })), clock });
    await registerVersion(h.deps.store, clock, SYSTEM, { model: 'fraud-detector', version: { artifactUri: 's3://m/1' } });
    await h.say('deploy fraud-detector 1 to production');
    await h.runner.idle();
    clock.advance(61 * 60_000);
    const [r] = await checkPredictionGates(h.steward.postDeploy);
    expect(r!.status).toBe('inconclusive');
    expect((h.publisher.posts.at(-1)!.reply.blocks[0] as { text: string }).text).toBe('fraud-detector v1: only 0 of 500 predictions were logged within 1h: not enough traffic to judge. Nothing was rolled back.');
    expect((await h.deps.store.read.deployments.liveAt(1, 'production'))!.version).toBe(1);
  });
});

describe.each(storeImpls().map((s) => [s.name, s] as const))('post-deploy quality check on %s', (_name, impl) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });
  const opened = async () => {
    const o = await impl.open();
    closers.push(o.close);
    return o.store;
  };
  const QUALITY = `
members:
  "console:*": [admin]
policies:
  production:
    approvals: 0
    postDeploy:
      predictions: { count: 100, within: 6h, quality: "accuracy<registered-0.02", minLabelled: 100 }
`;

  it('holds the new version to its registered quality once enough labels arrived, and rolls back on a quality drop', async () => {
    const clock = new FixedClock('2026-11-27T12:00:00Z');
    const h = deployHarness({ store: await opened(), config: configFromYaml(QUALITY), target: new ScriptedTarget(() => ({ state: 'succeeded' })), clock });
    const deps = h.deps;
    await registerWithMetrics(deps, 'churn-predictor', { accuracy: 0.95 });
    await registerWithMetrics(deps, 'churn-predictor', { accuracy: 0.95 });
    await h.say('deploy churn-predictor 1 to production');
    await h.runner.idle();
    const first = (await deps.store.read.deployments.history(1, 'production'))[0]!;
    clock.advance(3 * 3_600_000);
    await logLabelled(deps, { model: 'churn-predictor', version: 1, env: 'production', n: 150, accuracy: 0.96 });
    expect(await checkPredictionGates(deps)).toEqual([{ id: first.id, status: 'passed' }]);
    expect((await deps.store.read.deployments.byId(first.id))!.postCheckDetail).toBe('150 predictions: quality: accuracy 0.96 (registered 0.95) — none of accuracy<registered-0.02 (150 labelled predictions in production, since the deployment)');

    await h.say('deploy churn-predictor 2 to production');
    await h.runner.idle();
    const second = (await deps.store.read.deployments.history(1, 'production'))[0]!;
    expect(second).toMatchObject({ version: 2, postCheck: 'pending' });
    clock.advance(3 * 3_600_000);
    // traffic, but no labels yet: the check waits (and says so on the card) instead of judging
    await logLabelled(deps, { model: 'churn-predictor', version: 2, env: 'production', n: 150, labelled: 0, accuracy: 1, prefix: 'unlabelled-' });
    expect(await checkPredictionGates(deps)).toEqual([]);
    expect((await deps.store.read.deployments.byId(second.id))!).toMatchObject({ postCheck: 'pending', postCheckDetail: '150 predictions; waiting for labels: 0 of the 100 labelled predictions needed to judge quality' });
    clock.advance(60_000);
    await logLabelled(deps, { model: 'churn-predictor', version: 2, env: 'production', n: 100, accuracy: 0.8, prefix: 'labelled-' });
    expect(await checkPredictionGates(deps)).toEqual([{ id: second.id, status: 'failed' }]);
    await h.runner.idle();
    const card = h.publisher.posts.at(-1)!.reply;
    expect(card.title).toBe('Post-deploy check failed: churn-predictor in production');
    expect((card.blocks[0] as { text: string }).text).toMatch(/first predictions: 250 predictions: quality: accuracy 0\.8 < registered 0\.95 − 0\.02 \(100 labelled predictions in production, since the deployment\)\. Rolling back to v1 automatically \(deployment #\d+\)\./);
    expect((await deps.store.read.deployments.liveAt(1, 'production'))!).toMatchObject({ version: 1, kind: 'rollback', requestedBy: 'system:steward' });
  });

  it('too few labels by the deadline is inconclusive for quality: said in the channel, never a rollback', async () => {
    const clock = new FixedClock('2026-11-27T12:00:00Z');
    const h = deployHarness({ store: await opened(), config: configFromYaml(QUALITY), target: new ScriptedTarget(() => ({ state: 'succeeded' })), clock });
    await registerWithMetrics(h.deps, 'churn-predictor', { accuracy: 0.95 });
    await h.say('deploy churn-predictor 1 to production');
    await h.runner.idle();
    clock.advance(3 * 3_600_000);
    await logLabelled(h.deps, { model: 'churn-predictor', version: 1, env: 'production', n: 150, labelled: 30, accuracy: 0.5 });
    expect(await checkPredictionGates(h.deps)).toEqual([]);
    clock.advance(3 * 3_600_000);
    const [r] = await checkPredictionGates(h.deps);
    expect(r!.status).toBe('inconclusive');
    expect((h.publisher.posts.at(-1)!.reply.blocks[0] as { text: string }).text).toBe('churn-predictor v1: 150 predictions; only 30 of the 100 labelled predictions needed to judge quality arrived within 6h: not enough labels to judge. Nothing was rolled back.');
    expect((await h.deps.store.read.deployments.liveAt(1, 'production'))!.version).toBe(1);
  });
});
