import { binaryMetrics, estimatedMetrics, inferTask, type MetricValue, multiclassMetrics, type QualityTask, regressionMetrics, rocAucExact, rocAucFromBins } from '../stats/quality.js';
import type { LabelEncoding } from './label-encoding.js';
import { addExpected, addLabelled, DELAY_STEPS, delayBinMiddle, emptyQuality, type QualityProfile, type QualityRow, scoreOf } from './quality-profile.js';
import { readBinary } from './label-encoding.js';

/**
 * The quality of a window's predictions from its quality counts: the metrics the task has, the
 * estimate from scores alone (binary classifiers whose predictions carry a score), and the
 * median label delay. `rows`: every prediction in the window, for the label coverage.
 */
export interface QualityMeasure {
  /** null: the labelled predictions do not tell, and steward.yaml does not say (see `problem`) */
  readonly task: QualityTask | null;
  readonly rows: number;
  /** labelled predictions with both label and prediction present */
  readonly labelled: number;
  readonly metrics: readonly MetricValue[];
  /** estimated from scores (CBPE); null when there are no scored binary predictions */
  readonly estimated: { readonly rows: number; readonly metrics: readonly MetricValue[] } | null;
  /** the median label delay in milliseconds (to within DELAY_STEPS per doubling), null without labels attached after their prediction was logged */
  readonly medianLabelDelayMs: number | null;
  readonly problem: string | null;
}

/** How the labelled pairs look, for telling the task. */
function taskOf(q: QualityProfile, task: QualityTask | undefined): QualityTask | null {
  if (task) return task;
  const binaryCounted = q.binary[0]! + q.binary[1]! + q.binary[2]! + q.binary[3]!;
  return inferTask({ pairs: q.pairs, fractional: q.fractional, binaryCounted, numericPairs: q.errors[0]!, confusionPooled: q.confusionOther !== 0 });
}

export function medianDelay(delays: ReadonlyMap<number, number>): number | null {
  let total = 0;
  for (const n of delays.values()) total += n;
  if (total <= 0) return null;
  let seen = 0;
  for (const bin of [...delays.keys()].sort((a, b) => a - b)) {
    seen += delays.get(bin)!;
    if (seen >= total / 2) return delayBinMiddle(bin);
  }
  return null;
}

/** A median shown as its bin's middle is within this share of the true one. */
export const DELAY_RESOLUTION = 2 ** (1 / (2 * DELAY_STEPS)) - 1;

export function measureQualityProfile(q: QualityProfile, rows: number, task: QualityTask | undefined): QualityMeasure {
  const t = taskOf(q, task);
  const base = { rows, labelled: q.pairs, medianLabelDelayMs: medianDelay(q.delays) };
  const est = estimatedMetrics(q.expected);
  const estimated = est && t !== 'regression' && t !== 'multiclass' ? { rows: q.expected[0]! + q.expected[2]!, metrics: est } : null;
  if (q.pairs <= 0) return { ...base, task: t, metrics: [], estimated, problem: null };
  if (t === null) return { ...base, task: null, metrics: [], estimated, problem: 'the labels do not show whether the model is a binary or multiclass classifier or a regressor' };
  if (t === 'regression') {
    const numeric = q.errors[0]!;
    return { ...base, task: t, metrics: regressionMetrics(q.errors), estimated: null, problem: numeric < q.pairs ? `${q.pairs - numeric} labelled predictions have a label or prediction that is not a number` : null };
  }
  if (t === 'multiclass') {
    if (q.confusionOther !== 0) return { ...base, task: t, metrics: [], estimated: null, problem: 'the labels and predictions have too many distinct values for a classifier' };
    const cells = [...q.confusion].map(([k, n]): [string, string, number] => {
      const [y, yhat] = JSON.parse(k) as [string, string];
      return [y, yhat, n];
    });
    return { ...base, task: t, metrics: multiclassMetrics(cells), estimated: null, problem: null };
  }
  const counted = q.binary[0]! + q.binary[1]! + q.binary[2]! + q.binary[3]!;
  const metrics = [...binaryMetrics(q.binary)];
  if (q.scoreBins.size) {
    const auc = rocAucFromBins([...q.scoreBins].map(([b, c]) => [b, c[0]!, c[1]!] as const));
    metrics.push(auc.value === null ? { name: 'roc_auc', value: null, bound: 0, note: 'needs both positive and negative labels' } : { name: 'roc_auc', value: auc.value, bound: auc.bound });
  }
  return { ...base, task: t, metrics, estimated, problem: counted < q.pairs ? `${q.pairs - counted} labelled predictions have a label or prediction that cannot be read as 0/1` : null };
}

/**
 * The same from rows (a file): exact, ROC AUC included. Rows without a label count for the
 * coverage and the estimate only.
 */
export function measureQualityRows(rows: Iterable<QualityRow>, encoding: LabelEncoding, task: QualityTask | undefined): QualityMeasure {
  const q = emptyQuality();
  const scores: number[] = [];
  const positive: boolean[] = [];
  let n = 0;
  for (const r of rows) {
    n++;
    addExpected(q, r, encoding, 1);
    addLabelled(q, r, encoding, 1);
    if (r.label === undefined || r.label === null || r.prediction === null) continue;
    const s = scoreOf(r, encoding);
    const y = readBinary(r.label, encoding, false);
    if (s !== null && (y === 0 || y === 1)) {
      scores.push(s);
      positive.push(y === 1);
    }
  }
  const m = measureQualityProfile(q, n, task);
  if (m.task !== 'binary' || !scores.length) return m;
  const auc = rocAucExact(scores, positive);
  const metrics = m.metrics.map((x) => (x.name === 'roc_auc' ? (auc === null ? x : { name: 'roc_auc' as const, value: auc, bound: 0 }) : x));
  return { ...m, metrics };
}
