import { afterEach, describe, expect, it } from 'vitest';
import type { QualitySummary } from '../../../src/monitoring/chat/quality-report.js';
import { testConfig } from '../../helpers/test-config.js';
import { seedDemo, withDemoTraining } from '../../../src/app/seed-demo.js';
import { foldProfiles } from '../../../src/monitoring/fold-profiles.js';
import { createScheduler, type Scheduler } from '../../../src/scheduling/scheduler/scheduler.js';
import { monitoringReportSource } from '../../../src/scheduling/scheduler/monitoring-report-source.js';
import type { DriftSummary } from '../../../src/monitoring/chat/drift-report.js';
import type { BiasSummary } from '../../../src/monitoring/chat/bias-report.js';
import type { PredictionRecord } from '../../../src/monitoring/domain/monitoring-store.js';
import type { Store } from '../../../src/ports/store.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { ManualTicker } from '../../fakes/manual-ticker.js';
import { RecordingPublisher } from '../../fakes/recording-publisher.js';
import { harness } from '../../helpers/harness.js';
import { renderText } from '../../../src/chat/replies/text-render.js';
import { storeImpls } from '../../helpers/store-impls.js';

const DAY = 86_400_000;
const NOW = '2026-11-27T12:00:00.000Z';
const PNG = [0x89, 0x50, 0x4e, 0x47];

/**
 * What a newcomer sees after `steward start --demo`: the first drift and bias reports have numbers
 * and charts, and the weekly digest is scheduled in the console chat and runs on request.
 */
