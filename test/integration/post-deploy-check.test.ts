import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { ScriptedTarget } from '../fakes/scripted-target.js';
import { drivers, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { reportFailedCheck } from '../../src/deploy/runner/post-deploy-check.js';
import { HEX64 } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';

function healthServer(status: () => number) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(status()).end('x');
  });
  return new Promise<{ url: string; hits: string[]; close: () => Promise<void> }>((r) =>
    server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`, hits, close: () => new Promise((c) => server.close(() => c())) })),
  );
}

const yaml = (url: string) => `
members:
  "console:*": [admin]
policies:
  production:
    approvals: 0
    postDeploy: { healthUrl: "${url}", attempts: 2, interval: 1s, timeout: 1s }
`;

describe.each(drivers().slice(0, 1))('post-deploy check on %s', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase(driver);
  });
  afterEach(async () => db.close());

  it('an unhealthy endpoint after a deploy rolls back on its own and says why in the channel', async () => {
    const health = await healthServer(() => 503);
    try {
      const h = deployHarness({ store: drizzleStore(db.db), config: configFromYaml(yaml(health.url)), target: new ScriptedTarget(() => ({ state: 'succeeded' })) });
      for (const v of [1, 2]) await h.say(`register fraud-detector s3://m/${v} --sha256 ${HEX64(String(v))}`);
      await h.say('deploy fraud-detector 1 to production');
      await h.runner.idle();
      // v1's check fails too, but nothing was live before it: there is nothing to roll back to
      expect(h.publisher.posts.at(-1)?.reply.blocks[0]).toMatchObject({ text: expect.stringContaining('No earlier version to roll back to') });
      await h.say('deploy fraud-detector 2 to production');
      await h.runner.idle();
      await h.runner.idle();
      const last = h.publisher.posts.at(-1)!;
      expect(last.target).toEqual({ platform: 'console', channelId: 'c1' });
      expect(last.reply.title).toBe('Post-deploy check failed: fraud-detector in production');
      expect((last.reply.blocks[0] as { text: string }).text).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/healthz answered 503, expected 200 \(2 attempts\)\. Rolling back to v1 automatically \(deployment #\d+\)\./);
      const status = await h.say('status fraud-detector');
      expect(status.data).toMatchObject({ live: [{ environment: 'staging', version: null }, { environment: 'production', version: 1, by: 'system:steward' }] });
      const hist = (await h.say('history fraud-detector production')).data as { deployments: { kind: string; version: number; status: string }[] };
      expect(hist.deployments.map((d) => `${d.kind} v${d.version} ${d.status}`)).toEqual(['rollback v1 succeeded', 'deploy v2 succeeded', 'deploy v1 succeeded']);
      expect(health.hits.every((x) => x === 'GET /healthz')).toBe(true);
    } finally {
      await health.close();
    }
  });
});

/** The README's governance example ("## Governance sign-off"), with a stand-in health URL. */
const governanceYaml = (url: string) => `
roles:
  ml-engineer: [read, register, "deploy:*"]
  approver: [read]
  oncall: [read, "rollback:*"]
members:
  "console:alice": [ml-engineer]
  "console:bob": [approver]
  "console:carol": [approver]
  "console:root": [admin]
policies:
  staging:
    approvals: 0
  production:
    approvals: 2
    approverRoles: [approver]
    allowSelfApproval: false
    expiry: 24h
    overrideRoles: [admin]
    noApproval: { deploy: [], rollback: [oncall] }
    freezeWindows:
      - { days: [fri, sat, sun], from: "16:00", to: "23:59", timezone: Europe/Madrid, reason: weekend }
    freezeExemptRoles: [admin]
    gates:
      metrics: [{ metric: auc, min: 0.85 }]
      noRegression: [{ metric: auc, maxDrop: 0.01 }, { metric: latency_ms, maxIncrease: 5 }]
      fairness: [{ metric: demographicParityRatio, min: 0.8 }]
      drift: { maxShare: 0.3 }
      modelCard: { required: [intendedUse, limitations] }
    postDeploy:
      healthUrl: "${url}"
      attempts: 1
      timeout: 1s
      rollbackOnFailure: true
`;

