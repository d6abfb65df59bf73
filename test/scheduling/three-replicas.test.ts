import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { freshDatabase, hasPostgres, type TestDatabase } from '../helpers/databases.js';

/**
 * Three Steward processes on one PostgreSQL database with an every-second schedule for 60 s: every
 * slot is posted once, none twice, and SIGKILLing the process that ran the latest slot loses none
 * of the following ones; a process killed in the middle of a run has that run finished by another
 * process, in the same message. Long (~2 min): its own file. Only slot counts are asserted on timing.
 */
const ROOT = join(import.meta.dirname, '../..');
const WINDOW_S = 60;
const LEASE_MS = 3000;

interface Post {
  instance: string;
  slot: string;
  messageId: string;
  at: number;
}

function startSink(): Promise<{ server: Server; url: string; posts: Post[]; updates: { instance: string; messageId: string; at: number }[] }> {
  const posts: Post[] = [];
  const updates: { instance: string; messageId: string; at: number }[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { instance: string; target?: { platform: string; channelId: string }; ref?: { platform: string; channelId: string; messageId: string }; data: { slot: string } };
      if (req.url === '/post') {
        const messageId = `m${++n}`;
        posts.push({ instance: body.instance, slot: body.data.slot, messageId, at: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ platform: body.target!.platform, channelId: body.target!.channelId, messageId }));
      } else {
        updates.push({ instance: body.instance, messageId: body.ref!.messageId, at: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body.ref));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, updates })));
}

function spawnReplica(id: string, env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/scheduling/replica-process.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, STEWARD_INSTANCE_ID: id },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l === 'ready') resolve();
      else lines.push(l);
    });
    child.once('exit', (code) => reject(new Error(`replica ${id} exited with ${code} before it was ready: ${stderr.slice(-2000)}`)));
  });
  return { child, ready, lines };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

