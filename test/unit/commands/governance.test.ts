import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { verifyChain } from '../../../src/governance/domain/hash-chain.js';
import { HEX64, harness } from '../../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../../helpers/test-config.js';

const GOOD = '--metric auc=0.93 --fairness demographicParityRatio=0.9 --intended-use "fraud review"';

async function setup() {
  const h = harness({ config: configFromYaml(GOVERNANCE_YAML) });
  await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')} ${GOOD}`, 'alice');
  await h.say(`register fraud-detector s3://m/2 --sha256 ${HEX64('2')} ${GOOD}`, 'alice');
  return h;
}

const requestId = (r: { data?: unknown }) => (r.data as { id: number }).id;

describe('deploy requests and N-of-M approval', () => {
  it('2 of 3: one approval leaves it pending, a second distinct approver approves and hands it to the executor once', async () => {
    const h = await setup();
    const req = await h.say('/mlops deploy fraud-detector 2 to production --reason "new features"', 'alice');
    expect(req.error).toBeUndefined();
    expect(req.title).toBe('Deploy fraud-detector v2 to production');
    expect(req.out).toMatch(/Approvals:\s+0 of 2/);
    expect(req.out).toContain('[1] Approve   [2] Reject');
    const id = requestId(req);

    const one = await h.say(`approve ${id}`, 'bob');
    expect(one.out).toMatch(/Approvals:\s+1 of 2: @bob/);
    expect(one.out).toMatch(/Status:\s+Awaiting approval/);
    expect(h.executor.submitted).toEqual([]);

    const again = await h.say(`approve ${id}`, 'bob');
    expect(again.error).toBe('conflict');
    expect(again.out).toContain('one person counts once');

    const two = await h.click({ v: 1, a: 'approve', id: String(id) }, 'carol');
    expect(two.out).toMatch(/Approvals:\s+2 of 2: @bob, @carol/);
    expect(two.out).toMatch(/Status:\s+Approved/);
    expect(two.buttons).toEqual([]);
    expect(h.executor.submitted).toEqual([id]);

    const late = await h.say(`approve ${id}`, 'dave');
    expect(late.out).toContain('is already approved');
    expect(h.executor.submitted).toEqual([id]);
  });

  it('refuses the requester approving their own request, privately, and records nothing', async () => {
    const h = await setup();
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    const self = await h.click({ v: 1, a: 'approve', id: String(id) }, 'alice');
    expect(self.error).toBe('forbidden');
    expect(self.ephemeral).toBe(true);
    expect(self.out).toContain('you cannot approve it: the production policy requires someone else');
    expect(await h.store.read.decisions.list(id)).toEqual([]);
  });

  it('refuses a user without an approver role, naming the role needed', async () => {
    const h = await setup();
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    const r = await h.click({ v: 1, a: 'approve', id: String(id) }, 'erin');
    expect(r.error).toBe('forbidden');
    expect(r.ephemeral).toBe(true);
    expect(r.out).toContain('Approving in production needs the role approver; you have ml-engineer, viewer.');
    expect(await h.store.read.decisions.list(id)).toEqual([]);
  });

  it('refuses unknown and forged request ids', async () => {
    const h = await setup();
    expect((await h.say('approve 999', 'bob')).out).toContain('There is no deployment request #999');
    expect((await h.click({ v: 1, a: 'approve', id: '1 OR 1=1' }, 'bob')).out).toContain('is not a request id');
    expect((await h.say('approve abc', 'bob')).error).toBe('bad_input');
  });

  it('a rejection needs a reason; with one it rejects and shows who and why', async () => {
    const h = await setup();
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    expect((await h.say(`reject ${id}`, 'bob')).out).toContain('reject needs <reason>');
    expect((await h.click({ v: 1, a: 'reject', id: String(id) }, 'bob')).out).toContain('Rejecting needs a reason');
    expect((await h.click({ v: 1, a: 'reject', id: String(id) }, 'bob', ' ')).error).toBe('bad_input');
    expect((await h.store.read.deployments.byId(id))!.status).toBe('awaiting_approval');
    const r = await h.say(`reject ${id} recall regressed on the holdout`, 'bob');
    expect(r.out).toMatch(/Status:\s+Rejected: recall regressed on the holdout/);
    expect(r.out).toContain('@bob rejected at');
    expect((await h.say(`approve ${id}`, 'carol')).out).toContain('is already rejected');
  });

  it('an expired request refuses approvals, and is marked expired', async () => {
    const h = await setup();
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    await h.say(`approve ${id}`, 'bob');
    h.clock.advance(24 * 3_600_000 + 1);
    const r = await h.click({ v: 1, a: 'approve', id: String(id) }, 'carol');
    expect(r.error).toBe('expired');
    expect(r.out).toContain(`Request #${id} expired`);
    expect((await h.store.read.deployments.byId(id))!.status).toBe('expired');
    expect(h.executor.submitted).toEqual([]);
  });

  it('a mistyped environment is refused, never defaulted', async () => {
    const h = await setup();
    const r = await h.say('deploy fraud-detector 2 to prod', 'alice');
    expect(r.out).toContain('prod is not an environment. Did you mean production?');
    expect(await h.store.read.deployments.open()).toEqual([]);
  });

  it('staging needs no approval: the request is approved and handed off at once', async () => {
    const h = await setup();
    const r = await h.say('deploy fraud-detector 2 to staging', 'alice');
    expect(r.out).toMatch(/Approvals:\s+not required/);
    expect(h.executor.submitted).toEqual([requestId(r)]);
  });

  it('one open request per model and environment', async () => {
    const h = await setup();
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    const r = await h.say('deploy fraud-detector 1 to production', 'erin');
    expect(r.error).toBe('busy');
    expect(r.out).toContain(`production already has request #${id} for fraud-detector v2 awaiting approval (requested by @alice`);
  });
});

