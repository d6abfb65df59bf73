import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/governance/domain/hash-chain.js';
import { err, ok } from '../../src/core/result.js';
import type { Store } from '../../src/ports/store.js';
import { storeImpls } from '../helpers/store-impls.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const T0 = new Date('2026-11-01T10:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const who = { actor: 'console:alice', platform: 'console', channel: 'c1' };

describe.each(storeImpls())('Store contract on $name', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const o = await impl.open();
    store = o.store;
    close = o.close;
  });
  afterEach(async () => close());

  async function seedModel(name = 'fraud-detector') {
    const r = await store.transaction(async (tx) => {
      const m = await tx.models.create({ name, description: 'd', ownerTeam: 'risk', tags: ['a', 'b'], createdBy: 'console:alice', createdAt: T0 });
      return m ? ok(m) : err('conflict', 'taken');
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  it('creates a model once; a second create with the same name returns null', async () => {
    const m = await seedModel();
    expect(m).toMatchObject({ name: 'fraud-detector', description: 'd', ownerTeam: 'risk', tags: ['a', 'b'], latestVersion: 0 });
    const again = await store.transaction(async (tx) => ok(await tx.models.create({ name: 'fraud-detector', createdBy: 'x', createdAt: T0 })));
    expect(again).toEqual({ ok: true, value: null });
    expect(await store.read.models.names()).toEqual(['fraud-detector']);
  });

  it('takes an inbound request key once while it is remembered, and again once it has expired', async () => {
    const r = store.read.inbound;
    expect(await r.first('slack:a', T0, at(11))).toBe(true);
    expect(await r.first('slack:a', at(5), at(16))).toBe(false); // a replay inside the window
    expect(await r.first('slack:b', at(5), at(16))).toBe(true); // another request
    expect(await r.first('slack:a', at(11), at(22))).toBe(false); // expiring at that very instant: still remembered
    expect(await r.first('slack:a', at(12), at(23))).toBe(true); // forgotten, remembered anew
    expect(await r.first('slack:a', at(13), at(24))).toBe(false);
  });

  it('numbers versions 1, 2, 3 per model and keeps every field', async () => {
    const m = await seedModel();
    await seedModel('churn');
    for (let i = 1; i <= 3; i++) {
      await store.transaction(async (tx) => {
        const n = await tx.models.nextVersion(m.id);
        return ok(
          await tx.versions.create({
            modelId: m.id,
            version: n,
            artifactUri: `s3://m/${i}`,
            sha256: sha(String(i)),
            framework: 'xgboost',
            metrics: { auc: 0.9 + i / 100 },
            params: { depth: i, tree: 'hist', early: true },
            datasetUri: 's3://d',
            datasetSha256: sha('d'),
            codeCommit: 'abcdef1',
            card: { intendedUse: 'x' },
            evaluation: { fairness: { demographicParityRatio: 0.9 } },
            createdBy: 'cli:ci',
            createdAt: at(i),
          }),
        );
      });
    }
    const list = await store.read.versions.list(m.id);
    expect(list.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(list[0]).toMatchObject({ modelName: 'fraud-detector', artifactUri: 's3://m/3', metrics: { auc: 0.93 }, params: { depth: 3, tree: 'hist', early: true }, card: { intendedUse: 'x' }, evaluation: { fairness: { demographicParityRatio: 0.9 } }, createdAt: at(3) });
    expect((await store.read.models.byName('fraud-detector'))!.latestVersion).toBe(3);
    expect((await store.read.versions.bySha256(m.id, sha('2')))!.version).toBe(2);
    expect(await store.read.versions.get(m.id, 9)).toBeNull();
  });

  it('rolls back everything when the transaction returns an error', async () => {
    const m = await seedModel();
    const r = await store.transaction(async (tx) => {
      await tx.models.nextVersion(m.id);
      await tx.versions.create({ modelId: m.id, version: 1, artifactUri: 's3://x', createdBy: 'a', createdAt: T0 });
      await tx.audit.append({ ...who, action: 'version.registered', target: 'model:fraud-detector', details: {} }, T0);
      return err('conflict', 'changed my mind');
    });
    expect(r.ok).toBe(false);
    expect(await store.read.versions.list(m.id)).toEqual([]);
    expect((await store.read.models.byName('fraud-detector'))!.latestVersion).toBe(0);
    expect(await store.read.audit.head()).toBeNull();
  });

  it('answers what was live at a past time, and who put it there', async () => {
    const m = await seedModel();
    const ids: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await store.transaction(async (tx) => ok(await tx.versions.create({ modelId: m.id, version: await tx.models.nextVersion(m.id), artifactUri: `s3://m/${i}`, createdBy: 'a', createdAt: T0 })));
      if (r.ok) ids.push(r.value.id);
    }
    const deploy = (v: number, min: number, status: 'succeeded' | 'failed', by: string) =>
      store.transaction(async (tx) => ok(await tx.deployments.create({ modelId: m.id, versionId: ids[v - 1]!, environment: 'production', kind: 'deploy', status, requestedBy: by, requestedAt: at(min - 5), approvedBy: ['console:bob'], startedAt: at(min - 1), finishedAt: at(min) })));
    await deploy(1, 10, 'succeeded', 'console:alice');
    await deploy(2, 20, 'succeeded', 'console:erin');
    await deploy(3, 30, 'failed', 'console:alice');
    expect(await store.read.deployments.liveAt(m.id, 'production', at(5))).toBeNull();
    expect((await store.read.deployments.liveAt(m.id, 'production', at(15)))!).toMatchObject({ version: 1, requestedBy: 'console:alice', approvedBy: ['console:bob'] });
    expect((await store.read.deployments.liveAt(m.id, 'production', at(25)))!.version).toBe(2);
    expect((await store.read.deployments.liveAt(m.id, 'production'))!).toMatchObject({ version: 2, requestedBy: 'console:erin' });
    expect(await store.read.deployments.liveAt(m.id, 'staging')).toBeNull();
    const h = await store.read.deployments.history(m.id, 'production');
    expect(h.map((d) => [d.version, d.status])).toEqual([[3, 'failed'], [2, 'succeeded'], [1, 'succeeded']]);
  });

  it('chains audit events so that verification passes, and refuses appends outside a transaction', async () => {
    for (let i = 0; i < 5; i++) {
      await store.transaction(async (tx) => ok(await tx.audit.append({ ...who, action: 'version.registered', target: `model:m${i % 2}`, details: { version: i, nested: { b: 1, a: [1, 2] } } }, at(i))));
    }
    await expect(store.read.audit.append({ ...who, action: 'lock.acquired', target: 't', details: {} }, T0)).rejects.toThrow(/inside store.transaction/);
    const events = await store.read.audit.scan(0, 100);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const v = verifyChain(events, await store.read.audit.head(), (s) => createHash('sha256').update(s).digest('hex'));
    expect(v).toMatchObject({ ok: true, count: 5 });
    expect((await store.read.audit.recent({ target: 'model:m1' })).map((e) => e.seq)).toEqual([4, 2]);
    expect((await store.read.audit.recent({ since: at(3) })).map((e) => e.seq)).toEqual([5, 4]);
  });
});
