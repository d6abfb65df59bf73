import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { sha256Hex } from '../../src/db/repos/audit-repo.js';
import { reconcileDeployments } from '../../src/deploy/runner/reconcile-deployments.js';
import { claimDeployment, renewLease } from '../../src/deploy/claim-deployment.js';
import { verifyAudit } from '../../src/governance/verify-audit.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { ScriptedTarget } from '../fakes/scripted-target.js';
import { drivers, freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { HEX64 } from '../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../helpers/test-config.js';

const cfg = () => configFromYaml(GOVERNANCE_YAML);
const id = (r: { data?: unknown }) => (r.data as { id: number }).id;

async function withVersions(h: ReturnType<typeof deployHarness>, n: number) {
  for (let i = 1; i <= n; i++) await h.say(`register fraud-detector s3://m/${i} --sha256 ${HEX64(String(i))} --metric auc=0.9${i} --fairness demographicParityRatio=0.9 --intended-use x`);
}

describe.each(drivers())('deploy executor on %s', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase(driver, { max: 20 });
  });
  afterEach(async () => db.close());

  it('retries transient failures with backoff and succeeds on the third attempt; the card ends with [Rollback]', async () => {
    const target = new ScriptedTarget((_, n) => (n < 3 ? { state: 'retry', message: 'HTTP 500' } : { state: 'succeeded', message: 'deployed' }));
    const h = deployHarness({ store: drizzleStore(db.db), config: cfg(), target });
    await withVersions(h, 2);
    const first = id(await h.say('deploy fraud-detector 1 to staging'));
    await h.runner.idle();
    const second = await h.say('deploy fraud-detector 2 to staging');
    await h.app.trackCard({ kind: 'deployment', id: String(id(second)) }, { platform: 'console', channelId: 'c1', messageId: 'm-card' });
    await h.runner.idle();
    const d = (await h.deps.store.read.deployments.byId(id(second)))!;
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, leaseOwner: null });
    expect((await h.deps.store.read.deployments.byId(first))!).toMatchObject({ status: 'succeeded', attempts: 3 });
    const card = h.publisher.latest('m-card')!;
    expect(card.title).toBe('Deploy fraud-detector v2 to staging');
    expect(card.buttons?.map((b) => b.label)).toEqual(['Rollback to v1']);
    const updates = h.publisher.updates.filter((u) => u.ref.messageId === 'm-card').map((u) => (u.reply.data as { status: string }).status);
    expect(updates[0]).toBe('running');
    expect(updates.at(-1)).toBe('succeeded');
    const actions = (await h.deps.store.read.audit.recent({ target: `deployment:${id(second)}`, limit: 10 })).map((e) => e.action).reverse();
    expect(actions).toEqual(['deploy.requested', 'deploy.approved', 'deploy.started', 'deploy.succeeded']);
  });

  it('a target that never answers fails within the deadline, releases the lock and offers [Retry] and rollback', async () => {
    const target = new ScriptedTarget(() => ({ state: 'retry', message: 'timed out after 200 ms' }));
    const h = deployHarness({ store: drizzleStore(db.db), config: cfg(), target, runner: { deadlineMs: () => 600 } });
    await withVersions(h, 2);
    await h.deps.store.transaction(async (tx) => {
      const m = (await tx.models.byName('fraud-detector'))!;
      const v1 = (await tx.versions.get(m.id, 1))!;
      await tx.deployments.create({ modelId: m.id, versionId: v1.id, environment: 'staging', kind: 'deploy', status: 'succeeded', requestedBy: 'console:alice', requestedAt: new Date(Date.now() - 60_000), finishedAt: new Date(Date.now() - 50_000) });
      return { ok: true, value: null };
    });
    const started = Date.now();
    const rid = id(await h.say('deploy fraud-detector 2 to staging'));
    await h.runner.idle();
    expect(Date.now() - started).toBeLessThan(5_000);
    const d = (await h.deps.store.read.deployments.byId(rid))!;
    expect(d.status).toBe('failed');
    expect(d.reason).toMatch(/^gave up after \d+ attempts before the deadline: timed out after 200 ms$/);
    expect(await h.deps.store.read.deployments.open()).toEqual([]);
    const card = (await h.deps.cards.render({ kind: 'deployment', id: String(rid) }))!;
    expect(card.buttons?.map((b) => b.label)).toEqual(['Retry', 'Rollback to v1']);
    // the lock is free: a new request is accepted and runs
    const retry = await h.click({ v: 1, a: 'retry', id: String(rid) });
    expect(retry.error).toBeUndefined();
    expect(retry.out).toContain('retry of deployment #');
  });

  it('rolls back to the previous successful version by default; history shows both', async () => {
    const target = new ScriptedTarget(() => ({ state: 'succeeded' }));
    const h = deployHarness({ store: drizzleStore(db.db), config: cfg(), target });
    await withVersions(h, 3);
    for (const v of [1, 2, 3]) {
      await h.say(`deploy fraud-detector ${v} to staging`);
      await h.runner.idle();
    }
    // a failed deployment of v2 after v3 must not count as "previous live"
    const fail = new ScriptedTarget(() => ({ state: 'failed', message: 'HTTP 422: bad artifact' }));
    const h2 = deployHarness({ store: h.deps.store, config: cfg(), target: fail });
    await h2.say('deploy fraud-detector 2 to staging');
    await h2.runner.idle();
    const r = await h.say('rollback fraud-detector in staging', 'root');
    expect(r.title).toBe('Roll back fraud-detector in staging to v2');
    expect(r.out).toMatch(/Change:\s+v3 → v2 \(rollback\)/);
    await h.runner.idle();
    const status = await h.say('status fraud-detector');
    expect(status.data).toMatchObject({ live: [{ environment: 'staging', version: 2 }, { environment: 'production', version: null }] });
    const hist = await h.say('history fraud-detector staging');
    const rows = (hist.data as { deployments: { version: number; kind: string; status: string }[] }).deployments.map((d) => `${d.kind} v${d.version} ${d.status}`);
    expect(rows).toEqual(['rollback v2 succeeded', 'deploy v2 failed', 'deploy v3 succeeded', 'deploy v2 succeeded', 'deploy v1 succeeded']);
    expect((await h.say('rollback fraud-detector in staging to 2', 'root')).out).toContain('v2 is already live in staging');
    expect((await h.say('rollback fraud-detector in staging', 'bob')).error).toBe('forbidden');
    expect(await verifyAudit(h.deps.store.read.audit, sha256Hex)).toMatchObject({ ok: true });
  });

  it('a stop while the target keeps failing is prompt: the card shows the last error, the deployment is handed back and another process resumes it', async () => {
    const store = drizzleStore(db.db);
    const clock = new FixedClock();
    // a target that fails until the second process takes over; backoff long enough that only a stop ends the wait
    let down = true;
    const target = new ScriptedTarget(() => (down ? { state: 'retry', message: 'cannot resolve GitHub host api.github.com (DNS)' } : { state: 'succeeded', message: 'deployed' }));
    const first = deployHarness({ store, config: cfg(), target, owner: 'first', clock, runner: { backoff: { baseMs: 60_000, maxMs: 60_000 }, deadlineMs: () => 600_000 } });
    await withVersions(first, 1);
    const rid = id(await first.say('deploy fraud-detector 1 to staging'));
    // the first call failed and the runner waits to retry: the row says why, and so does its card
    const t0 = Date.now();
    while ((await store.read.deployments.byId(rid))?.reason === null && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect((await store.read.deployments.byId(rid))!).toMatchObject({ status: 'running', attempts: 1, reason: 'cannot resolve GitHub host api.github.com (DNS)' });
    await first.app.trackCard({ kind: 'deployment', id: String(rid) }, { platform: 'console', channelId: 'c1', messageId: 'm-card' });
    await first.app.refreshCard({ kind: 'deployment', id: String(rid) });
    expect(JSON.stringify(first.publisher.latest('m-card')!.blocks)).toContain('the last attempt failed: cannot resolve GitHub host api.github.com (DNS); retrying');

    const stopping = Date.now();
    await first.runner.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000); // not the 60 s backoff, nor the 10 min deadline
    const handed = (await store.read.deployments.byId(rid))!;
    expect(handed.status).toBe('running');
    expect(handed.leaseUntil!.getTime()).toBeLessThanOrEqual(clock.now().getTime());

    down = false;
    const second = deployHarness({ store, config: cfg(), target, owner: 'second', clock });
    expect(await reconcileDeployments(second.deps, second.runner)).toEqual([rid]);
    await second.runner.idle();
    expect((await store.read.deployments.byId(rid))!).toMatchObject({ status: 'succeeded', reason: null, attempts: 2 });
  });

  it('a new instance reconciles a deployment left running by a process that died', async () => {
    const store = drizzleStore(db.db);
    const clock = new FixedClock(); // both processes' clock: the lease expires when the test moves it, not after a sleep
    const dead = deployHarness({ store, config: cfg(), target: new ScriptedTarget(() => ({ state: 'running', ref: { id: 'run-77', url: 'https://ci/run/77' } })), owner: 'dead-process', clock });
    await withVersions(dead, 1);
    // request and approve without running (the process "dies" right after taking the deployment)
    await dead.runner.stop(); // this process takes no more work: it "dies" right after claiming below
    const rid = id(await dead.say('deploy fraud-detector 1 to production'));
    await dead.say(`approve ${rid}`, 'bob');
    await dead.say(`approve ${rid}`, 'carol');
    const claimed = await claimDeployment(dead.deps, rid, 'dead-process', { leaseMs: 50, deadlineMs: 60_000 });
    expect(claimed.ok).toBe(true);
    await renewLease(dead.deps, rid, 'dead-process', 50, { targetRef: 'run-77', targetUrl: 'https://ci/run/77' });
    expect((await store.read.deployments.byId(rid))!.status).toBe('running');
    clock.advance(1_000); // its 50 ms lease has expired; its 60 s deadline has not

    const target = new ScriptedTarget(() => ({ state: 'failed', message: 'must not restart' }), () => ({ state: 'succeeded', message: 'run 77 concluded success' }));
    const fresh = deployHarness({ store, config: cfg(), target, owner: 'new-process', clock });
    expect(await reconcileDeployments(fresh.deps, fresh.runner)).toEqual([rid]);
    await fresh.runner.idle();
    expect((await store.read.deployments.byId(rid))!).toMatchObject({ status: 'succeeded', targetUrl: 'https://ci/run/77' });
    expect(target.calls.map((c) => c.op)).toEqual(['check']);
    const actions = (await store.read.audit.recent({ target: `deployment:${rid}`, limit: 20 })).map((e) => e.action);
    expect(actions).toContain('deploy.resumed');
  });

  it('a deployment whose process died past its deadline is failed on reconcile, and the lock released', async () => {
    const store = drizzleStore(db.db);
    const clock = new FixedClock();
    const h = deployHarness({ store, config: cfg(), target: new ScriptedTarget(() => ({ state: 'succeeded' })), owner: 'new', clock });
    await withVersions(h, 1);
    const rid = await store.transaction(async (tx) => {
      const m = (await tx.models.byName('fraud-detector'))!;
      const v = (await tx.versions.get(m.id, 1))!;
      const d = await tx.deployments.create({ modelId: m.id, versionId: v.id, environment: 'staging', kind: 'deploy', status: 'approved', requestedBy: 'console:alice', requestedAt: clock.now() });
      return { ok: true as const, value: d.id };
    });
    if (!rid.ok) throw new Error();
    await claimDeployment(h.deps, rid.value, 'ghost', { leaseMs: 10, deadlineMs: 20 });
    clock.advance(1_000); // past the ghost's lease and its deadline
    await reconcileDeployments(h.deps, h.runner);
    await h.runner.idle();
    expect((await store.read.deployments.byId(rid.value))!).toMatchObject({ status: 'failed', reason: expect.stringContaining('no result before the deadline') });
    expect(await store.read.deployments.open()).toEqual([]);
  });
});

describe.runIf(hasPostgres())('the database lock on PostgreSQL', () => {
  it('10 concurrent deploy requests: exactly one runs, the others are told it is busy, nothing stays locked', async () => {
    const db = await freshDatabase('postgres', { max: 20 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const target = new ScriptedTarget(async () => {
        await gate;
        return { state: 'succeeded' };
      });
      const h = deployHarness({ store: drizzleStore(db.db), config: cfg(), target });
      await withVersions(h, 1);
      const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => h.say('deploy fraud-detector 1 to staging', i % 2 ? 'alice' : 'erin')));
      const accepted = replies.filter((r) => !r.error);
      const busy = replies.filter((r) => r.error === 'busy');
      expect(accepted).toHaveLength(1);
      expect(busy).toHaveLength(9);
      for (const b of busy) expect(b.out).toMatch(new RegExp(`staging is busy: deployment #${id(accepted[0]!)} of fraud-detector v1 (started by|\\(requested by) @(alice|erin)`));
      release();
      await h.runner.idle();
      expect(await h.deps.store.read.deployments.open()).toEqual([]);
      expect(target.calls.filter((c) => c.op === 'start')).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
