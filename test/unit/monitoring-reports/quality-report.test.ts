import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/config.js';
import { attachLabels } from '../../../src/monitoring/attach-labels.js';
import type { QualitySummary } from '../../../src/monitoring/chat/quality-report.js';
import { arrayRows, logPredictions } from '../../../src/monitoring/log-predictions.js';
import { registerVersion } from '../../../src/registry/register-version.js';
import { type Harness, harness } from '../../helpers/harness.js';
import { SYSTEM } from '../../helpers/monitoring-fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { testConfig } from '../../helpers/test-config.js';
import { storeImpls } from '../../helpers/store-impls.js';

/** test/fixtures/quality/*.json: rows and scikit-learn's values (make-fixtures.py). */
interface Fixture {
  rows: { prediction: string | number; label: string | number; score?: number }[];
  expected: Record<string, number>;
}
const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../../fixtures/quality/${name}.json`, import.meta.url), 'utf8')) as Fixture;
const HOUR = 3_600_000;

function configWith(yaml: string): Config {
  const dir = tempDir('quality-cfg');
  writeFileSync(`${dir}/steward.yaml`, yaml);
  return testConfig({}, dir);
}

/** The fixture's rows logged as predictions of `model` v1 in production over the last 60 hours (with scores, without labels); labels attached `labelAfterH` hours later. */
async function seed(h: Harness, model: string, f: Fixture, metrics: Record<string, number>, labelAfterH: number | null) {
  const r = await registerVersion(h.store, h.clock, SYSTEM, { model, version: { artifactUri: `s3://m/${model}/1`, metrics } });
  if (!r.ok) throw new Error(r.error.message);
  const now = h.clock.now().getTime();
  const preds = f.rows.map((x, i) => ({ id: `q-${i}`, timestamp: new Date(now - 60 * HOUR + Math.floor((i * 60 * HOUR) / f.rows.length)).toISOString(), features: { x: i % 7 }, prediction: x.prediction, ...(x.score !== undefined ? { score: x.score } : {}) }));
  const l = await logPredictions(h.deps, SYSTEM, { model, version: 1, environment: 'production' }, arrayRows(preds, 'predictions'));
  if (!l.ok) throw new Error(l.error.message);
  if (labelAfterH === null) return;
  h.clock.advance(labelAfterH * HOUR);
  const a = await attachLabels(h.deps, SYSTEM, model, arrayRows(f.rows.map((x, i) => ({ id: `q-${i}`, label: x.label })), 'labels'));
  if (!a.ok) throw new Error(a.error.message);
}

const metric = (s: QualitySummary, name: string) => s.metrics.find((m) => m.name === name)!;

