import type { Config } from '../../../src/config/config.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SchedulerPorts } from '../../../src/scheduling/scheduler/schedule-run.js';
import type { Schedule } from '../../../src/scheduling/domain/schedule.js';
import type { Store } from '../../../src/ports/store.js';
import { createScheduler, type Scheduler } from '../../../src/scheduling/scheduler/scheduler.js';
import { runScheduleSlot } from '../../../src/scheduling/scheduler/schedule-run.js';
import { FakeReportSource, OK_DRIFT, chart } from '../../fakes/fake-report-source.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { ManualTicker } from '../../fakes/manual-ticker.js';
import { RecordingPublisher } from '../../fakes/recording-publisher.js';
import { harness } from '../../helpers/harness.js';
import { storeImpls } from '../../helpers/store-impls.js';

const LEASE_MS = 30_000;

describe.each(storeImpls())('scheduler and run ledger on $name', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  let clock: FixedClock;
  let publisher: RecordingPublisher;
  let deps: SchedulerPorts & { config: Config };
  let reports: FakeReportSource;
  const running: Scheduler[] = [];

  beforeEach(async () => {
    const o = await impl.open();
    store = o.store;
    close = o.close;
    clock = new FixedClock('2026-11-27T11:50:00.000Z');
    publisher = new RecordingPublisher();
    deps = harness({ store, clock, publisher }).steward.scheduling;
    reports = new FakeReportSource();
    reports.drifts.set('fraud-detector', OK_DRIFT);
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop(1000);
    await close();
  });

  const schedule = (over: Partial<Parameters<Store['read']['schedules']['create']>[0]> = {}): Promise<Schedule> =>
    store.read.schedules.create({
      key: null,
      source: 'chat',
      kind: 'drift',
      models: ['fraud-detector'],
      environment: 'production',
      cron: '* * * * *',
      timezone: 'UTC',
      channel: { platform: 'slack', id: 'C-MON' },
      windowSeconds: 86_400,
      catchUpSeconds: 15 * 60,
      createdBy: 'slack:U1',
      at: clock.now(),
      ...over,
    });

  const start = async (instance: string, ticker = new ManualTicker()) => {
    const s = createScheduler({ deps, reports, instanceId: instance, leaseMs: LEASE_MS, pollMs: 5000, ticker });
    running.push(s);
    await s.start();
    await s.idle();
    return { s, ticker };
  };
  const slotsPosted = () => publisher.posts.map((p) => (p.reply.data as { slot: string }).slot);

  it('after 10 minutes stopped, a once-a-minute schedule posts exactly one catch-up report: the latest missed slot', async () => {
    const sch = await schedule();
    clock.set('2026-11-27T12:00:30.000Z');
    const a = await start('replica-a');
    expect(slotsPosted()).toEqual(['2026-11-27T12:00:00.000Z']); // start catches up the current minute
    clock.set('2026-11-27T12:01:00.020Z');
    a.ticker.fire(`steward-schedule-${sch.id}`, '2026-11-27T12:01:00.000Z');
    await a.s.idle();
    await a.s.stop();
    running.splice(0);
    expect(slotsPosted()).toHaveLength(2);

    clock.set('2026-11-27T12:11:30.000Z'); // 12:02 … 12:11 were missed: ten slots
    const b = await start('replica-b');
    await b.s.poll();
    await b.s.poll();
    await b.s.idle();
    expect(slotsPosted()).toEqual(['2026-11-27T12:00:00.000Z', '2026-11-27T12:01:00.000Z', '2026-11-27T12:11:00.000Z']);
    expect(publisher.posts).toHaveLength(3);
  });

  it('a tick whose claim waited until a later slot had come (the database was not answering) is recorded as superseded and posts nothing; the latest slot runs', async () => {
    const sch = await schedule();
    clock.set('2026-11-27T12:00:30.000Z');
    const a = await start('replica-a');
    expect(slotsPosted()).toEqual(['2026-11-27T12:00:00.000Z']);
    // the 12:01 tick's claim is answered only at 12:03:10, as a query that waited for a connection is
    const runs = deps.store.read.runs as { claimNew: Store['read']['runs']['claimNew'] };
    const claimNew = runs.claimNew;
    runs.claimNew = async (c) => {
      clock.set('2026-11-27T12:03:10.000Z');
      return claimNew(c);
    };
    clock.set('2026-11-27T12:01:00.020Z');
    a.ticker.fire(`steward-schedule-${sch.id}`, '2026-11-27T12:01:00.000Z');
    await a.s.idle();
    runs.claimNew = claimNew;
    expect(slotsPosted()).toEqual(['2026-11-27T12:00:00.000Z']);
    const stale = await deps.store.read.runs.get(`schedule:${sch.id}`, new Date('2026-11-27T12:01:00.000Z'));
    expect(stale).toMatchObject({ state: 'failed', message: null });
    expect(stale!.error).toMatch(/^superseded: the slot of 2026-11-27T12:03:00\.000Z came before this one could start/);
    await a.s.poll();
    await a.s.idle();
    expect(slotsPosted()).toEqual(['2026-11-27T12:00:00.000Z', '2026-11-27T12:03:00.000Z']);
  });

  it('does not catch up a slot older than the catch-up window, nor one from before the schedule existed', async () => {
    await schedule({ cron: '0 9 * * *', catchUpSeconds: 3600 });
    clock.set('2026-11-27T10:30:00.000Z'); // 09:00 was 90 minutes ago
    await start('replica-a');
    expect(publisher.posts).toEqual([]);
    clock.set('2026-11-28T09:30:00.000Z');
    const b = await start('replica-b');
    await b.s.idle();
    expect(slotsPosted()).toEqual(['2026-11-28T09:00:00.000Z']);

    const late = await schedule({ cron: '0 9 * * *', catchUpSeconds: 7200 }); // created at 09:30, after today's slot
    await b.s.poll();
    await b.s.idle();
    expect(publisher.posts.filter((p) => (p.reply.data as { schedule: number }).schedule === late.id)).toEqual([]);
  });

  it('runs a slot once when two replicas tick for it milliseconds apart', async () => {
    const sch = await schedule();
    clock.set('2026-11-27T12:00:59.000Z');
    const a = await start('replica-a');
    const b = await start('replica-b');
    publisher.posts.length = 0;
    clock.set('2026-11-27T12:01:00.003Z');
    a.ticker.fire(`steward-schedule-${sch.id}`, '2026-11-27T12:01:00.000Z');
    clock.set('2026-11-27T12:01:00.250Z');
    b.ticker.fire(`steward-schedule-${sch.id}`, '2026-11-27T12:01:00.000Z');
    await Promise.all([a.s.idle(), b.s.idle()]);
    expect(slotsPosted()).toEqual(['2026-11-27T12:01:00.000Z']);
    const run = await store.read.runs.get(`schedule:${sch.id}`, new Date('2026-11-27T12:01:00.000Z'));
    expect(run).toMatchObject({ state: 'done', attempts: 1 });
  });

  describe('a process that dies mid-run', () => {
    const slot = new Date('2026-11-27T12:00:00.000Z');
    const dead = async (sch: Schedule, stage: 'claimed' | 'posting' | 'posted') => {
      const r = (await store.read.runs.claimNew({ job: `schedule:${sch.id}`, scheduleId: sch.id, slotAt: slot, by: 'dead-replica', now: slot, leaseUntil: new Date(slot.getTime() + LEASE_MS) }))!;
      if (stage === 'claimed') return;
      await store.read.runs.markPosting(r.id, 'dead-replica', slot);
      if (stage === 'posting') return;
      const p = await publisher.post({ platform: 'slack', channelId: 'C-MON' }, { blocks: [{ kind: 'text', text: 'Running…' }], data: { slot: slot.toISOString() } });
      if (p.ok) await store.read.runs.recordMessage(r.id, 'dead-replica', p.ref);
    };

    it('leaves its slot alone while the lease runs, then another replica runs it (claimed, nothing posted yet)', async () => {
      const sch = await schedule();
      await dead(sch, 'claimed');
      clock.set('2026-11-27T12:00:20.000Z');
      const b = await start('replica-b');
      expect(publisher.posts).toEqual([]);
      clock.set('2026-11-27T12:00:31.000Z');
      await b.s.poll();
      await b.s.idle();
      expect(slotsPosted()).toEqual(['2026-11-27T12:00:00.000Z']);
      expect(await store.read.runs.get(`schedule:${sch.id}`, slot)).toMatchObject({ state: 'done', claimedBy: 'replica-b', attempts: 2 });
    });

    it('updates the message the dead process posted instead of posting a second one', async () => {
      const sch = await schedule();
      await dead(sch, 'posted');
      clock.set('2026-11-27T12:00:31.000Z');
      const b = await start('replica-b');
      await b.s.idle();
      expect(publisher.posts).toHaveLength(1);
      const final = publisher.latest(publisher.posts[0]!.ref.messageId)!;
      expect(final.title).toBe('Drift report — production, last 1 day');
      expect(await store.read.runs.get(`schedule:${sch.id}`, slot)).toMatchObject({ state: 'done', message: { messageId: publisher.posts[0]!.ref.messageId } });
    });

    it('does not post again when the dead process may have posted (posting marker, no message recorded): the slot is failed, with why', async () => {
      const sch = await schedule();
      await dead(sch, 'posting');
      clock.set('2026-11-27T12:00:31.000Z');
      const b = await start('replica-b');
      await b.s.idle();
      expect(publisher.posts).toEqual([]);
      const run = await store.read.runs.get(`schedule:${sch.id}`, slot);
      expect(run).toMatchObject({ state: 'failed' });
      expect(run!.error).toMatch(/may have posted this report .* not posting again/);
    });
  });

  it('keeps its lease while a long run is still working, so no other replica takes it over', async () => {
    const sch = await schedule();
    const release = reports.hold();
    clock.set('2026-11-27T12:00:00.010Z');
    const d = { ...deps, reports, instanceId: 'replica-a', leaseMs: 600 };
    const slotAt = new Date('2026-11-27T12:00:00.000Z');
    const run = runScheduleSlot(d, sch, slotAt);
    const leaseUntil = async () => (await store.read.runs.get(`schedule:${sch.id}`, slotAt))?.leaseUntil?.getTime() ?? 0;
    await vi.waitFor(async () => expect(await leaseUntil()).toBeGreaterThan(0), { timeout: 5_000, interval: 10 }); // replica-a claimed it
    clock.advance(5000); // far past the first lease
    const advanced = clock.now().getTime();
    await vi.waitFor(async () => expect(await leaseUntil()).toBeGreaterThan(advanced), { timeout: 5_000, interval: 20 }); // a heartbeat renewed it from the current time
    const b = createScheduler({ deps, reports, instanceId: 'replica-b', leaseMs: 600, pollMs: 5000, ticker: new ManualTicker() });
    running.push(b);
    await b.poll();
    await b.idle();
    release();
    expect(await run).toMatchObject({ status: 'done', newPost: true });
    expect(publisher.posts).toHaveLength(1);
    expect(await store.read.runs.get(`schedule:${sch.id}`, new Date('2026-11-27T12:00:00.000Z'))).toMatchObject({ claimedBy: 'replica-a', attempts: 1, state: 'done' });
  });

  it('posts "running…" first and updates the same message in place as models finish, then with the report', async () => {
    for (const m of ['churn-predictor', 'fraud-detector', 'credit-risk']) reports.drifts.set(m, { ...OK_DRIFT, charts: [chart(m)] });
    const sch = await schedule({ models: ['churn-predictor', 'credit-risk', 'fraud-detector'] });
    const r = await runScheduleSlot({ ...deps, reports, instanceId: 'a', leaseMs: LEASE_MS, progressEveryMs: 0 }, sch, new Date('2026-11-27T12:00:00.000Z'));
    expect(r.status).toBe('done');
    expect(publisher.posts).toHaveLength(1);
    const id = publisher.posts[0]!.ref.messageId;
    expect(publisher.posts[0]!.reply.blocks).toEqual([{ kind: 'text', text: 'Running…' }]);
    expect(publisher.updates.map((u) => [u.ref.messageId, u.reply.blocks[0]])).toEqual([
      [id, { kind: 'text', text: 'Running… 1 of 3 models done' }],
      [id, { kind: 'text', text: 'Running… 2 of 3 models done' }],
      [id, expect.objectContaining({ kind: 'text', text: expect.stringContaining('**churn-predictor** — ok') })],
    ]);
    expect(publisher.latest(id)!.images!.map((i) => i.filename)).toEqual(['churn-predictor.png', 'credit-risk.png', 'fraud-detector.png']);
  });

  it('answers [Details] on a posted report with that model\'s stored summary, only to the clicker', async () => {
    reports.drifts.set('fraud-detector', { tier: 'warning', shareDrifted: 0.2, features: [{ name: 'amount', score: 0.31, test: 'psi', tier: 'critical' }], charts: [] });
    const sch = await schedule();
    await runScheduleSlot({ ...deps, reports, instanceId: 'a', leaseMs: LEASE_MS }, sch, new Date('2026-11-27T12:00:00.000Z'));
    const report = publisher.latest(publisher.posts[0]!.ref.messageId)!;
    const details = report.buttons!.find((b) => b.action.a === 'details')!;
    const h = harness({ store, clock, publisher });
    const r = await h.click(details.action, 'bob');
    expect(r.ephemeral).toBe(true);
    expect(r.title).toBe('fraud-detector in production — drift report details');
    expect(r.out).toContain('fraud-detector — WARNING · drifted 20% · worst: amount (psi 0.31)');
    expect(r.out).toContain('amount   psi   0.31   critical');
    const unknown = await h.click({ v: 1, a: 'details', id: 'r999:0' }, 'bob');
    expect(unknown.error).toBe('not_found');
  });

  it('runs a schedule on request (run-schedule) on the next poll of any replica, once', async () => {
    const sch = await schedule({ cron: '0 9 * * 1' });
    clock.set('2026-11-27T12:00:00.000Z');
    const a = await start('replica-a');
    const b = await start('replica-b');
    const h = harness({ store, clock, publisher });
    const queued = await h.say(`/mlops run-schedule ${sch.id}`);
    expect(queued.out).toContain(`Running schedule #${sch.id}`);
    await Promise.all([a.s.poll(), b.s.poll()]);
    await Promise.all([a.s.idle(), b.s.idle()]);
    expect(publisher.posts).toHaveLength(1);
    expect(publisher.latest(publisher.posts[0]!.ref.messageId)!.blocks[1]).toMatchObject({ kind: 'context', text: expect.stringContaining('Run on request') });
  });

  it('picks up schedules created or removed on another replica at the next poll', async () => {
    clock.set('2026-11-27T12:00:30.000Z');
    const a = await start('replica-a');
    expect(a.ticker.running().filter((n) => n.startsWith('steward-schedule'))).toEqual([]);
    const sch = await schedule({ cron: '0 9 * * 1' });
    await a.s.poll();
    expect(a.ticker.running()).toContain(`steward-schedule-${sch.id}`);
    expect(a.ticker.crons.get(`steward-schedule-${sch.id}`)).toMatchObject({ expr: '0 9 * * 1', tz: 'UTC' });
    await store.read.schedules.remove(sch.id);
    await a.s.poll();
    expect(a.ticker.running()).not.toContain(`steward-schedule-${sch.id}`);
  });

  it('treats a tick node-cron fires at a non-slot instant (DST) as the latest real slot, which already ran', async () => {
    clock.set('2026-10-24T12:00:00.000Z');
    const sch = await schedule({ cron: '30 2 * * *', timezone: 'Europe/Madrid', catchUpSeconds: 6 * 3600 });
    clock.set('2026-10-25T00:30:05.000Z');
    const a = await start('replica-a'); // catches up 02:30 CEST = 00:30 UTC
    expect(slotsPosted()).toEqual(['2026-10-25T00:30:00.000Z']);
    clock.set('2026-10-25T01:30:00.010Z'); // node-cron fires again for the repeated 02:30 (CET)
    a.ticker.fire(`steward-schedule-${sch.id}`, '2026-10-25T01:30:00.000Z');
    await a.s.idle();
    expect(slotsPosted()).toEqual(['2026-10-25T00:30:00.000Z']);
  });
});