describe.skipIf(!hasPostgres())('three Steward processes on one database', () => {
  let db: TestDatabase | undefined;
  let sink: Awaited<ReturnType<typeof startSink>> | undefined;
  const replicas: ReturnType<typeof spawnReplica>[] = [];

  afterAll(async () => {
    const running = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
    const exited = running.map((r) => new Promise((res) => r.child.once('exit', res)));
    for (const r of running) r.child.kill('SIGKILL');
    await Promise.all(exited);
    sink?.server.close();
    await db?.close();
  });

  it(
    'posts an every-second schedule once per slot for 60 s, and keeps going when the process that ran the latest slot is killed',
    async () => {
      db = await freshDatabase('postgres');
      sink = await startSink();
      const store = drizzleStore(db.db);
      const created = new Date();
      const schedule = await store.read.schedules.create({
        key: 'config:every-second', // only steward.yaml may declare a schedule this fast
        source: 'config',
        kind: 'drift',
        models: ['fraud-detector'],
        environment: 'production',
        cron: '* * * * * *',
        timezone: 'UTC',
        channel: { platform: 'slack', id: 'C-SINK' },
        windowSeconds: 3600,
        catchUpSeconds: 10,
        createdBy: 'test',
        at: created,
      });
      const env = { DATABASE_URL: db.url!, SINK_URL: sink.url, LEASE_MS: String(LEASE_MS), POLL_MS: '1000' };
      for (const id of ['replica-1', 'replica-2', 'replica-3']) replicas.push(spawnReplica(id, env));
      await Promise.all(replicas.map((r) => r.ready));

      const t0 = Math.ceil(Date.now() / 1000) * 1000 + 2000; // first slot of the measured window
      const t1 = t0 + WINDOW_S * 1000; // first slot after it
      await sleepUntil(t0 + 30_000);
      const latest = sink.posts.reduce((a, b) => (a.slot > b.slot ? a : b));
      const victim = replicas[Number(latest.instance.slice('replica-'.length)) - 1]!;
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      await sleepUntil(t1 + LEASE_MS + 4000); // let the last slots finish, and a lease or two expire
      for (const r of replicas) if (r !== victim) r.child.kill('SIGTERM');
      await Promise.all(replicas.filter((r) => r !== victim).map((r) => new Promise((res) => (r.child.exitCode !== null ? res(null) : r.child.once('exit', res)))));

      const iso = (t: number) => new Date(t).toISOString();
      const inWindow = sink.posts.filter((p) => p.slot >= iso(t0) && p.slot < iso(t1));
      const perSlot = new Map<string, Post[]>();
      for (const p of sink.posts) perSlot.set(p.slot, [...(perSlot.get(p.slot) ?? []), p]);
      const duplicates = [...perSlot.entries()].filter(([, ps]) => ps.length > 1);
      const distinct = new Set(inWindow.map((p) => p.slot));
      const expected = Array.from({ length: WINDOW_S }, (_, i) => iso(t0 + i * 1000));
      const missing = expected.filter((s) => !distinct.has(s));
      const afterKill = expected.filter((s) => Date.parse(s) > killedAt + 1000);
      const byInstance = Object.fromEntries(['replica-1', 'replica-2', 'replica-3'].map((id) => [id, inWindow.filter((p) => p.instance === id).length]));
      // eslint-disable-next-line no-console
      console.log(JSON.stringify({ schedule: schedule.id, posts: sink.posts.length, inWindow: inWindow.length, distinct: distinct.size, duplicates: duplicates.length, missing, killed: latest.instance, byInstance, updates: sink.updates.length }));

      expect(duplicates).toEqual([]);
      expect(inWindow.length).toBe(distinct.size);
      expect(distinct.size).toBeGreaterThanOrEqual(WINDOW_S - 1);
      expect(distinct.size).toBeLessThanOrEqual(WINDOW_S);
      // nothing after the kill is lost (at most the one slot the victim may have been posting when it died)
      expect(afterKill.filter((s) => !distinct.has(s)).length).toBeLessThanOrEqual(1);
      expect(sink.posts.filter((p) => p.instance === latest.instance && p.at > killedAt + 50)).toEqual([]);
      expect(new Set(inWindow.filter((p) => p.at > killedAt + 1000).map((p) => p.instance)).size).toBeGreaterThanOrEqual(1);
      // every run that posted also finished its message (one update per post at least)
      const ledger = await db.execute(`select state, count(*)::int as n from schedule_runs where job = 'schedule:${schedule.id}' group by state order by state`);
      // eslint-disable-next-line no-console
      console.log(JSON.stringify({ ledger }));
      expect((ledger as { state: string }[]).filter((r) => r.state === 'running')).toEqual([]);
    },
    150_000,
  );

  it(
    'finishes a run whose process was SIGKILLed mid-run on another process, updating the same message (no second post)',
    async () => {
      const db2 = await freshDatabase('postgres');
      const sink2 = await startSink();
      const mine: ReturnType<typeof spawnReplica>[] = [];
      try {
        const store = drizzleStore(db2.db);
        const schedule = await store.read.schedules.create({ key: 'config:every-second', source: 'config', kind: 'drift', models: ['fraud-detector'], environment: 'production', cron: '* * * * * *', timezone: 'UTC', channel: { platform: 'slack', id: 'C-SINK' }, windowSeconds: 3600, catchUpSeconds: 10, createdBy: 'test', at: new Date() });
        // each report takes 1.5 s: at any moment every process is in the middle of a run
        const env = { DATABASE_URL: db2.url!, SINK_URL: sink2.url, LEASE_MS: String(LEASE_MS), POLL_MS: '1000', REPORT_DELAY_MS: '1500' };
        for (const id of ['replica-1', 'replica-2', 'replica-3']) mine.push(spawnReplica(id, env));
        replicas.push(...mine);
        await Promise.all(mine.map((r) => r.ready));
        const t0 = Math.ceil(Date.now() / 1000) * 1000 + 2000;
        const t1 = t0 + 20_000;
        await sleepUntil(t0 + 8000);
        const seen = sink2.posts.length;
        while (sink2.posts.length === seen) await new Promise((r) => setTimeout(r, 20));
        const victimPost = sink2.posts[sink2.posts.length - 1]!;
        // kill it once its message is recorded in the ledger (its report has >1 s to go)
        await vi.waitFor(async () => expect((await store.read.runs.get(`schedule:${schedule.id}`, new Date(victimPost.slot)))?.message).toBeTruthy(), { timeout: 1_000, interval: 10 });
        const victim = mine[Number(victimPost.instance.slice('replica-'.length)) - 1]!;
        victim.child.kill('SIGKILL');
        await sleepUntil(t1 + LEASE_MS + 5000);
        for (const r of mine) if (r !== victim) r.child.kill('SIGTERM');
        await Promise.all(mine.filter((r) => r !== victim).map((r) => new Promise((res) => (r.child.exitCode !== null ? res(null) : r.child.once('exit', res)))));

        const iso = (t: number) => new Date(t).toISOString();
        const slotsOf = (ps: Post[]) => ps.map((p) => p.slot);
        const dupes = slotsOf(sink2.posts).filter((x, i, all) => all.indexOf(x) !== i);
        const inWindow = new Set(slotsOf(sink2.posts).filter((x) => x >= iso(t0) && x < iso(t1)));
        const finishedBy = sink2.updates.filter((u) => u.messageId === victimPost.messageId).map((u) => u.instance);
        const row = (await db2.execute(`select state, claimed_by, attempts from schedule_runs where job = 'schedule:${schedule.id}' and slot_at = '${victimPost.slot}'`))[0];
        // eslint-disable-next-line no-console
        console.log(JSON.stringify({ victim: victimPost.instance, slot: victimPost.slot, finishedBy, row, inWindow: inWindow.size, dupes }));
        expect(dupes).toEqual([]);
        expect(sink2.posts.filter((p) => p.slot === victimPost.slot)).toHaveLength(1);
        expect(finishedBy.length).toBeGreaterThanOrEqual(1);
        expect(finishedBy.every((i) => i !== victimPost.instance)).toBe(true);
        expect(row).toMatchObject({ state: 'done', attempts: 2 });
        expect(inWindow.size).toBeGreaterThanOrEqual(19);
      } finally {
        for (const r of mine) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
        sink2.server.close();
        await db2.close();
      }
    },
    120_000,
  );
});
