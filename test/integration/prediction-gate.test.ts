import { describe, expect, it } from 'vitest';
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