/** Fixed instants that still move forward: each reading is 1 ms after the last, so "before" and "after" stay distinct. */
class SteppingClock extends FixedClock {
  override now(): Date {
    const t = super.now();
    this.advance(1);
    return t;
  }
}

describe.each(drivers())('automatic rollback under the governance example on %s', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase(driver);
  });
  afterEach(async () => db.close());

  it('a failed post-deploy check puts the earlier version back live without approval, although it fails the deploy gates, audited as automatic and said in the channel', async () => {
    let healthy = true;
    const health = await healthServer(() => (healthy ? 200 : 503));
    try {
      // Friday 2026-11-27 15:00 in Madrid: before the weekend freeze
      const clock = new SteppingClock('2026-11-27T14:00:00Z');
      const h = deployHarness({ store: drizzleStore(db.db), config: configFromYaml(governanceYaml(health.url)), target: new ScriptedTarget(() => ({ state: 'succeeded' })), clock });
      const id = (r: { data?: unknown }) => (r.data as { id: number }).id;
      const approveThrough = async (rid: number) => {
        await h.say(`approve ${rid}`, 'bob');
        await h.say(`approve ${rid}`, 'carol');
        await h.say(`override ${rid} accepted by the risk team`, 'alice');
        await h.say(`approve ${rid} --override`, 'root');
        await h.runner.idle();
        await h.runner.idle();
      };
      // v1 (the report's v6): no latency_ms, no fairness value; made live through an override
      await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} --metric auc=0.9 --drift-share 0.1 --intended-use "fraud review" --limitations "card payments only"`, 'alice');
      const first = id(await h.say('deploy fraud-detector 1 to production', 'alice'));
      await approveThrough(first);
      expect((await h.store.read.deployments.byId(first))!.status).toBe('succeeded');

      // v2 (the report's v7): complete, but its endpoint turns out unhealthy once live
      await h.say(`register fraud-detector s3://m/2 --sha256 ${HEX64('2')} --metric auc=0.91 --metric latency_ms=40 --fairness demographicParityRatio=0.9 --drift-share 0.1 --intended-use "fraud review" --limitations "card payments only"`, 'alice');
      const second = id(await h.say('deploy fraud-detector 2 to production', 'alice'));
      healthy = false;
      clock.set('2026-11-27T15:30:00Z'); // 16:30 in Madrid: inside the weekend freeze
      await approveThrough(second);

      const live = (await h.store.read.deployments.liveAt(1, 'production'))!;
      expect(live).toMatchObject({ version: 1, kind: 'rollback', status: 'succeeded', requestedBy: 'system:steward', rollbackOf: second, requiredApprovals: 0, approvedBy: [] });
      expect(await h.store.read.decisions.list(live.id)).toEqual([]);
      // v1 still fails two deploy gates against v2; they are recorded, as advisory
      expect(live.gates.filter((g) => !g.passed).map((g) => [g.name, g.advisory])).toEqual([
        ['latency_ms vs live', true],
        ['demographicParityRatio', true],
      ]);

      const rows = (await db.execute(`select actor, platform, action, details from audit_events where target = 'deployment:${live.id}' order by seq`)) as { actor: string; platform: string; action: string; details: Record<string, unknown> }[];
      expect(rows.map((r) => [r.actor, r.platform, r.action])).toEqual([
        ['system:steward', 'system', 'rollback.requested'],
        ['system:steward', 'system', 'deploy.approved'],
        ['system:steward', 'system', 'deploy.started'],
        ['system:steward', 'system', 'deploy.succeeded'],
      ]);
      expect(rows[0]!.details).toMatchObject({ automatic: true, version: 1, liveVersion: 2, rollbackOf: second, requiredApprovals: 0, gatesAdvisory: true, why: expect.stringMatching(new RegExp(`^automatic rollback: the post-deploy check of deployment #${second} failed \\(GET http://127\\.0\\.0\\.1:\\d+/healthz answered 503, expected 200 \\(1 attempt\\)\\)$`)) });
      expect(rows[1]!.details).toMatchObject({ automatic: true, status: 'approved', why: rows[0]!.details.why });

      const said = h.publisher.posts.filter((p) => p.target.channelId === 'c1').at(-1)!;
      expect(said.reply.title).toBe('Post-deploy check failed: fraud-detector in production');
      expect((said.reply.blocks[0] as { text: string }).text).toMatch(new RegExp(`answered 503, expected 200 \\(1 attempt\\)\\. Rolling back to v1 automatically \\(deployment #${live.id}\\)\\.$`));

      const card = await h.say(`history fraud-detector production`);
      expect((card.data as { deployments: { kind: string; version: number; status: string }[] }).deployments.map((d) => `${d.kind} v${d.version} ${d.status}`)).toEqual(['rollback v1 succeeded', 'deploy v2 succeeded', 'deploy v1 succeeded']);
      const rendered = (await h.deps.cards.render({ kind: 'deployment', id: String(live.id) }))!;
      const fieldsOf = (r: typeof rendered) => Object.fromEntries((r.blocks[0] as unknown as { fields: { label: string; value: string }[] }).fields.map((f) => [f.label, f.value]));
      expect(fieldsOf(rendered)).toMatchObject({ Change: 'v2 → v1 (automatic rollback)', Approvals: 'not required (automatic rollback)', Status: expect.stringMatching(/^Succeeded/) });
      expect(rendered.blocks).toContainEqual({ kind: 'text', text: expect.stringMatching(/^\*\*Gates\*\* \(advisory: an automatic rollback does not wait for them\)\n(.*\n)*✗ latency_ms is not recorded on the candidate/) });
      expect((await h.say('approvals', 'bob')).data).toEqual({ pending: [] });
    } finally {
      await health.close();
    }
  });
});

