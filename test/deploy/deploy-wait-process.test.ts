import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';
import { spawnSteward, type StewardChild, startSteward, stewardOnce, until } from '../helpers/steward-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = 'whsec-wait-test';

const freePort = () =>
  new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });

const children: StewardChild[] = [];
let receiver: WebhookReceiver | null = null;
let db: TestDatabase | null = null;
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exited;
  }
  await receiver?.close();
  receiver = null;
  await db?.close();
  db = null;
});

/**
 * Separate OS processes on one PostgreSQL, as in CI: a `steward start` serving the HTTP API (the
 * signed deploy callback) next to a webhook receiver that accepts and calls back; the pipeline's
 * `steward deploy … --wait`; approvers deciding through one-shot `steward chat -c … --as`.
 */
describe.runIf(hasPostgres())('a pipeline waits for sign-off: steward deploy … --wait (separate OS processes, one PostgreSQL)', () => {
  async function setUp() {
    db = await freshDatabase('postgres');
    const port = await freePort();
    receiver = await new WebhookReceiver({ secret: SECRET }).start();
    receiver.acceptThenCallBack(`http://127.0.0.1:${port}`, { status: 'succeeded', message: 'rolled out' }, { delayMs: 300 });
    const dir = tempDir('deploy-wait');
    writeFileSync(
      join(dir, 'steward.yaml'),
      `roles:\n  approver: [read]\nmembers:\n  "cli:*": [admin]\n  "console:bob": [approver]\n  "console:carol": [approver]\npolicies:\n  production:\n    approvals: 2\n    approverRoles: [approver]\n    expiry: 24h\ntargets:\n  production:\n    kind: webhook\n    url: ${receiver.url}\n    secretEnv: STEWARD_WEBHOOK_SECRET\n    timeout: 2s\ndeploys:\n  lease: 2s\n  poll: 200ms\n  deadline: 2m\n`,
    );
    const env = { DATABASE_URL: db.url!, STEWARD_CONFIG: join(dir, 'steward.yaml'), STEWARD_DATA_DIR: dir, STEWARD_WEBHOOK_SECRET: SECRET, STEWARD_USER: 'ci-bot' };
    const server = startSteward({ ...env, STEWARD_HTTP_PORT: String(port), STEWARD_USER: 'ops' });
    children.push(server);
    await server.waitFor(/HTTP API listening on/);
    const store = drizzleStore(db.db);
    await until('the server’s heartbeat', async () => (await store.read.instances.seenSince(new Date(Date.now() - 60_000))).length > 0);
    expect((await stewardOnce(['register', 'fraud-detector', 's3://models/fd/1'], env)).code).toBe(0);
    const wait = (...argv: string[]) => {
      const c = spawnSteward(['deploy', 'fraud-detector', ...argv], env);
      children.push(c);
      return c;
    };
    const decide = (line: string, as: string) => stewardOnce(['chat', '-c', line, '--as', as], env);
    return { env, store, wait, decide };
  }

  const progress = (stdout: string) => stdout.slice(stdout.indexOf('Deployment #')).trimEnd().split('\n');

  it('exits 0 after two chat approvals and a successful rollout, printing each step', async () => {
    const { wait, decide, store } = await setUp();
    const ci = wait('1', 'to', 'production', '--wait', '--timeout', '5m');
    await ci.waitFor(/Deployment #1: fraud-detector v1 to production — awaiting approval \(0 of 2\)/);
    expect((await decide('/mlops approve 1', 'bob')).code).toBe(0);
    await ci.waitFor(/approved by bob \(1 of 2\)/);
    expect((await decide('/mlops approve 1', 'carol')).code).toBe(0);
    const { code } = await ci.exited;
    expect({ code, stderr: ci.out.stderr }).toEqual({ code: 0, stderr: '' });
    expect(progress(ci.out.stdout)).toEqual([
      'Deployment #1: fraud-detector v1 to production — awaiting approval (0 of 2)',
      'approved by bob (1 of 2)',
      'approved by carol (2 of 2)',
      ...(ci.out.stdout.includes('approved, queued to run') ? ['approved, queued to run'] : []),
      'rolling out',
      `target run: ${receiver!.url.replace(/\/deploy$/, '')}/runs/1`,
      expect.stringMatching(/^succeeded in \d+ s$/),
    ]);
    expect(ci.out.stdout).toContain('Deploy fraud-detector v1 to production'); // the request's card comes first
    expect((await store.read.deployments.byId(1))?.status).toBe('succeeded');
    expect(receiver!.received.every((r) => r.signatureOk)).toBe(true);
  }, 120_000);

  it('exits 1 after a rejection in chat, 130 on Ctrl-C and 5 when the time runs out first; the request goes on', async () => {
    const { wait, decide, store } = await setUp();
    const rejected = wait('1', 'to', 'production', '--wait');
    await rejected.waitFor(/awaiting approval \(0 of 2\)/);
    expect((await decide('/mlops approve 1', 'bob')).code).toBe(0);
    await rejected.waitFor(/approved by bob \(1 of 2\)/);
    expect((await decide('/mlops reject 1 not during the sale', 'carol')).code).toBe(0);
    expect((await rejected.exited).code).toBe(1);
    expect(progress(rejected.out.stdout)).toEqual(['Deployment #1: fraud-detector v1 to production — awaiting approval (0 of 2)', 'approved by bob (1 of 2)', 'rejected by carol: not during the sale']);
    expect(rejected.out.stderr.trim()).toBe('steward: deployment #1 did not succeed: it was rejected.');
    expect(receiver!.received).toEqual([]);

    const stopped = wait('1', 'to', 'production', '--wait');
    await stopped.waitFor(/Deployment #2: .* awaiting approval \(0 of 2\)/);
    stopped.proc.kill('SIGINT');
    expect((await stopped.exited).code).toBe(130);
    expect(stopped.out.stderr.trim()).toBe('steward: stopped waiting: deployment #2 is still awaiting approval (0 of 2); it goes on without this command.');
    expect((await store.read.deployments.byId(2))?.status).toBe('awaiting_approval');
    expect((await decide('/mlops reject 2 later', 'bob')).code).toBe(0);

    const slow = wait('1', 'to', 'production', '--wait', '--timeout', '2s', '--format', 'json');
    expect((await slow.exited).code).toBe(5);
    expect(JSON.parse(slow.out.stdout)).toMatchObject({ id: 3, status: 'awaiting_approval', outcome: null, timedOut: true, exitCode: 5 });
    expect(slow.out.stderr.trim().split('\n')).toEqual([
      'Deployment #3: fraud-detector v1 to production — awaiting approval (0 of 2)',
      'steward: stopped waiting after 2s: deployment #3 is still awaiting approval (0 of 2); it goes on without this command (steward history fraud-detector production).',
    ]);
    expect((await store.read.deployments.byId(3))?.status).toBe('awaiting_approval');
  }, 120_000);
});