describe('gates and overrides', () => {
  it('shows each gate with its numbers; a failed gate blocks approval until an admin approves the override', async () => {
    const h = await setup();
    await h.say(`register fraud-detector s3://m/3 --sha256 ${HEX64('3')} --metric auc=0.88 --fairness demographicParityRatio=0.7`, 'alice');
    const req = await h.say('deploy fraud-detector 3 to production', 'alice');
    const id = requestId(req);
    expect(req.out).toContain('✗ auc 0.88 is below the minimum 0.9');
    expect(req.out).toContain('✓ auc: nothing is live yet, so there is no regression to check');
    expect(req.out).toContain('✗ demographicParityRatio 0.7 is below the minimum 0.8');
    expect(req.out).toContain('✗ missing intendedUse — register with --intended-use');
    expect(req.out).toContain('[3] Request override');

    await h.say(`approve ${id}`, 'bob');
    const quorum = await h.say(`approve ${id}`, 'carol');
    expect(quorum.out).toContain('stays blocked by 3 failed gates');
    expect(h.executor.submitted).toEqual([]);

    expect((await h.say(`approve ${id} --override`, 'root')).out).toContain('No override was requested');
    const asked = await h.click({ v: 1, a: 'override', id: String(id) }, 'alice', 'fraud spike, PM signed off');
    expect(asked.out).toContain('Override requested by @alice: fraud spike, PM signed off');
    expect(asked.buttons?.map((b) => b.label)).toContain('Approve override');
    expect((await h.say(`approve ${id} --override`, 'bob')).out).toContain('needs the role admin');

    const ok = await h.click({ v: 1, a: 'override_approve', id: String(id) }, 'root');
    expect(ok.out).toMatch(/Status:\s+Approved/);
    expect(ok.out).toContain('Override approved by @root');
    expect(h.executor.submitted).toEqual([id]);

    const events = await h.store.read.audit.recent({ target: `deployment:${id}`, limit: 10 });
    expect(events.map((e) => e.action).reverse()).toEqual(['deploy.requested', 'deploy.approved', 'deploy.approved', 'deploy.override_requested', 'deploy.override_approved']);
    expect(events[0]!.details).toMatchObject({ override: true, status: 'approved' });
    const v = verifyChain(await h.store.read.audit.scan(0, 1000), await h.store.read.audit.head(), (s) => createHash('sha256').update(s).digest('hex'));
    expect(v.ok).toBe(true);
  });

  it('a request whose gates failed says it is blocked from the start; each approver is told at once which gates and what unblocks it', async () => {
    const h = await setup();
    await h.say(`register fraud-detector s3://m/3 --sha256 ${HEX64('3')} --metric auc=0.88 --fairness demographicParityRatio=0.7`, 'alice');
    const req = await h.say('deploy fraud-detector 3 to production', 'alice');
    const id = requestId(req);
    expect(req.out).toMatch(/Status:\s+Blocked by 3 failed gates — needs an override\n/);
    expect(req.tone).toBe('warning');
    const listed = await h.say('approvals', 'bob');
    expect(listed.out).toContain('Blocked by 3 failed gates — needs an override');
    expect((listed.data as { pending: unknown[] }).pending).toEqual([expect.objectContaining({ id, blocked: true, status: 'Blocked by 3 failed gates — needs an override' })]);

    const one = await h.say(`approve ${id}`, 'bob');
    expect(one.error).toBeUndefined();
    expect(one.ephemeral).toBe(true);
    expect(one.title).toBe(`Request #${id} stays blocked`);
    expect(one.out).toContain(`Your approval is recorded (1 of 2), but request #${id} (fraud-detector v3 to production) stays blocked by 3 failed gates:\n✗ auc 0.88 is below the minimum 0.9\n✗ demographicParityRatio 0.7 is below the minimum 0.8\n✗ missing intendedUse — register with --intended-use`);
    expect(one.out).toContain(`To unblock it, someone who may deploy to production asks for an override — /mlops override ${id} <reason> — and then someone with the role admin approves it: /mlops approve ${id} --override.`);
    expect((await h.store.read.decisions.list(id)).map((x) => [x.actor, x.kind])).toEqual([['console:bob', 'approve']]);
    expect((await h.say(`approve ${id}`, 'carol')).out).toContain('Your approval is recorded (2 of 2), but');
    const approved = (await h.store.read.audit.recent({ target: `deployment:${id}`, limit: 10 })).find((e) => e.action === 'deploy.approved');
    expect(approved!.details).toMatchObject({ approvals: 2, status: 'awaiting_approval', blockedBy: ['auc', 'demographicParityRatio', 'model card'] });

    await h.say(`override ${id} fraud spike, PM signed off`, 'alice');
    expect((await h.deps.cards.render({ kind: 'deployment', id: String(id) }))!.blocks[0]).toMatchObject({ fields: expect.arrayContaining([{ label: 'Status', value: 'Blocked by 3 failed gates — override requested, needs an override role to approve it' }]) });
    const third = await h.say(`approve ${id}`, 'dave');
    expect(third.out).toContain(`An override was requested by @alice (“fraud spike, PM signed off”); it goes ahead once someone with the role admin approves the override: /mlops approve ${id} --override.`);
    const done = await h.say(`approve ${id} --override`, 'root');
    expect(done.ephemeral).toBeUndefined();
    expect(done.out).toMatch(/Status:\s+Approved/);
    expect(h.executor.submitted).toEqual([id]);
  });

  it('no-regression compares with what is live', async () => {
    const h = await setup();
    // make v2 live in production via two approvals, then mark it succeeded as an executor would
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    await h.say(`approve ${id}`, 'bob');
    await h.say(`approve ${id}`, 'carol');
    await h.store.transaction(async (tx) => ({ ok: true as const, value: await tx.deployments.update(id, { status: 'succeeded', startedAt: h.clock.now(), finishedAt: h.clock.now() }) }));
    await h.say(`register fraud-detector s3://m/4 --sha256 ${HEX64('4')} --metric auc=0.915 --fairness demographicParityRatio=0.9 --intended-use x`, 'alice');
    const r = await h.say('deploy fraud-detector 3 to production', 'alice');
    expect(r.out).toContain('✗ auc 0.915 vs live v2 0.93 (−0.015): drops more than the allowed 0.01');
  });
});