describe.each(drivers())('automatic rollback with a request still open, on %s', (driver) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await freshDatabase(driver);
  });
  afterEach(async () => db.close());

  it('supersedes a request still awaiting approval (cancelled, audited, card updated) and puts the earlier version back live', async () => {
    const yaml = `
roles:
  approver: [read]
members:
  "console:alice": [admin]
  "console:bob": [approver]
  "console:carol": [approver]
policies:
  production: { approvals: 2, approverRoles: [approver] }
`;
    const h = deployHarness({ store: drizzleStore(db.db), config: configFromYaml(yaml), target: new ScriptedTarget(() => ({ state: 'succeeded' })) });
    for (const v of [1, 2, 3]) await h.say(`register fraud-detector s3://m/${v} --sha256 ${HEX64(String(v))}`);
    for (const v of [1, 2]) {
      const id = (await h.say(`deploy fraud-detector ${v} to production`, 'alice')).data as { id: number };
      await h.say(`approve ${id.id}`, 'bob');
      await h.say(`approve ${id.id}`, 'carol');
      await h.runner.idle();
    }
    const v2 = (await h.store.read.deployments.liveAt((await h.store.read.models.byName('fraud-detector'))!.id, 'production'))!;
    expect(v2.version).toBe(2);
    const waiting = ((await h.say('deploy fraud-detector 3 to production', 'alice')).data as { id: number }).id;

    await reportFailedCheck(h.steward.postDeploy, v2, 'GET /healthz answered 503', true);
    await h.runner.idle();

    const cancelled = await h.store.read.deployments.byId(waiting);
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: expect.stringMatching(/^superseded by automatic rollback #\d+/) });
    const status = await h.say('status fraud-detector');
    expect(status.data).toMatchObject({ live: [{ environment: 'staging', version: null }, { environment: 'production', version: 1, by: 'system:steward' }] });
    const [audit] = await h.store.read.audit.recent({ target: `deployment:${waiting}`, limit: 1 });
    expect(audit).toMatchObject({ actor: 'system:steward', action: 'deploy.cancelled', details: { was: 'awaiting_approval', automatic: true } });
    const line = h.publisher.posts.map((p) => JSON.stringify(p.reply.blocks)).find((t) => t.includes('Rolling back to v1 automatically'));
    expect(line).toBeDefined();
    // its card now says why, and offers no Approve button
    const card = await h.deps.cards.render({ kind: 'deployment', id: String(waiting) });
    expect(JSON.stringify(card?.blocks)).toMatch(/Cancelled: superseded by automatic rollback #\d+/);
    expect(card?.buttons ?? []).toEqual([]);
  });
});