describe('/mlops quality', () => {
  it('binary classifier: scikit-learn\'s accuracy, precision, recall, F1 (1e-9) and ROC AUC (within its bound), next to the registered values, coverage, label delay and a trend chart per metric', async () => {
    const h = harness();
    const f = fixture('binary');
    await seed(h, 'churn', f, { accuracy: 0.99, auc: 0.9, f1: 0.5 }, 6);
    const r = await h.say('/mlops quality churn production');
    expect(r.error).toBeUndefined();
    expect(r.title).toBe('Quality: churn v1 in production');
    const s = r.data as QualitySummary;
    expect(s.task).toBe('binary');
    expect([s.rows, s.labelled, s.coverage]).toEqual([4000, 4000, 1]);
    for (const name of ['accuracy', 'precision', 'recall', 'f1']) {
      expect(Math.abs(metric(s, name).value! - f.expected[name]!) / f.expected[name]!).toBeLessThan(1e-9);
      expect(metric(s, name).exact).toBe(true);
    }
    const auc = metric(s, 'roc_auc');
    expect(Math.abs(auc.value! - f.expected.roc_auc!)).toBeLessThanOrEqual(auc.bound);
    expect(auc.registeredAs).toBe('auc');
    expect(auc.difference).toBeCloseTo(auc.value! - 0.9, 12);
    expect(metric(s, 'accuracy').worse).toBe(true); // 0.99 registered
    expect(metric(s, 'f1').worse).toBe(f.expected.f1! < 0.5);
    expect(metric(s, 'precision').registered).toBeNull();
    // labels came 6 h after the last prediction: delays from 6 h to 66 h, median ≈ 36 h
    expect(s.medianLabelDelaySeconds! / 3600).toBeGreaterThan(36 / 1.2);
    expect(s.medianLabelDelaySeconds! / 3600).toBeLessThan(36 * 1.2);
    expect(r.out).toMatch(/Below the registered values: accuracy/);
    expect(r.out).toMatch(/Labelled:\s+100% \(4000 of 4000\)/);
    expect(r.out).toMatch(/Median label delay:\s+≈ \d+(\.\d)? (h|d)/);
    expect(r.images?.map((i) => i.title)).toEqual(['accuracy by day', 'precision by day', 'recall by day', 'F1 by day', 'ROC AUC by day']);
    for (const i of r.images ?? []) expect([...i.png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // three or four UTC days in 60 hours; every labelled row is in one of them
    expect(s.trend.points.length).toBeGreaterThanOrEqual(3);
    expect(s.trend.points.reduce((n, p) => n + p.labelled, 0)).toBe(4000);
    const hourly = (await h.say('/mlops quality churn production --by hour')).data as QualitySummary;
    expect(hourly.trend.by).toBe('hour');
    expect(hourly.trend.points.length).toBeGreaterThanOrEqual(60);
  });

  it('while labels are late, the estimate from scores is shown and marked as such; when they arrive, next to the measured value', async () => {
    const h = harness();
    const f = fixture('binary');
    await seed(h, 'churn', f, { accuracy: 0.8 }, null);
    const before = await h.say('/mlops quality churn production');
    expect(before.error).toBeUndefined();
    const b = before.data as QualitySummary;
    expect(b.labelled).toBe(0);
    expect(b.metrics).toEqual([]);
    expect(b.estimated!.rows).toBe(4000);
    expect(before.out).toMatch(/No labelled predictions yet: the estimate below comes from the scores alone/);
    expect(before.out).toMatch(/assumes the scores are calibrated probabilities/);
    const estimatedAccuracy = b.estimated!.metrics.accuracy!;
    // expected accuracy = mean(score if ŷ = 1 else 1 − score), computed here from the rows
    const direct = f.rows.reduce((s, x) => s + (x.prediction === 1 ? x.score! : 1 - x.score!), 0) / f.rows.length;
    expect(Math.abs(estimatedAccuracy - direct)).toBeLessThan(1e-12);
    h.clock.advance(HOUR);
    await attachLabels(h.deps, SYSTEM, 'churn', arrayRows(f.rows.map((x, i) => ({ id: `q-${i}`, label: x.label })), 'labels'));
    const after = (await h.say('/mlops quality churn production')).data as QualitySummary;
    expect(metric(after, 'accuracy').estimated).toBeCloseTo(estimatedAccuracy, 12);
    expect(Math.abs(metric(after, 'accuracy').value! - f.expected.accuracy!)).toBeLessThan(1e-9);
  });

  it('regressor: MAE and RMSE equal scikit-learn\'s; multiclass: macro averages; the task can be set in steward.yaml', async () => {
    const h = harness();
    const reg = fixture('regression');
    await seed(h, 'price', reg, { rmse: 10 }, 1);
    const s = (await h.say('/mlops quality price production')).data as QualitySummary;
    expect(s.task).toBe('regression');
    for (const name of ['mae', 'rmse']) expect(Math.abs(metric(s, name).value! - reg.expected[name]!) / reg.expected[name]!).toBeLessThan(1e-9);
    expect(metric(s, 'rmse').worse).toBe(reg.expected.rmse! > 10);
    const mc = fixture('multiclass');
    const h2 = harness({ config: configWith('monitoring:\n  models:\n    species:\n      task: multiclass\n') });
    await seed(h2, 'species', mc, {}, 1);
    const m = (await h2.say('/mlops quality species production')).data as QualitySummary;
    expect(m.task).toBe('multiclass');
    for (const name of ['accuracy', 'precision', 'recall', 'f1']) expect(Math.abs(metric(m, name).value! - mc.expected[name]!) / mc.expected[name]!).toBeLessThan(1e-9);
  });

  it('--fail-on fails the check like a gate (relative to the registered value or absolute), says what it could not check, and refuses a bad check', async () => {
    const h = harness();
    await seed(h, 'churn', fixture('binary'), { auc: 0.99 }, 1);
    const failed = await h.say('/mlops quality churn production --fail-on roc_auc<registered-0.02');
    expect(failed.error).toBe('gate_failed');
    expect(failed.out).toMatch(/Check failed:\*?\*? --fail-on roc_auc<registered-0\.02: roc_auc 0\.\d+ < registered 0\.99 − 0\.02/);
    const passed = await h.say('/mlops quality churn production --fail-on roc_auc<0.5,precision<registered-0.1');
    expect(passed.error).toBeUndefined();
    expect(passed.out).toMatch(/Check passed: --fail-on roc_auc<0\.5,precision<registered-0\.1/);
    expect(passed.out).toMatch(/Not checked: precision<registered-0\.1 \(no registered precision\)/);
    const bad = await h.say('/mlops quality churn production --fail-on auc<0.5');
    expect(bad.error).toBe('bad_input');
    expect(bad.out).toMatch(/--fail-on: takes METRIC<VALUE, METRIC>VALUE or METRIC<registered-DELTA with METRIC one of accuracy, precision, recall, f1, roc_auc, mae, rmse; got "auc<0\.5"/);
  });

  it('--fail-on a metric the report does not compute is refused (bad_input, exit 2) naming it, not passed; one with no value yet is listed as not checked', async () => {
    const h = harness();
    const f = fixture('binary');
    await seed(h, 'churn', { ...f, rows: f.rows.map(({ score: _, ...x }) => x) }, {}, 1);
    const auc = await h.say('/mlops quality churn production --fail-on roc_auc<0.9');
    expect(auc.error).toBe('bad_input');
    expect(auc.out).toMatch(/--fail-on roc_auc<0\.9: roc_auc is not computed here \(none of the 4000 labelled predictions in the window carries a score; log predictions with a score, the probability of the positive class\); the metrics are accuracy, precision, recall, f1/);
    expect(auc.out).not.toMatch(/Check passed/);
    const mae = await h.say('/mlops quality churn production --fail-on accuracy<0.1,mae>0.1');
    expect(mae.error).toBe('bad_input');
    expect(mae.out).toMatch(/--fail-on mae>0\.1: mae is not computed here \(it is a regression metric and this is a binary classifier\)/);
    const h2 = harness();
    await seed(h2, 'price', fixture('regression'), {}, 1);
    expect((await h2.say('/mlops quality price production --fail-on f1<0.5')).out).toMatch(/--fail-on f1<0\.5: f1 is not computed here \(it is a classifier metric and this is a regressor\); the metrics are mae, rmse/);
    // no labels yet and the task not set: nothing is known not to be computed — not checked, as before
    const h3 = harness();
    await seed(h3, 'fresh', f, {}, null);
    const fresh = await h3.say('/mlops quality fresh production --window 30d --fail-on mae>0.1');
    expect(fresh.error).toBeUndefined();
    expect(fresh.out).toMatch(/Not checked: mae>0\.1 \(no live mae\)/);
  });

  it('a live value below the registered one offers [Retrain] when the model has a training pipeline, and not otherwise', async () => {
    const yaml = 'training:\n  churn:\n    pipeline: { kind: webhook, url: "http://127.0.0.1:9/train", secretEnv: TRAIN_SECRET }\n';
    const dir = tempDir('quality-train');
    writeFileSync(`${dir}/steward.yaml`, yaml);
    const h = harness({ config: testConfig({ TRAIN_SECRET: 'whsec_x' }, dir) });
    await seed(h, 'churn', fixture('binary'), { auc: 0.99 }, 1);
    const r = await h.say('/mlops quality churn production');
    expect(r.buttons?.map((b) => b.label)).toEqual(['Retrain']);
    const plain = harness();
    await seed(plain, 'churn', fixture('binary'), { auc: 0.99 }, 1);
    expect((await plain.say('/mlops quality churn production')).buttons ?? []).toEqual([]);
  });

  it('labels for a day that is due to be folded, but not yet, all count (no profile at its midnight hour)', async () => {
    const h = harness();
    await registerVersion(h.store, h.clock, SYSTEM, { model: 'late', version: { artifactUri: 's3://m/late/1' } });
    const day = Math.floor(h.clock.now().getTime() / 86_400_000) * 86_400_000;
    const preds = Array.from({ length: 50 }, (_, i) => ({ id: `l-${i}`, timestamp: new Date(day + 5 * HOUR + i * 60_000).toISOString(), features: { x: 1 }, prediction: i % 2 }));
    h.clock.set(new Date(day + 6 * HOUR));
    expect((await logPredictions(h.deps, SYSTEM, { model: 'late', version: 1, environment: 'production' }, arrayRows(preds, 'p'))).ok).toBe(true);
    h.clock.advance(4 * 24 * HOUR); // the day is now more than 3 days behind: due to be folded; no fold has run
    expect((await attachLabels(h.deps, SYSTEM, 'late', arrayRows(preds.map((p, i) => ({ id: p.id, label: i % 3 === 0 ? 1 : 0 })), 'l'))).ok).toBe(true);
    const s = (await h.say('/mlops quality late production')).data as QualitySummary;
    expect([s.rows, s.labelled]).toEqual([50, 50]);
  });

  it('says what to do when nothing is logged or nothing is labelled', async () => {
    const h = harness();
    await registerVersion(h.store, h.clock, SYSTEM, { model: 'empty', version: { artifactUri: 's3://m/e/1' } });
    expect((await h.say('/mlops quality empty production')).out).toMatch(/No predictions were logged for empty v1 in production in the last 7d/);
    await seed(h, 'unlabelled', { rows: [{ prediction: 'a', label: 'a' }], expected: {} }, {}, null);
    expect((await h.say('/mlops quality unlabelled production')).out).toMatch(/None of the 1 predictions .* is labelled yet: attach labels with POST \/api\/v1\/labels/);
  });
});

describe.each(storeImpls().filter((s) => s.name !== 'memory').map((s) => [s.name, s] as const))('/mlops quality on %s', (_name, impl) => {
  it('labels attached a day late: the report from the stored hourly profiles equals scikit-learn, and the estimate was there before the labels', async () => {
    const { store, close } = await impl.open();
    try {
      const h = harness({ store });
      const f = fixture('binary');
      await seed(h, 'churn', f, { auc: 0.9 }, null);
      const before = (await h.say('/mlops quality churn production')).data as QualitySummary;
      expect([before.labelled, before.estimated?.rows]).toEqual([0, 4000]);
      h.clock.advance(24 * HOUR);
      const a = await attachLabels(h.deps, SYSTEM, 'churn', arrayRows(f.rows.map((x, i) => ({ id: `q-${i}`, label: x.label })), 'labels'));
      expect(a.ok).toBe(true);
      const s = (await h.say('/mlops quality churn production')).data as QualitySummary;
      for (const name of ['accuracy', 'precision', 'recall', 'f1']) expect(Math.abs(metric(s, name).value! - f.expected[name]!) / f.expected[name]!).toBeLessThan(1e-9);
      expect(Math.abs(metric(s, 'roc_auc').value! - f.expected.roc_auc!)).toBeLessThanOrEqual(metric(s, 'roc_auc').bound);
      expect(s.medianLabelDelaySeconds! / 3600).toBeGreaterThan(54 / 1.2);
      expect(s.medianLabelDelaySeconds! / 3600).toBeLessThan(54 * 1.2);
    } finally {
      await close();
    }
  }, 60_000);
});
