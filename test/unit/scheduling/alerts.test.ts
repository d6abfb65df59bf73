import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/governance/domain/actor.js';
import { raiseAlert } from '../../../src/notify/chat/alert-raise.js';
import type { MonitoringEvent } from '../../../src/notify/events.js';
import { runScheduleSlot } from '../../../src/scheduling/scheduler/schedule-run.js';
import { FakeReportSource } from '../../fakes/fake-report-source.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { RecordingPublisher } from '../../fakes/recording-publisher.js';
import { type Harness, harness } from '../../helpers/harness.js';
import { configFromYaml } from '../../helpers/test-config.js';

const YAML = `
roles:
  oncall: [read, ack, subscribe]
members:
  "console:*": [admin]
  "slack:UONCALL": [oncall]
  "*": [viewer]
alerts:
  cooldown: 6h
`;

const slackUser = (id: string): Actor => ({ platform: 'slack', id, displayName: id });
const drift = (over: Partial<MonitoringEvent> = {}): MonitoringEvent => ({
  type: 'drift',
  model: 'fraud-detector',
  environment: 'production',
  feature: 'amount',
  tier: 'critical',
  headline: '40% of features drifted; worst: **amount** (psi 0.41).',
  ...over,
});

describe('alerts between digests', () => {
  let h: Harness;
  let clock: FixedClock;
  let publisher: RecordingPublisher;

  beforeEach(async () => {
    clock = new FixedClock('2026-11-27T12:00:00.000Z');
    publisher = new RecordingPublisher();
    h = harness({ clock, publisher, config: configFromYaml(YAML) });
    await h.say('/mlops register fraud-detector s3://m/fd/1.pkl', 'root');
    await h.app.handleText({ actor: slackUser('UONCALL'), channel: { platform: 'slack', id: 'C-ONCALL' }, text: '/mlops subscribe fraud-detector drift bias' });
    await h.app.handleText({ actor: slackUser('UONCALL'), channel: { platform: 'slack', id: 'C-ALL' }, text: '/mlops subscribe * drift' });
    publisher.posts.length = 0;
  });

  it('suppresses the same model, feature and tier inside the cooldown, and alerts again after it', async () => {
    const first = await raiseAlert(h.steward.scheduling, drift());
    expect(first).toMatchObject({ channels: 2, delivered: 2, suppressed: false });
    expect(publisher.posts.map((p) => p.target.channelId)).toEqual(['C-ONCALL', 'C-ALL']);

    clock.advance(5 * 3600_000); // 5 h later: still inside the 6 h cooldown
    expect(await raiseAlert(h.steward.scheduling, drift())).toMatchObject({ suppressed: true, delivered: 0, alertId: null });
    expect(publisher.posts).toHaveLength(2);

    clock.advance(3600_000); // 6 h after the first: sent again
    const again = await raiseAlert(h.steward.scheduling, drift());
    expect(again).toMatchObject({ suppressed: false, delivered: 2 });
    expect(again.alertId).not.toBe(first.alertId);
    expect(publisher.posts).toHaveLength(4);
  });

  it('treats another feature or a worse tier as a new alert, and stays quiet below the warning threshold or without subscribers', async () => {
    await raiseAlert(h.steward.scheduling, drift({ tier: 'warning' }));
    await raiseAlert(h.steward.scheduling, drift({ tier: 'critical' }));
    await raiseAlert(h.steward.scheduling, drift({ feature: 'merchant_country' }));
    expect(publisher.posts).toHaveLength(6);
    expect(await raiseAlert(h.steward.scheduling, drift({ tier: 'ok', feature: 'age' }))).toMatchObject({ channels: 0, delivered: 0 });
    expect(await raiseAlert(h.steward.scheduling, drift({ model: 'churn-predictor', type: 'bias', feature: 'sex' }))).toMatchObject({ channels: 0 });
    expect(publisher.posts).toHaveLength(6);
  });

  it('posts an alert card with [Acknowledge]; a click records who took it, audits it, and updates every copy in place', async () => {
    const sent = await raiseAlert(h.steward.scheduling, drift());
    const card = publisher.posts[0]!.reply;
    expect(card.title).toBe('Drift alert: fraud-detector in production');
    expect(card.buttons).toEqual([{ label: 'Acknowledge', style: 'primary', action: { v: 1, a: 'ack', id: String(sent.alertId) } }]);

    clock.advance(60_000);
    const clicked = await h.app.handleAction({ actor: slackUser('UONCALL'), channel: { platform: 'slack', id: 'C-ONCALL' }, action: card.buttons![0]!.action });
    expect(clicked.error).toBeUndefined();
    expect(clicked.buttons).toBeUndefined();
    expect(JSON.stringify(clicked.blocks)).toContain('Acknowledged by UONCALL at 2026-11-27 12:01 UTC');
    expect(publisher.updates.map((u) => u.ref.channelId).sort()).toEqual(['C-ALL', 'C-ONCALL']);
    expect(publisher.updates.every((u) => !u.reply.buttons)).toBe(true);

    const audit = await h.store.read.audit.recent({ target: 'model:fraud-detector', limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'alert.acknowledged', actor: 'slack:UONCALL', details: { alert: sent.alertId, feature: 'amount', tier: 'critical' } });

    const twice = await h.app.handleAction({ actor: { platform: 'console', id: 'root' }, channel: { platform: 'console', id: 'console' }, action: card.buttons![0]!.action });
    expect(twice).toMatchObject({ error: 'conflict', ephemeral: true });
    expect(JSON.stringify(twice.blocks)).toContain('already acknowledged by UONCALL');
  });

  it('refuses [Acknowledge] from someone whose roles do not grant ack, and changes nothing', async () => {
    await raiseAlert(h.steward.scheduling, drift());
    const r = await h.app.handleAction({ actor: slackUser('UVIEWER'), channel: { platform: 'slack', id: 'C-ONCALL' }, action: publisher.posts[0]!.reply.buttons![0]!.action });
    expect(r).toMatchObject({ error: 'forbidden', ephemeral: true });
    expect(publisher.updates).toEqual([]);
  });

  it('alerts subscribed channels when a scheduled run finds critical drift — once per cooldown across runs', async () => {
    const reports = new FakeReportSource();
    reports.drifts.set('fraud-detector', { tier: 'critical', shareDrifted: 0.4, features: [{ name: 'amount', score: 0.41, test: 'psi', tier: 'critical' }], charts: [] });
    const s = await h.store.read.schedules.create({ key: null, source: 'chat', kind: 'drift', models: ['fraud-detector'], environment: 'production', cron: '0 * * * *', timezone: 'UTC', channel: { platform: 'slack', id: 'C-MON' }, windowSeconds: 86_400, catchUpSeconds: 3600, createdBy: 'x', at: clock.now() });
    const d = { ...h.steward.scheduling, reports, instanceId: 'a', leaseMs: 30_000 };
    await runScheduleSlot(d, s, new Date('2026-11-27T12:00:00Z'));
    clock.advance(3600_000);
    await runScheduleSlot(d, s, new Date('2026-11-27T13:00:00Z'));
    const byChannel = (c: string) => publisher.posts.filter((p) => p.target.channelId === c).length;
    expect(byChannel('C-MON')).toBe(2); // the two reports
    expect(byChannel('C-ONCALL')).toBe(1); // one alert; the second run's is inside the cooldown
    expect(publisher.posts.find((p) => p.target.channelId === 'C-ONCALL')!.reply.blocks[0]).toEqual({ kind: 'text', text: '40% of features drifted; worst: **amount** (psi 0.41).' });
  });
});