describe('policy and audit views', () => {
  it('policy shows what is in force', async () => {
    const h = await setup();
    const r = await h.say('/mlops policy production');
    expect(r.out).toMatch(/Approvals:\s+2 from approver, not the requester/);
    expect(r.out).toContain('metric auc ≥ 0.9; no regression: auc may drop at most 0.01 vs live; fairness demographicParityRatio ≥ 0.8; model card must have intendedUse');
  });

  it('audit lists recent events for a model, newest first', async () => {
    const h = await setup();
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    await h.say(`approve ${id}`, 'bob');
    const r = await h.say('/mlops audit fraud-detector');
    const actions = (r.data as { events: { action: string }[] }).events.map((e) => e.action);
    expect(actions).toEqual(['deploy.approved', 'deploy.requested', 'version.registered', 'version.registered', 'model.registered']);
  });

  it('`audit verify` typed in chat points to the CLI command that verifies, instead of looking for a model called verify', async () => {
    const h = await setup();
    const r = await h.say('/mlops audit verify');
    expect(r.error).toBe('bad_input');
    expect(r.out).toContain('audit verify is a command of the steward CLI on the server (steward audit verify: it needs the audit key)');
  });
});

describe('text typed into a dialog', () => {
  it('refuses a reject reason PostgreSQL cannot store, in one line, and records nothing', async () => {
    const h = await setup();
    const id = requestId(await h.say('deploy fraud-detector 2 to production', 'alice'));
    const r = await h.click({ v: 1, a: 'reject', id: String(id) }, 'bob', 'bad\u0000model');
    expect(r.error).toBe('bad_input');
    expect(r.out).toContain('contains a NUL character (U+0000) at position 4, which cannot be stored');
    expect(await h.store.read.decisions.list(id)).toEqual([]);
    expect((await h.store.read.deployments.byId(id))?.status).toBe('awaiting_approval');
  });
});