describe.each(storeImpls())('the demo shows monitoring ($name)', (impl) => {
  let close: (() => Promise<void>) | null = null;
  const schedulers: Scheduler[] = [];
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop(1000);
    await close?.();
    close = null;
  });

  async function demo() {
    const o = await impl.open();
    close = o.close;
    const clock = new FixedClock(NOW);
    const publisher = new RecordingPublisher();
    // as `steward start --demo` runs it: the demo models get the record-only training pipeline
    const h = harness({ store: o.store, clock, publisher, config: withDemoTraining(testConfig()) });
    const r = await seedDemo(h.deps);
    expect(r.ok && r.value).toMatchObject({ seeded: true, references: 6, digestSchedule: 1 });
    return { h, clock, publisher, store: o.store, seeded: r.ok ? r.value : null };
  }

  const hasPng = (images: readonly { png: Uint8Array }[] | undefined) => !!images?.length && images.every((i) => PNG.every((b, k) => i.png[k] === b));

  it('drift fraud-detector production finds drift in amount over the last 7 days, with a chart; a week that ended before it did not', async () => {
    const { h, clock } = await demo();
    const r = await h.say('/mlops drift fraud-detector production');
    const s = r.data as DriftSummary;
    expect(s).toMatchObject({ model: 'fraud-detector', version: 6, environment: 'production', window: { label: '7d' } });
    expect(s.currentRows).toBeGreaterThan(500);
    expect(s.drifted).toContain('amount');
    expect(s.drifted).toContain('merchant_category');
    expect(s.drifted).not.toContain('country');
    expect(s.datasetDrift).toBe(true);
    expect(r.out).toMatch(/amount/);
    expect(hasPng(r.images)).toBe(true);

    // the report a week before the drift began: same version, same reference, nothing drifted
    clock.set(new Date(Date.parse(NOW) - 8 * DAY));
    const before = (await h.say('/mlops drift fraud-detector production')).data as DriftSummary;
    expect(before.currentRows).toBeGreaterThan(500);
    expect(before.drifted).toEqual([]);
    expect(before.datasetDrift).toBe(false);
    expect(before.report!.features.every((f) => f.status === 'no_drift')).toBe(true);
  });

  it('the alert check\'s day of churn-predictor (its nightly 100 scores) is too small to judge drift: "no data", never an alert — unless monitoring.minRows says otherwise', async () => {
    const { h, clock } = await demo();
    const day = { from: new Date(clock.now().getTime() - DAY), to: clock.now() };
    const r = await monitoringReportSource({ store: h.store, clock, config: h.config }).drift('churn-predictor', 'production', day);
    expect(r.ok && r.value).toMatchObject({ tier: 'no_data', features: [], note: expect.stringMatching(/^only \d+ predictions in the last 1d \(drift alerts need 500: monitoring\.minRows\)$/) });
    // the same day judged anyway: distances on a hundred rows are mostly noise, and an alert would follow
    const config = { ...h.config, monitoring: { ...h.config.monitoring, minRows: 50 } };
    const noisy = await monitoringReportSource({ store: h.store, clock, config }).drift('churn-predictor', 'production', day);
    expect(noisy.ok && noisy.value.tier).not.toBe('no_data');
    // over the week (800 rows) it is judged, and finds nothing, as the README says
    const week = await monitoringReportSource({ store: h.store, clock, config: h.config }).drift('churn-predictor', 'production', { from: new Date(clock.now().getTime() - 7 * DAY), to: clock.now() });
    expect(week.ok && week.value).toMatchObject({ tier: 'ok' });
    // asked for in chat, the day's numbers are shown, with the caveat
    const asked = await h.say('/mlops drift churn-predictor production --window 24h');
    expect(asked.out).toMatch(/Only \d+ predictions in this window: a verdict on so few is unreliable \(alerts wait for 500, monitoring\.minRows\)\./);
    expect((await h.say('/mlops drift churn-predictor production')).out).not.toMatch(/unreliable/);
  });

  it('bias credit-risk-scorer production flags the four-fifths screen for age_band (not sex), with a chart', async () => {
    const { h } = await demo();
    const r = await h.say('/mlops bias credit-risk-scorer production');
    const s = r.data as BiasSummary;
    expect(s).toMatchObject({ model: 'credit-risk-scorer', version: 4, environment: 'production', flagged: ['age_band'] });
    expect(s.rows).toBeGreaterThan(200);
    const age = s.attributes.find((a) => a.attribute === 'age_band')!;
    expect(age.demographicParityRatio).toBeLessThan(0.8);
    expect(s.attributes.find((a) => a.attribute === 'sex')!.demographicParityRatio).toBeGreaterThan(0.85);
    expect(r.out).toMatch(/Four-fifths screen \*?\*?flagged\*?\*? for age_band/);
    expect(hasPng(r.images)).toBe(true);
  });

  it('churn-predictor has labelled production predictions whose accuracy drops in the last week', async () => {
    const { h, store } = await demo();
    const model = (await store.read.models.byName('churn-predictor'))!;
    const rows: PredictionRecord[] = [];
    for (let cursor: { at: Date; seq: number } | null = null; ; ) {
      const page: PredictionRecord[] = await store.read.predictions.page({ modelId: model.id, environment: 'production', from: new Date(Date.parse(NOW) - 31 * DAY), to: new Date(NOW) }, cursor, 5000);
      rows.push(...page);
      if (page.length < 5000) break;
      cursor = { at: page[page.length - 1]!.at, seq: page[page.length - 1]!.seq };
    }
    const weekAgo = Date.parse(NOW) - 7 * DAY;
    const accuracy = (rs: PredictionRecord[]) => rs.filter((r) => r.label !== undefined && r.label !== null && String(r.label) === String(r.prediction)).length / rs.filter((r) => r.label !== undefined && r.label !== null).length;
    const earlier = rows.filter((r) => r.at.getTime() < weekAgo);
    const lastWeek = rows.filter((r) => r.at.getTime() >= weekAgo);
    expect(earlier.length).toBeGreaterThan(1000);
    expect(lastWeek.filter((r) => r.label != null).length).toBeGreaterThan(300);
    expect(rows.some((r) => r.label == null)).toBe(true); // the latest batch awaits its labels
    expect(accuracy(earlier)).toBeGreaterThan(0.7);
    expect(accuracy(lastWeek)).toBeLessThan(accuracy(earlier) - 0.08);
    expect((await h.say('/mlops drift churn-predictor production')).data).toMatchObject({ version: 3, drifted: [] });
    // the quality report: the last week below the registered F1 and ROC AUC, labels about a day late, a chart per metric
    const q = await h.say('/mlops quality churn-predictor production');
    const qs = q.data as QualitySummary;
    expect(qs.task).toBe('binary');
    const inWindow = rows.filter((r) => r.at.getTime() >= Date.parse(qs.window.from)); // the window starts at the top of its first period
    expect(qs.labelled).toBe(inWindow.filter((r) => r.label != null).length);
    expect(Math.abs(qs.metrics.find((m) => m.name === 'accuracy')!.value! - accuracy(inWindow))).toBeLessThan(1e-9);
    expect(qs.metrics.filter((m) => m.worse).map((m) => m.name)).toEqual(expect.arrayContaining(['f1', 'roc_auc']));
    expect(qs.medianLabelDelaySeconds! / 3600).toBeGreaterThan(18);
    expect(qs.medianLabelDelaySeconds! / 3600).toBeLessThan(36);
    expect(qs.estimated!.rows).toBe(inWindow.length);
    expect(hasPng(q.images)).toBe(true);
    expect(q.images).toHaveLength(5);
  });

  it('the weekly digest is scheduled in the console chat; run-schedule 1 posts it there with charts, and the alerts it raises carry [Retrain]', async () => {
    const { h, publisher } = await demo();
    const list = await h.say('/mlops schedules');
    expect(list.out).toMatch(/#1\b[\s\S]*digest|digest[\s\S]*#1\b/i);
    const queued = await h.say('/mlops run-schedule 1');
    expect(queued.error).toBeUndefined();
    expect(queued.out).toContain('Running schedule #1');
    const s = createScheduler({ deps: h.steward.scheduling, reports: monitoringReportSource(h.deps), instanceId: 'demo', leaseMs: 30_000, pollMs: 5000, ticker: new ManualTicker() });
    schedulers.push(s);
    await s.start();
    await s.poll();
    await s.idle();
    const post = publisher.posts[0]!;
    expect(post.target).toMatchObject({ platform: 'console', channelId: 'console' });
    const digest = publisher.latest(post.ref.messageId)!;
    const text = JSON.stringify(digest.blocks);
    expect(digest.title).toMatch(/Monitoring digest/);
    expect(text).toMatch(/fraud-detector/);
    expect(text).toMatch(/credit-risk-scorer/);
    expect(text).toMatch(/age_band/);
    expect(hasPng(digest.images)).toBe(true);
    // the console channel is subscribed: one alert per model at warning or worse, each with [Retrain]
    const alerts = publisher.posts.slice(1).map((p) => publisher.latest(p.ref.messageId)!);
    expect(alerts.map((a) => a.title).sort()).toEqual(['Bias alert: credit-risk-scorer in production', 'Drift alert: fraud-detector in production', 'Quality alert: churn-predictor in production']);
    for (const a of alerts) expect(a.buttons?.map((b) => b.label)).toContain('Retrain');
    // pressing it starts a (record-only) retrain of the model
    const quality = alerts.find((a) => a.title?.startsWith('Quality'))!;
    const started = await h.click(quality.buttons!.find((b) => b.label === 'Retrain')!.action, 'alice');
    expect(started.error).toBeUndefined();
    expect(JSON.stringify(started)).toMatch(/churn-predictor[\s\S]*--trigger 1/);
  });

  it('the digest quality line of credit-risk-scorer (no registered accuracy) shows the accuracy and labelled rows of its quality report', async () => {
    const { h, publisher } = await demo();
    const report = (await h.say('/mlops quality credit-risk-scorer production')).out;
    const accuracy = /^accuracy +(\S+)/m.exec(report)![1]!;
    const labelled = /Labelled: +[\d.]+% \((\d+) of \d+\)/.exec(report)![1]!;
    await h.say('/mlops run-schedule 1');
    const s = createScheduler({ deps: h.steward.scheduling, reports: monitoringReportSource(h.deps), instanceId: 'demo', leaseMs: 30_000, pollMs: 5000, ticker: new ManualTicker() });
    schedulers.push(s);
    await s.start();
    await s.poll();
    await s.idle();
    const digest = renderText(publisher.latest(publisher.posts[0]!.ref.messageId)!);
    const line = digest.split('\n').find((l) => l.startsWith('credit-risk-scorer — '))!;
    expect(line).toContain(`quality: accuracy ${accuracy} over ${labelled} labelled`);
    expect(line).not.toContain('quality: no data');
  });

  it('reports read the same whether the hours of older days are folded yet or not', async () => {
    const { h, clock, store } = await demo();
    clock.advance(2 * DAY); // two more days are now due to be folded
    const drift = async () => (await h.say('/mlops drift fraud-detector production --window 14d')).data as DriftSummary;
    const bias = async () => (await h.say('/mlops bias credit-risk-scorer production --window 14d')).data as BiasSummary;
    const [d1, b1] = [await drift(), await bias()];
    expect(await foldProfiles({ store: store as Store, clock })).toBeGreaterThan(0);
    const [d2, b2] = [await drift(), await bias()];
    expect(d2).toEqual(d1);
    expect(b2).toEqual(b1);
  });

  it('seeds once: a second run changes nothing', async () => {
    const { h, seeded } = await demo();
    expect(seeded!.predictions).toBeGreaterThan(5000);
    expect(seeded!.labels).toBeGreaterThan(1000);
    const again = await seedDemo(h.deps);
    expect(again.ok && again.value).toMatchObject({ seeded: false, predictions: 0 });
  });
});
