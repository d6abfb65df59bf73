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
import { logLabelled, registerWithMetrics } from '../../helpers/quality-fixtures.js';
import { monitoringReportSource } from '../../../src/scheduling/scheduler/monitoring-report-source.js';
import { renderText } from '../../../src/chat/replies/text-render.js';

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

const QUALITY_YAML = `
members:
  "console:*": [admin]
alerts:
  cooldown: 6h
training:
  churn-predictor:
    pipeline: { kind: webhook, url: "http://127.0.0.1:9/train", secretEnv: TRAIN_SECRET }
    approvals: 1
    approverRoles: [admin]
    auto: { on: [quality], cooldown: 24h }
`;

describe('scheduled quality reports and quality alerts', () => {
  it('posts the report with a chart and [Retrain], raises one quality alert with [Retrain] (none again within the cooldown), and starts the automatic retrain', async () => {
    const clock = new FixedClock('2026-11-27T12:00:00.000Z');
    const publisher = new RecordingPublisher();
    const h = harness({ clock, publisher, config: configFromYaml(QUALITY_YAML, { TRAIN_SECRET: 'whsec_x' }) });
    await registerWithMetrics(h.deps, 'churn-predictor', { accuracy: 0.95 });
    await logLabelled(h.deps, { model: 'churn-predictor', version: 1, env: 'production', n: 300, accuracy: 0.8 });
    await h.say('/mlops subscribe churn-predictor quality --channel slack:C-ONCALL');
    const made = await h.say('/mlops schedule quality churn-predictor "0 * * * *" --window 7d --channel slack:C-MON');
    expect(made.error).toBeUndefined();
    publisher.posts.length = 0;
    const [s] = await h.store.read.schedules.list();
    const d = { ...h.steward.scheduling, reports: monitoringReportSource({ store: h.store, clock, config: h.config }), instanceId: 'a', leaseMs: 30_000 };
    expect(await runScheduleSlot(d, s!, new Date('2026-11-27T12:00:00Z'))).toMatchObject({ status: 'done' });
    clock.advance(3600_000);
    expect(await runScheduleSlot(d, s!, new Date('2026-11-27T13:00:00Z'))).toMatchObject({ status: 'done' });

    const report = publisher.updates.filter((u) => u.reply.title?.startsWith('Quality report')).at(-1)!.reply;
    expect(report.title).toBe('Quality report — production, last 7 days');
    expect(renderText(report)).toContain('churn-predictor — CRITICAL · quality: accuracy 0.8 < registered 0.95 − 0.05');
    expect(report.images?.map((i) => i.title)).toContain('accuracy by day');
    expect(report.buttons?.map((b) => b.label)).toEqual(['Details: churn-predictor', 'Retrain churn-predictor']);

    const alerts = publisher.posts.filter((p) => p.target.channelId === 'C-ONCALL');
    expect(alerts).toHaveLength(1); // the second run's is inside the cooldown
    const card = alerts[0]!.reply;
    expect(card.title).toBe('Quality alert: churn-predictor in production');
    expect(card.blocks[0]).toEqual({ kind: 'text', text: 'Quality below the alert threshold: accuracy 0.8 < registered 0.95 − 0.05.' });
    expect(card.data).toMatchObject({ kind: 'quality', feature: 'accuracy', tier: 'critical' });
    expect(card.buttons?.map((b) => b.label)).toEqual(['Acknowledge', 'Retrain']);
    const runs = await h.store.read.trainingRuns.recent(1);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ triggerKind: 'auto', requestedBy: 'system:steward', status: 'awaiting_approval' });
  });

  it('stays quiet while too few predictions are labelled: "no data", never an alert', async () => {
    const clock = new FixedClock('2026-11-27T12:00:00.000Z');
    const h = harness({ clock, config: configFromYaml(QUALITY_YAML, { TRAIN_SECRET: 'whsec_x' }) });
    await registerWithMetrics(h.deps, 'churn-predictor', { accuracy: 0.95 });
    await logLabelled(h.deps, { model: 'churn-predictor', version: 1, env: 'production', n: 300, labelled: 40, accuracy: 0.5 });
    const r = await monitoringReportSource({ store: h.store, clock, config: h.config }).quality('churn-predictor', 'production', { from: new Date(clock.now().getTime() - 7 * 86_400_000), to: clock.now() });
    expect(r.ok && r.value).toMatchObject({ tier: 'no_data', labelled: 40, note: 'only 40 labelled predictions in the last 7d (quality alerts need 100)' });
  });
});
