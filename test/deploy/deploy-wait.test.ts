import { afterEach, describe, expect, it } from 'vitest';
import { runVerb } from '../../src/cli/run-verb.js';
import { takeWait } from '../../src/cli/deploy-wait.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { awaitDeployment } from '../../src/deploy/await-deployment.js';
import { type DeploymentProgress, progressLines } from '../../src/deploy/domain/deployment-progress.js';
import { ScriptedTarget } from '../fakes/scripted-target.js';
import { freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { configFromYaml } from '../helpers/test-config.js';

const YAML = `
members:
  "cli:ci": [admin]
  "console:bob": [approver]
  "console:carol": [approver]
roles:
  approver: [read]
policies:
  staging:
    approvals: 0
  production:
    approvals: 2
    approverRoles: [approver]
    expiry: 24h
`;

let db: TestDatabase | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

/** A Steward on PGlite with the real runner and a scripted target, and a CLI io that records lines. */
async function setUp(outcome: 'succeeded' | 'failed' = 'succeeded', yaml = YAML) {
  db = await freshDatabase('pglite');
  const target = new ScriptedTarget(() => (outcome === 'succeeded' ? { state: 'succeeded', message: 'deployed' } : { state: 'failed', message: 'the cluster said no' }));
  const h = deployHarness({ store: drizzleStore(db.db), config: configFromYaml(yaml), target });
  const asCi = (text: string) => h.app.handleText({ actor: { platform: 'cli', id: 'ci' }, channel: { platform: 'cli', id: 'cli' }, text });
  expect((await asCi('register fraud s3://m/1')).error).toBeUndefined();
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
  const wait = (...argv: string[]) => runVerb(h.app, 'ci', argv, io, { store: h.store, pollMs: 20 });
  return { h, out, err, wait, asCi };
}

/** Wait (by polling the store) until deployment 1 has this status. */
async function statusIs(h: Awaited<ReturnType<typeof setUp>>['h'], status: string) {
  for (let i = 0; i < 500; i++) {
    if ((await h.store.read.deployments.byId(1))?.status === status) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`deployment 1 never became ${status}`);
}

describe('steward deploy … --wait (in process, PGlite, the real runner)', () => {
  it('prints each approval and the rollout, and exits 0 when it succeeded', async () => {
    const { h, out, err, wait } = await setUp();
    const done = wait('deploy', 'fraud', '1', 'to', 'production', '--wait', '--timeout', '1m');
    await statusIs(h, 'awaiting_approval');
    await new Promise((r) => setTimeout(r, 60));
    expect((await h.say('/mlops approve 1', 'bob')).error).toBeUndefined();
    await new Promise((r) => setTimeout(r, 60));
    expect((await h.say('/mlops approve 1', 'carol')).error).toBeUndefined();
    expect(await done).toBe(0);
    const lines = out.slice(1); // the first is the request's card
    expect(lines).toEqual(['Deployment #1: fraud v1 to production — awaiting approval (0 of 2)', 'approved by bob (1 of 2)', 'approved by carol (2 of 2)', 'approved, queued to run', 'rolling out', expect.stringMatching(/^succeeded in \d+ s$/)]);
    expect(err).toEqual([]);
  });

  it('exits 1 after a rejection, saying who rejected it and why', async () => {
    const { h, out, err, wait } = await setUp();
    const done = wait('deploy', 'fraud', '1', 'to', 'production', '--wait');
    await statusIs(h, 'awaiting_approval');
    expect((await h.say('/mlops reject 1 not during the sale', 'carol')).error).toBeUndefined();
    expect(await done).toBe(1);
    expect(out.at(-1)).toBe('rejected by carol: not during the sale');
    expect(err).toEqual(['steward: deployment #1 did not succeed: it was rejected.']);
  });

  it('exits 1 when the rollout failed; with --format json the lines go to stderr and the last reading to stdout', async () => {
    const { out, err, wait } = await setUp('failed');
    expect(await wait('deploy', 'fraud', '1', 'to', 'staging', '--wait', '--format', 'json')).toBe(1);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ id: 1, status: 'failed', outcome: 'failed', needed: 0, approvals: [], timedOut: false, exitCode: 1, reason: expect.stringContaining('the cluster said no') });
    expect(err[0]).toMatch(/^Deployment #1: fraud v1 to staging — /);
    expect(err.at(-2)).toMatch(/^failed: .*the cluster said no/);
    expect(err.at(-1)).toBe('steward: deployment #1 did not succeed: it failed.');
  });

  it('rollback … --wait follows the rollback the same way', async () => {
    const { out, wait, asCi } = await setUp();
    expect(await wait('deploy', 'fraud', '1', 'to', 'staging', '--wait')).toBe(0);
    expect((await asCi('register fraud s3://m/2')).error).toBeUndefined();
    expect(await wait('deploy', 'fraud', '2', 'to', 'staging', '--wait')).toBe(0);
    out.length = 0;
    expect(await wait('rollback', 'fraud', 'in', 'staging', '--wait', '--timeout', '1m')).toBe(0);
    // how much of it the first reading catches depends on the runner's pace: it opens with the rollback and ends with its success
    expect(out[1]).toMatch(/^Rollback #3: fraud v1 to staging — /);
    expect(out.at(-1)).toMatch(/succeeded in \d+ s$/);
  });

  it('exits 5 when the time runs out first, saying where the request stands', async () => {
    const { h, err, wait } = await setUp();
    const t0 = Date.now();
    expect(await wait('deploy', 'fraud', '1', 'to', 'production', '--wait', '--timeout=1s')).toBe(5);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(err).toEqual(['steward: stopped waiting after 1s: deployment #1 is still awaiting approval (0 of 2); it goes on without this command (steward history fraud production).']);
    expect((await h.store.read.deployments.byId(1))?.status).toBe('awaiting_approval');
  });

  it('says when failed gates block the request until an override is approved', async () => {
    const { out, wait } = await setUp('succeeded', `${YAML}    gates:\n      metrics: [{ metric: auc, min: 0.9 }]\n`);
    expect(await wait('deploy', 'fraud', '1', 'to', 'production', '--wait', '--timeout', '1s')).toBe(5);
    expect(out[1]).toBe('Deployment #1: fraud v1 to production — awaiting approval (0 of 2), blocked by failed gates until an override is approved');
  });

  it('refuses --wait without a shared database, and malformed options, before requesting anything', async () => {
    const { h, err } = await setUp();
    const io = { out: () => {}, err: (s: string) => err.push(s) };
    expect(await runVerb(h.app, 'ci', ['deploy', 'fraud', '1', 'to', 'staging', '--wait'], io)).toBe(2);
    expect(err.pop()).toMatch(/^steward: --wait needs a database other processes share \(DATABASE_URL, PostgreSQL\)/);
    expect(await h.store.read.deployments.byId(1)).toBeNull();
  });
});

describe('--wait and --timeout are parsed strictly', () => {
  it.each([
    [['deploy', 'm', '1', 'to', 'staging', '--timeout', '2h'], '--timeout goes with --wait: steward deploy <model> <version> to <env> --wait --timeout 2h'],
    [['deploy', 'm', '1', 'to', 'staging', '--wait', '--timeout', 'soon'], '--timeout takes a duration such as 30m, 2h or 1d, got "soon"'],
    [['deploy', 'm', '1', 'to', 'staging', '--wait', '--timeout'], '--timeout takes a duration such as 30m, 2h or 1d, got nothing'],
    [['deploy', 'm', '1', 'to', 'staging', '--wait', '--wait'], '--wait is given twice; give it once'],
    [['deploy', 'm', '1', 'to', 'staging', '--wait=yes'], '--wait is a switch and takes no value; the time limit is --timeout, e.g. --wait --timeout 2h'],
    [['models', '--wait'], '--wait goes with steward deploy or steward rollback, not models'],
  ])('%j', (argv, error) => {
    expect(takeWait(argv)).toEqual({ error });
  });

  it('takes them out of the verb’s arguments, and leaves what follows -- alone', () => {
    expect(takeWait(['deploy', 'm', '1', 'to', 'production', '--wait', '--timeout', '90m', '--reason', 'x'])).toEqual({ args: ['deploy', 'm', '1', 'to', 'production', '--reason', 'x'], wait: { timeoutSeconds: 5400 } });
    expect(takeWait(['rollback', 'm', 'in', 'production', '--wait'])).toEqual({ args: ['rollback', 'm', 'in', 'production'], wait: { timeoutSeconds: null } });
    expect(takeWait(['reject', '4', '--', '--wait'])).toEqual({ args: ['reject', '4', '--', '--wait'], wait: null });
  });

  it('in chat, --wait and --timeout are refused with a pointer (waiting is the CLI’s), and nothing is requested', async () => {
    const { h } = await setUp();
    const r = await h.say('/mlops deploy fraud 1 to staging --wait', 'bob');
    expect(r.error).toBe('bad_input');
    expect(r.out).toContain('--wait works on the command line only (steward deploy … --wait); here, follow the card; over the HTTP API, wait with GET /api/v1/deployments/<id>?wait=30s.');
    expect((await h.say('/mlops rollback fraud in staging --timeout 1h', 'bob')).out).toContain('--timeout works on the command line only (steward rollback … --timeout)');
    expect((await h.say('/mlops deploy fraud 1 to staging --wiat', 'bob')).out).toContain('deploy has no option --wiat.');
    expect(await h.store.read.deployments.byId(1)).toBeNull();
  });
});

describe('the waiting loop', () => {
  const base: DeploymentProgress = { id: 3, model: 'm', version: 2, environment: 'production', kind: 'deploy', status: 'awaiting_approval', requestedBy: 'alice', requestedAt: '2026-01-01T00:00:00.000Z', approvals: [], needed: 2, rejectedBy: null, overrideBy: null, blocked: false, expiresAt: null, startedAt: null, finishedAt: null, attempts: 0, targetUrl: null, reason: null, outcome: null };
  const at = (s: string) => ({ by: s, at: '2026-01-01T00:01:00.000Z' });

  it('tells states it never saw between two readings, in order', () => {
    const done: DeploymentProgress = { ...base, status: 'succeeded', outcome: 'succeeded', approvals: [at('bob'), at('carol')], startedAt: '2026-01-01T00:02:00.000Z', finishedAt: '2026-01-01T00:02:12.000Z', attempts: 1, targetUrl: 'https://ci.example/run/9' };
    expect(progressLines(base, done)).toEqual(['approved by bob (1 of 2)', 'approved by carol (2 of 2)', 'approved, queued to run', 'rolling out', 'target run: https://ci.example/run/9', 'succeeded in 12 s']);
    const running = { ...base, status: 'running' as const, approvals: [at('bob'), at('carol')], attempts: 1 };
    expect(progressLines(running, { ...running, attempts: 2 })).toEqual(['retrying (attempt 2)']);
    expect(progressLines(base, { ...base, status: 'expired', outcome: 'expired', approvals: [at('bob')] })).toEqual(['approved by bob (1 of 2)', 'expired without a quorum (1 of 2)']);
  });

  it('returns at the first change with firstChange (the API’s long poll), and times out on a fixed clock without waiting', async () => {
    const { h, asCi } = await setUp();
    expect((await asCi('deploy fraud 1 to production')).error).toBeUndefined();
    let now = Date.parse('2030-01-01T00:00:00Z');
    const clock = { now: () => new Date(now) };
    const slept: number[] = [];
    const timedOut = await awaitDeployment({ store: h.store, clock, sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    } }, 1, { until: new Date(now + 2500), pollMs: 1000 });
    expect(timedOut).toMatchObject({ ok: true, value: { timedOut: true, progress: { status: 'awaiting_approval' } } });
    expect(slept).toEqual([1000, 1000, 500]);

    let n = 0;
    const changed = await awaitDeployment({ store: h.store, clock, sleep: async () => {
      if (++n === 2) await h.say('/mlops approve 1', 'bob');
    } }, 1, { until: null, pollMs: 1000, firstChange: true });
    expect(changed).toMatchObject({ ok: true, value: { timedOut: false, progress: { status: 'awaiting_approval', approvals: [{ by: 'bob' }] } } });
    expect(await awaitDeployment({ store: h.store, clock, sleep: async () => {} }, 99, { until: null, pollMs: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
