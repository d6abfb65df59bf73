import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { freshDatabase, hasPostgres } from '../helpers/databases.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = join(import.meta.dirname, '../..');
const SECRET = 'whsec-process-test';

const freePort = () =>
  new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startSteward(env: Record<string, string>): { proc: ChildProcess; out: () => string } {
  let out = '';
  const proc = spawn('node', ['bin/steward.js', 'start'], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (out += String(d)));
  return { proc, out: () => out };
}

describe.runIf(hasPostgres())('a Steward process dies mid-deployment (separate OS processes, one PostgreSQL)', () => {
  it('a new instance on the same database takes the deployment over and finishes it from the signed callback', async () => {
    const db = await freshDatabase('postgres');
    const receiver = await new WebhookReceiver({ secret: SECRET }).start();
    receiver.answerWith(202, { status: 'accepted' }); // the callback comes later
    const dir = tempDir('reconcile');
    writeFileSync(
      join(dir, 'steward.yaml'),
      `members:\n  "console:*": [admin]\n  "cli:*": [admin]\ntargets:\n  staging:\n    kind: webhook\n    url: ${receiver.url}\n    secretEnv: STEWARD_WEBHOOK_SECRET\n    timeout: 2s\ndeploys:\n  lease: 2s\n  poll: 200ms\n  deadline: 2m\n`,
    );
    const env = { DATABASE_URL: db.url!, STEWARD_CONFIG: join(dir, 'steward.yaml'), STEWARD_DATA_DIR: dir, STEWARD_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'warn', STEWARD_USER: 'alice' };
    const io = { out: () => {}, err: () => {} };
    const procs: ChildProcess[] = [];
    try {
      expect(await main(['register', 'fraud-detector', 's3://m/1'], env, io)).toBe(0);
      expect(await main(['chat', '-c', '/mlops deploy fraud-detector 1 to staging'], env, io)).toBe(0);
      const store = drizzleStore(db.db);
      const [d] = await store.read.deployments.open();
      expect(d!.status).toBe('approved'); // a one-shot CLI does not deploy: a running Steward does

      const a = startSteward(env);
      procs.push(a.proc);
      await until('process A to call the webhook', async () => receiver.received.length >= 1);
      const running = await until('the deployment to be running under A', async () => {
        const x = await store.read.deployments.byId(d!.id);
        return x?.status === 'running' && x.targetRef ? x : null;
      });
      const ownerA = running.leaseOwner;
      a.proc.kill('SIGKILL');
      await new Promise((r) => a.proc.once('exit', r));

      const port = await freePort();
      const b = startSteward({ ...env, STEWARD_HTTP_PORT: String(port) });
      procs.push(b.proc);
      await until('process B to resume the deployment', async () => {
        const x = await store.read.deployments.byId(d!.id);
        return x?.leaseOwner && x.leaseOwner !== ownerA ? x : null;
      });
      const cb = await receiver.callBack(`http://127.0.0.1:${port}`, d!.id, { status: 'succeeded', message: 'rolled out' });
      expect(cb.status).toBe(200);
      const done = await until('the deployment to finish', async () => {
        const x = await store.read.deployments.byId(d!.id);
        return x?.status === 'succeeded' ? x : null;
      });
      expect(done.leaseOwner).toBeNull();
      const audit = (await store.read.audit.recent({ target: `deployment:${d!.id}`, limit: 20 })).reverse();
      expect(audit.map((e) => e.action)).toEqual(['deploy.requested', 'deploy.approved', 'deploy.started', 'deploy.resumed', 'deploy.succeeded']);
      expect(audit[3]!.details).toMatchObject({ previousOwner: ownerA });
      expect(receiver.received.every((r) => r.signatureOk)).toBe(true);
    } finally {
      for (const p of procs) {
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
        if (p.exitCode === null && p.signalCode === null) await new Promise((r) => p.once('exit', r));
      }
      await receiver.close();
      await db.close();
    }
  }, 90_000);
});
