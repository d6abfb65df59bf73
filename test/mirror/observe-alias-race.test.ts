import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { observeAlias } from '../../src/mirror/observe-alias.js';
import type { DeploymentRepo, Store, Tx } from '../../src/ports/store.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { configFromYaml } from '../helpers/test-config.js';

const yaml = `
policies:
  production:
    outOfBand: revert
registry:
  kind: mlflow
  url: http://127.0.0.1:9/
  tokenEnv: MLFLOW_TOKEN
  webhookSecretEnv: MLFLOW_WEBHOOK_SECRET
  models: ["fraud-*"]
  aliases:
    production: champion
`;

/**
 * Steward's own rollout sets the alias in MLflow, and MLflow's webhook echo is handled on another
 * connection while the rollout's "succeeded" commits. The echo's two reads (is a rollout of this
 * version in flight? what is live?) may straddle that commit: whichever order they run in, the echo
 * must be recognised as Steward's own change — not reverted as an out-of-band one.
 */
describe.runIf(hasPostgres())('an alias echo racing the commit of the rollout that set it (PostgreSQL, read committed)', () => {
  let db: TestDatabase;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  beforeEach(async () => {
    db = await freshDatabase('postgres');
  });
  afterEach(async () => db.close());

  it('the rollout commits between the echo\'s two reads: echo, the alias stays', async () => {
    const store = drizzleStore(db.db);
    const now = clock.now();
    const seeded = await store.transaction(async (tx) => {
      const m = (await tx.models.create({ name: 'fraud-detector', createdBy: 'mlflow:dana', createdAt: now }))!;
      const v = await tx.versions.create({ modelId: m.id, version: 1, artifactUri: 's3://m/1', createdBy: 'mlflow:dana', createdAt: now });
      await tx.mirror.linkModel(m.id, 'fraud-detector', now);
      const d = await tx.deployments.create({ modelId: m.id, versionId: v.id, environment: 'production', kind: 'deploy', status: 'running', requestedBy: 'console:alice', requestedAt: now, target: 'mlflow', startedAt: now });
      return ok(d.id);
    });
    if (!seeded.ok) throw new Error(seeded.error.message);
    // the rollout's commit, on its own connection, once the echo has made its first of the two reads
    let reads = 0;
    const finishRollout = async () => {
      const r = await store.transaction(async (tx) => ok(await tx.deployments.update(seeded.value, { status: 'succeeded', finishedAt: now })));
      if (!r.ok) throw new Error(r.error.message);
    };
    const between = async () => {
      if (++reads === 2) await finishRollout();
    };
    const racing: Store = {
      read: store.read,
      transaction: (fn) =>
        store.transaction((tx) => {
          const deployments: DeploymentRepo = {
            ...tx.deployments,
            open: async (f) => (await between(), tx.deployments.open(f)),
            liveAt: async (...a) => (await between(), tx.deployments.liveAt(...a)),
          };
          return fn({ ...tx, deployments } as Tx);
        }),
    };
    const config = configFromYaml(yaml, { MLFLOW_TOKEN: 't', MLFLOW_WEBHOOK_SECRET: 's' });
    const r = await observeAlias({ store: racing, clock, config }, { mlflowName: 'fraud-detector', alias: 'champion', version: 1, deliveryId: 'd-1' });
    expect(reads).toBe(2);
    expect(r).toEqual({ ok: true, value: { outcome: 'echo', environment: 'production' } });
    expect((await store.read.audit.scan(0, 100)).filter((e) => e.action === 'mlflow.out_of_band')).toEqual([]);
  });
});
