import { describe, expect, it } from 'vitest';
import { HEX64, harness } from '../../helpers/harness.js';
import { configFromYaml } from '../../helpers/test-config.js';

const YAML = `
roles:
  ml-engineer: [read, register, "deploy:*"]
  releaser: [read, "rollback:*"]
  oncall: [read, "rollback:*"]
  approver: [read]
members:
  "console:alice": [ml-engineer]
  "console:rita": [releaser]
  "console:olga": [oncall]
  "console:bob": [approver]
  "console:carol": [approver]
policies:
  production:
    approvals: 2
    approverRoles: [approver]
    overrideRoles: [admin]
    noApproval: { deploy: [], rollback: [oncall] }
    gates:
      metrics: [{ metric: auc, min: 0.9 }]
      noRegression: [{ metric: auc, maxDrop: 0.01 }]
`;

const requestId = (r: { data?: unknown }) => (r.data as { id: number }).id;
const field = (out: string, label: string) => out.match(new RegExp(`^\\s*${label}:\\s+(.*)$`, 'm'))?.[1];

/** v1 (auc 0.93) was live, then v2 (auc 0.95) replaced it: v1 now fails "auc vs live" (−0.02). */
async function setup() {
  const h = harness({ config: configFromYaml(YAML) });
  const live = async (v: number, auc: number) => {
    await h.say(`register fraud-detector s3://m/${v} --sha256 ${HEX64(String(v))} --metric auc=${auc}`, 'alice');
    const id = requestId(await h.say(`deploy fraud-detector ${v} to production`, 'alice'));
    await h.say(`approve ${id}`, 'bob');
    await h.say(`approve ${id}`, 'carol');
    // finished as the executor would
    await h.store.transaction(async (tx) => ({ ok: true as const, value: await tx.deployments.update(id, { status: 'succeeded', startedAt: h.clock.now(), finishedAt: h.clock.now() }) }));
    h.clock.advance(60_000);
    return id;
  };
  await live(1, 0.93);
  const second = await live(2, 0.95);
  h.executor.submitted.length = 0;
  return { h, second };
}

describe('rollbacks under the rollback policy', () => {
  it('a rollback to a version that was live before needs the policy approvals but no override: its failed gates are shown as advisory', async () => {
    const { h } = await setup();
    const req = await h.say('rollback fraud-detector in production', 'rita');
    expect(req.error).toBeUndefined();
    const id = requestId(req);
    expect(field(req.out, 'Change')).toBe('v2 → v1 (rollback)');
    expect(field(req.out, 'Approvals')).toBe('0 of 2');
    expect(field(req.out, 'Status')).toBe('Awaiting approval');
    expect(req.out).toContain('Gates (advisory for a rollback to a version that was live before)\n✓ auc 0.93 ≥ 0.9\n✗ auc 0.93 vs live v2 0.95 (−0.02): drops more than the allowed 0.01');
    expect(req.out).not.toContain('cannot be approved unless an override');
    expect(req.buttons?.map((b) => b.label)).toEqual(['Approve', 'Reject']);

    const one = await h.say(`approve ${id}`, 'bob');
    expect(one.ephemeral).toBeUndefined();
    expect(field(one.out, 'Status')).toBe('Awaiting approval');
    const two = await h.say(`approve ${id}`, 'carol');
    expect(field(two.out, 'Status')).toBe('Approved — queued to run');
    expect(h.executor.submitted).toEqual([id]);

    const [requested] = await h.store.read.audit.recent({ target: `deployment:${id}`, limit: 10 }).then((es) => es.filter((e) => e.action === 'rollback.requested'));
    expect(requested!.details).toMatchObject({ requiredApprovals: 2, automatic: false, restoresVersionLiveBefore: true, gatesAdvisory: true, gates: [{ name: 'auc', passed: true }, { name: 'auc vs live', passed: false }] });
  });

  it('a noApproval.rollback role rolls back to a version that was live before at once, whatever its gates say', async () => {
    const { h } = await setup();
    const r = await h.say('rollback fraud-detector in production', 'olga');
    expect(field(r.out, 'Approvals')).toBe('not required');
    expect(field(r.out, 'Status')).toBe('Approved — queued to run');
    expect(r.out).toContain('✗ auc 0.93 vs live v2 0.95 (−0.02)');
    expect(h.executor.submitted).toEqual([requestId(r)]);
  });

  it('a rollback to a version never live in the environment is governed as a deploy: deploy approvals and blocking gates', async () => {
    const { h } = await setup();
    await h.say(`register fraud-detector s3://m/3 --sha256 ${HEX64('3')} --metric auc=0.8`, 'alice');
    const r = await h.say('rollback fraud-detector in production to 3', 'olga');
    const id = requestId(r);
    expect(field(r.out, 'Approvals')).toBe('0 of 2');
    expect(field(r.out, 'Status')).toBe('Blocked by 2 failed gates — needs an override');
    expect(r.out).toContain('Gates\n✗ auc 0.8 is below the minimum 0.9');
    expect(r.buttons?.map((b) => b.label)).toEqual(['Approve', 'Reject', 'Request override']);
    await h.say(`approve ${id}`, 'bob');
    await h.say(`approve ${id}`, 'carol');
    expect((await h.store.read.deployments.byId(id))!.status).toBe('awaiting_approval');
    expect(h.executor.submitted).toEqual([]);
    const [requested] = (await h.store.read.audit.recent({ target: `deployment:${id}`, limit: 10 })).filter((e) => e.action === 'rollback.requested');
    expect(requested!.details).toMatchObject({ requiredApprovals: 2, noApprovalRole: false, restoresVersionLiveBefore: false, gatesAdvisory: false });
  });
});
