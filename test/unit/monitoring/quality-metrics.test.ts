import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabelEncoding } from '../../../src/monitoring/domain/profile/label-encoding.js';
import { measureQualityProfile, measureQualityRows, medianDelay } from '../../../src/monitoring/domain/profile/profile-quality.js';
import { addExpected, addLabelled, delayBin, emptyQuality, mergeQuality, qualityFromJson, qualityToJson, type QualityRow } from '../../../src/monitoring/domain/profile/quality-profile.js';
import type { MetricValue } from '../../../src/monitoring/domain/stats/quality.js';

/** Fixtures and expected values from test/fixtures/quality/make-fixtures.py (scikit-learn, numpy). */
interface Fixture {
  rows: { prediction: string | number; label: string | number; score?: number }[];
  expected: Record<string, number>;
  positiveLabel?: string;
  calibrated?: { rows: Fixture['rows']; estimated: Record<string, number>; measured: Record<string, number> };
}
const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../../fixtures/quality/${name}.json`, import.meta.url), 'utf8')) as Fixture;
const value = (ms: readonly MetricValue[], name: string) => ms.find((m) => m.name === name);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** The fixture's rows as profiles of `hours` hours, each through its JSON form, merged. */
function profiled(rows: readonly QualityRow[], e: LabelEncoding, hours: number) {
  const parts = Array.from({ length: hours }, () => emptyQuality());
  rows.forEach((r, i) => {
    addExpected(parts[i % hours]!, r, e, 1);
    addLabelled(parts[i % hours]!, r, e, 1);
  });
  const merged = emptyQuality();
  for (const p of parts) {
    const back = emptyQuality();
    qualityFromJson(JSON.parse(JSON.stringify(qualityToJson(p))) as ReturnType<typeof qualityToJson>, back);
    mergeQuality(merged, back);
  }
  return merged;
}

describe('quality metrics equal scikit-learn on independent fixtures', () => {
  for (const [name, task, encoding] of [
    ['binary', 'binary', {}],
    ['binary-text', 'binary', { positiveLabel: 'churn' }],
    ['multiclass', 'multiclass', {}],
    ['regression', 'regression', {}],
  ] as const) {
    it(`${name}: from rows exactly (ROC AUC too), from 24 merged hourly profiles likewise (ROC AUC within its bound); the task is inferred`, () => {
      const f = fixture(name);
      const fromRows = measureQualityRows(f.rows, encoding, undefined);
      const fromProfile = measureQualityProfile(profiled(f.rows, encoding, 24), f.rows.length, undefined);
      for (const m of [fromRows, fromProfile]) {
        expect(m.task).toBe(task);
        expect(m.labelled).toBe(f.rows.length);
        expect(m.problem).toBeNull();
        expect(m.metrics.map((x) => x.name).sort()).toEqual(Object.keys(f.expected).sort());
      }
      for (const [metric, want] of Object.entries(f.expected)) {
        const r = value(fromRows.metrics, metric)!;
        const p = value(fromProfile.metrics, metric)!;
        if (metric === 'roc_auc') {
          expect(Math.abs(r.value! - want)).toBeLessThan(1e-12);
          expect(r.bound).toBe(0);
          expect(Math.abs(p.value! - want)).toBeLessThanOrEqual(p.bound + 1e-12);
          expect(p.bound).toBeGreaterThan(0); // the fixture has ties across classes within bins
          expect(p.bound).toBeLessThan(0.01);
        } else {
          expect(rel(r.value!, want)).toBeLessThan(1e-9);
          expect(rel(p.value!, want)).toBeLessThan(1e-9);
        }
      }
    });
  }

  it('estimated metrics (confidence-based, as NannyML CBPE) equal the independent computation; the measured accuracy is sklearn\'s', () => {
    const c = fixture('binary').calibrated!;
    for (const m of [measureQualityRows(c.rows, {}, 'binary'), measureQualityProfile(profiled(c.rows, {}, 7), c.rows.length, 'binary')]) {
      expect(m.estimated!.rows).toBe(c.rows.length);
      for (const [metric, want] of Object.entries(c.estimated)) expect(rel(value(m.estimated!.metrics, metric)!.value!, want)).toBeLessThan(1e-9);
      expect(rel(value(m.metrics, 'accuracy')!.value!, c.measured.accuracy!)).toBeLessThan(1e-9);
    }
  });

  it('the estimate needs no labels: unlabelled scored predictions are estimated, and count for the coverage only', () => {
    const c = fixture('binary').calibrated!;
    const unlabelled = c.rows.map(({ label: _l, ...r }) => ({ ...r, label: undefined }));
    const m = measureQualityRows(unlabelled, {}, undefined);
    expect(m.labelled).toBe(0);
    expect(m.rows).toBe(c.rows.length);
    expect(m.metrics).toEqual([]);
    expect(rel(value(m.estimated!.metrics, 'accuracy')!.value!, c.estimated.accuracy!)).toBeLessThan(1e-9);
  });

  it('a label replaced or a prediction erased subtracts exactly: the profile equals the one of the remaining rows', () => {
    const f = fixture('binary');
    const all = emptyQuality();
    const half = emptyQuality();
    f.rows.forEach((r, i) => {
      addLabelled(all, r, {}, 1);
      addExpected(all, r, {}, 1);
      if (i % 2) {
        addLabelled(half, r, {}, 1);
        addExpected(half, r, {}, 1);
      }
    });
    f.rows.forEach((r, i) => {
      if (i % 2 === 0) {
        addLabelled(all, r, {}, -1);
        addExpected(all, r, {}, -1);
      }
    });
    const a = measureQualityProfile(all, 2000, undefined);
    const b = measureQualityProfile(half, 2000, undefined);
    for (const m of b.metrics) expect(Math.abs(value(a.metrics, m.name)!.value! - m.value!)).toBeLessThan(1e-9);
  });

  it('the median label delay is within a fifth of the true one, and labels given with the prediction count as delay 0', () => {
    const q = emptyQuality();
    const at = new Date('2026-11-20T00:00:00Z');
    const delaysH = [1, 2, 3, 30, 31, 32, 33];
    for (const h of delaysH) addLabelled(q, { prediction: 1, label: 1, at, labeledAt: new Date(at.getTime() + h * 3_600_000) }, {}, 1);
    const m = medianDelay(q.delays)!;
    expect(Math.abs(m / 3_600_000 - 30) / 30).toBeLessThan(0.2);
    expect(delayBin(0)).toBe(0);
    expect(delayBin(-5000)).toBe(0);
  });

  it('says when the labels do not tell the task, and which values cannot be read as 0/1 when told it is binary', () => {
    const rows = Array.from({ length: 600 }, (_, i) => ({ prediction: i * 7, label: i * 7 + (i % 3) }));
    expect(measureQualityRows(rows, {}, undefined).task).toBe('regression'); // many whole numbers: the confusion table overflows
    const told = measureQualityRows([{ prediction: 'maybe', label: 1 }, { prediction: 1, label: 1 }], {}, 'binary');
    expect(told.problem).toBe('1 labelled predictions have a label or prediction that cannot be read as 0/1');
  });
});
