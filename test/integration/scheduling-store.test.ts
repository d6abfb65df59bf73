import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import type { NewSchedule } from '../../src/scheduling/domain/schedule.js';
import type { Store } from '../../src/ports/store.js';
import { storeImpls } from '../helpers/store-impls.js';

const T0 = new Date('2026-11-27T12:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

const decl = (over: Partial<NewSchedule> = {}): NewSchedule => ({
  key: null,
  source: 'chat',
  kind: 'digest',
  models: ['*'],
  environment: 'production',
  cron: '0 9 * * 1',
  timezone: 'Europe/Madrid',
  channel: { platform: 'slack', id: 'C1' },
  windowSeconds: 604_800,
  catchUpSeconds: 3600,
  createdBy: 'slack:U1',
  at: T0,
  ...over,
});

describe.each(storeImpls())('scheduling storage on $name', (impl) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const o = await impl.open();
    store = o.store;
    close = o.close;
  });
  afterEach(async () => close());

  it('stores a schedule with every field, lists it, removes it once', async () => {
    const s = await store.read.schedules.create(decl());
    expect(s).toMatchObject({ kind: 'digest', models: ['*'], environment: 'production', cron: '0 9 * * 1', timezone: 'Europe/Madrid', channel: { platform: 'slack', id: 'C1' }, windowSeconds: 604_800, catchUpSeconds: 3600, source: 'chat', key: null, createdAt: T0, updatedAt: T0 });
    expect((await store.read.schedules.list()).map((x) => x.id)).toEqual([s.id]);
    expect(await store.read.schedules.remove(s.id)).toBe(true);
    expect(await store.read.schedules.remove(s.id)).toBe(false);
    expect(await store.read.schedules.byId(s.id)).toBeNull();
  });

  it('upserts a declared schedule by its key: created, then unchanged, then updated when a field changes', async () => {
    const d = decl({ key: 'config:weekly', source: 'config' });
    const a = await store.read.schedules.upsertByKey({ ...d, key: 'config:weekly' });
    const b = await store.read.schedules.upsertByKey({ ...d, key: 'config:weekly', at: at(60) });
    const c = await store.read.schedules.upsertByKey({ ...d, key: 'config:weekly', cron: '0 10 * * 1', at: at(120) });
    expect([a.change, b.change, c.change]).toEqual(['created', 'unchanged', 'updated']);
    expect(b.schedule.id).toBe(a.schedule.id);
    expect(c.schedule).toMatchObject({ id: a.schedule.id, cron: '0 10 * * 1', createdAt: T0, updatedAt: at(120) });
    expect(await store.read.schedules.list()).toHaveLength(1);
  });

  it('claims a slot once: a second claim gets nothing, a different slot is its own row', async () => {
    const s = await store.read.schedules.create(decl());
    const claim = { job: `schedule:${s.id}`, scheduleId: s.id, slotAt: at(0), by: 'a', now: at(0), leaseUntil: at(30) };
    const first = await store.read.runs.claimNew(claim);
    expect(first).toMatchObject({ state: 'running', claimedBy: 'a', attempts: 1, leaseUntil: at(30), slotAt: at(0) });
    expect(await store.read.runs.claimNew({ ...claim, by: 'b' })).toBeNull();
    expect(await store.read.runs.takeOver({ ...claim, by: 'b', now: at(10) })).toBeNull(); // lease still held
    expect(await store.read.runs.claimNew({ ...claim, slotAt: at(1), by: 'b' })).toMatchObject({ claimedBy: 'b' });
  });

  it('lets another process take over a run whose lease ended, and fences the old owner out', async () => {
    const s = await store.read.schedules.create(decl());
    const claim = { job: `schedule:${s.id}`, scheduleId: s.id, slotAt: at(0), by: 'a', now: at(0), leaseUntil: at(30) };
    const r = (await store.read.runs.claimNew(claim))!;
    expect(await store.read.runs.markPosting(r.id, 'a', at(1))).toBe(true);
    expect(await store.read.runs.recordMessage(r.id, 'a', { platform: 'slack', channelId: 'C1', messageId: '171.1' })).toBe(true);
    expect(await store.read.runs.claimable(at(20), at(-3600))).toEqual([]);
    const expired = await store.read.runs.claimable(at(31), at(-3600));
    expect(expired.map((x) => x.id)).toEqual([r.id]);
    const taken = await store.read.runs.takeOver({ ...claim, by: 'b', now: at(31), leaseUntil: at(61) });
    expect(taken).toMatchObject({ claimedBy: 'b', attempts: 2, postingAt: at(1), message: { platform: 'slack', channelId: 'C1', messageId: '171.1' } });
    // the old owner wakes up: every write of its is refused
    expect(await store.read.runs.renew(r.id, 'a', at(90))).toBe(false);
    expect(await store.read.runs.finish(r.id, 'a', { state: 'done', at: at(32) })).toBe(false);
    expect(await store.read.runs.renew(r.id, 'b', at(90))).toBe(true);
    const done = await store.transaction(async (tx) => ok(await tx.runs.finish(r.id, 'b', { state: 'done', at: at(40), message: { platform: 'slack', channelId: 'C1', messageId: '171.1' }, result: { models: [] }, error: null })));
    expect(done).toEqual({ ok: true, value: true });
    expect(await store.read.runs.byId(r.id)).toMatchObject({ state: 'done', finishedAt: at(40), leaseUntil: null, result: { models: [] } });
    expect(await store.read.runs.takeOver({ ...claim, by: 'c', now: at(500), leaseUntil: at(530) })).toBeNull(); // done is done
    expect(await store.read.runs.claimable(at(500), at(-3600))).toEqual([]);
  });

  it('queues a manual run that the first claimant takes; lists recent runs newest first', async () => {
    const s = await store.read.schedules.create(decl());
    const q = await store.read.runs.enqueue({ job: `schedule:${s.id}:manual`, scheduleId: s.id, slotAt: at(5), requestedBy: 'slack:U1', now: at(5) });
    expect(q).toMatchObject({ state: 'queued', attempts: 0, claimedBy: null, requestedBy: 'slack:U1' });
    expect(await store.read.runs.enqueue({ job: `schedule:${s.id}:manual`, scheduleId: s.id, slotAt: at(5), requestedBy: 'x', now: at(5) })).toBeNull();
    expect((await store.read.runs.claimable(at(6), at(-60))).map((r) => r.state)).toEqual(['queued']);
    expect(await store.read.runs.takeOver({ job: `schedule:${s.id}:manual`, slotAt: at(5), by: 'a', now: at(6), leaseUntil: at(36) })).toMatchObject({ state: 'running', attempts: 1 });
    expect(await store.read.runs.takeOver({ job: `schedule:${s.id}:manual`, slotAt: at(5), by: 'b', now: at(7), leaseUntil: at(37) })).toBeNull();
    await store.read.runs.claimNew({ job: `schedule:${s.id}`, scheduleId: s.id, slotAt: at(0), by: 'a', now: at(0), leaseUntil: at(30) });
    await store.read.runs.claimNew({ job: `schedule:${s.id}`, scheduleId: s.id, slotAt: at(60), by: 'a', now: at(60), leaseUntil: at(90) });
    expect((await store.read.runs.recent(`schedule:${s.id}`, 5)).map((r) => r.slotAt)).toEqual([at(60), at(0)]);
    expect(await store.read.runs.get(`schedule:${s.id}`, at(60))).toMatchObject({ slotAt: at(60) });
    // pruning deletes finished runs before the cutoff, never a queued or running one
    const r0 = (await store.read.runs.get(`schedule:${s.id}`, at(0)))!;
    await store.read.runs.finish(r0.id, 'a', { state: 'done', at: at(1) });
    expect(await store.read.runs.prune(at(61))).toBe(1);
    expect((await store.read.runs.recent(`schedule:${s.id}`, 5)).map((r) => r.slotAt)).toEqual([at(60)]);
    expect(await store.read.runs.get(`schedule:${s.id}:manual`, at(5))).toMatchObject({ state: 'running' });
    // removing the schedule removes its runs
    await store.read.schedules.remove(s.id);
    expect(await store.read.runs.recent(`schedule:${s.id}`, 5)).toEqual([]);
  });

  it('merges subscriptions per channel and model, finds them by model or *, and deletes one with no events left', async () => {
    const k = { platform: 'slack' as const, channelId: 'C1', model: 'fraud-detector' };
    await store.read.subscriptions.addEvents(k, ['deployed', 'registered'], 'slack:U1', T0);
    const merged = await store.read.subscriptions.addEvents(k, ['drift', 'deployed'], 'slack:U2', at(1));
    expect(merged).toMatchObject({ events: ['registered', 'deployed', 'drift'], createdBy: 'slack:U1', updatedAt: at(1) });
    await store.read.subscriptions.addEvents({ ...k, channelId: 'C2', model: '*' }, ['drift'], 'slack:U1', T0);
    await store.read.subscriptions.addEvents({ ...k, channelId: 'C3', model: 'churn' }, ['drift'], 'slack:U1', T0);
    expect((await store.read.subscriptions.matching('fraud-detector', 'drift')).map((s) => s.channelId)).toEqual(['C1', 'C2']);
    expect((await store.read.subscriptions.matching('fraud-detector', 'registered')).map((s) => s.channelId)).toEqual(['C1']);
    expect((await store.read.subscriptions.withEvents(['drift', 'bias'])).map((s) => s.channelId)).toEqual(['C1', 'C2', 'C3']);
    expect(await store.read.subscriptions.removeEvents(k, ['deployed'], at(2))).toMatchObject({ events: ['registered', 'drift'] });
    expect(await store.read.subscriptions.removeEvents(k, ['registered', 'drift'], at(3))).toBeNull();
    expect(await store.read.subscriptions.get(k)).toBeNull();
    expect((await store.read.subscriptions.forChannel('slack', 'C2')).map((s) => s.model)).toEqual(['*']);
    expect(await store.read.subscriptions.removeEvents({ ...k, channelId: 'C2', model: '*' }, null, at(4))).toBeNull();
    expect(await store.read.subscriptions.forChannel('slack', 'C2')).toEqual([]);
  });

  it('claims an alert cooldown once per window, and records one acknowledgement', async () => {
    expect(await store.read.alerts.claimCooldown('drift|m|production|amount|critical', T0, 3600)).toBe(true);
    expect(await store.read.alerts.claimCooldown('drift|m|production|amount|critical', at(3599), 3600)).toBe(false);
    expect(await store.read.alerts.claimCooldown('drift|m|production|amount|warning', at(10), 3600)).toBe(true);
    expect(await store.read.alerts.claimCooldown('drift|m|production|amount|critical', at(3600), 3600)).toBe(true);
    const a = await store.read.alerts.create({ kind: 'drift', model: 'm', environment: 'production', feature: 'amount', tier: 'critical', dedupKey: 'k', headline: 'h', details: { share: 0.4 }, createdAt: T0 });
    expect(a).toMatchObject({ kind: 'drift', tier: 'critical', ackedBy: null, details: { share: 0.4 } });
    expect(await store.read.alerts.acknowledge(a.id, 'slack:U9', at(5))).toMatchObject({ ackedBy: 'slack:U9', ackedAt: at(5) });
    expect(await store.read.alerts.acknowledge(a.id, 'slack:U8', at(6))).toBeNull();
    expect(await store.read.alerts.byId(a.id)).toMatchObject({ ackedBy: 'slack:U9' });
    expect((await store.read.alerts.recent(5)).map((x) => x.id)).toEqual([a.id]);
  });
});
