/**
 * Model quality metrics, with scikit-learn's definitions (docs/monitoring.md, "Quality"):
 *   accuracy   (tp + tn) / n                          (multiclass: share of exact matches)
 *   precision  tp / (tp + fp)        recall  tp / (tp + fn)        f1  2·tp / (2·tp + fp + fn)
 *              for binary labels the positive class; for more classes the unweighted mean over
 *              the classes seen in labels or predictions (average='macro'; a class never
 *              predicted has precision 0, as scikit-learn's zero_division default gives)
 *   roc_auc    P(score of a positive > score of a negative) + ½·P(equal) (Mann–Whitney)
 *   mae        mean |y − ŷ|           rmse  sqrt(mean (y − ŷ)²)
 * Each is computed from counts, so rows and merged profiles give the same numbers; ROC AUC from
 * profiles has a bound (pairs within one score bin are not ordered).
 */

export type QualityTask = 'binary' | 'multiclass' | 'regression';
export type QualityMetricName = 'accuracy' | 'precision' | 'recall' | 'f1' | 'roc_auc' | 'mae' | 'rmse';

export const CLASSIFIER_METRICS: readonly QualityMetricName[] = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'];
export const REGRESSOR_METRICS: readonly QualityMetricName[] = ['mae', 'rmse'];
/** Lower is better for these; higher for the rest. */
export const LOWER_IS_BETTER: ReadonlySet<QualityMetricName> = new Set(['mae', 'rmse']);

export interface MetricValue {
  readonly name: QualityMetricName;
  /** null: not defined on these rows (see `note`) */
  readonly value: number | null;
  /** |true value − value| ≤ bound (0: exact) */
  readonly bound: number;
  readonly note?: string;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Accuracy, precision, recall and F1 of binary counts [tp, fp, fn, tn]. */
export function binaryMetrics(c: ArrayLike<number>): MetricValue[] {
  const [tp, fp, fn, tn] = [c[0]!, c[1]!, c[2]!, c[3]!];
  const n = tp + fp + fn + tn;
  const m = (name: QualityMetricName, value: number | null, note: string): MetricValue => (value === null ? { name, value, bound: 0, note } : { name, value, bound: 0 });
  return [
    m('accuracy', ratio(tp + tn, n), 'no labelled predictions'),
    m('precision', ratio(tp, tp + fp), 'nothing was predicted positive'),
    m('recall', ratio(tp, tp + fn), 'no label is positive'),
    m('f1', ratio(2 * tp, 2 * tp + fp + fn), 'no positive label or prediction'),
  ];
}

/** Accuracy and macro-averaged precision, recall and F1 of a confusion table [label, prediction, count]. */
export function multiclassMetrics(cells: readonly (readonly [string, string, number])[]): MetricValue[] {
  const classes = new Set<string>();
  let n = 0;
  let correct = 0;
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const actual = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [y, yhat, c] of cells) {
    if (c === 0) continue;
    classes.add(y);
    classes.add(yhat);
    n += c;
    add(actual, y, c);
    add(predicted, yhat, c);
    if (y === yhat) {
      correct += c;
      add(tp, y, c);
    }
  }
  if (n === 0) return binaryMetrics([0, 0, 0, 0]);
  let p = 0;
  let r = 0;
  let f = 0;
  for (const k of classes) {
    const t = tp.get(k) ?? 0;
    const pr = predicted.get(k) ?? 0;
    const ac = actual.get(k) ?? 0;
    p += pr > 0 ? t / pr : 0;
    r += ac > 0 ? t / ac : 0;
    f += pr + ac > 0 ? (2 * t) / (pr + ac) : 0;
  }
  const k = classes.size;
  return [
    { name: 'accuracy', value: correct / n, bound: 0 },
    { name: 'precision', value: p / k, bound: 0 },
    { name: 'recall', value: r / k, bound: 0 },
    { name: 'f1', value: f / k, bound: 0 },
  ];
}

/** MAE and RMSE from [n, Σ|e|, Σe²]. */
export function regressionMetrics(e: ArrayLike<number>): MetricValue[] {
  const n = e[0]!;
  if (!(n > 0)) return [{ name: 'mae', value: null, bound: 0, note: 'no numeric labels and predictions' }, { name: 'rmse', value: null, bound: 0, note: 'no numeric labels and predictions' }];
  return [
    { name: 'mae', value: e[1]! / n, bound: 0 },
    { name: 'rmse', value: Math.sqrt(Math.max(0, e[2]!) / n), bound: 0 },
  ];
}

/**
 * ROC AUC of scored rows, exactly: the Mann–Whitney statistic with ties counted half, from
 * midranks (what sklearn.metrics.roc_auc_score gives). null when either class is absent.
 */
export function rocAucExact(scores: ArrayLike<number>, positive: ArrayLike<boolean | 0 | 1>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midrank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if (positive[order[k]!]) {
        rankSumPos += midrank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * ROC AUC from score bins ([bin, negatives, positives], any order): pairs in different bins are
 * ordered by their bins; pairs within a bin count half, and each could be 0 or 1 instead — the
 * bound is half their share. Exact (bound 0) when no bin holds both classes.
 */
export function rocAucFromBins(bins: readonly (readonly [number, number, number])[]): { value: number | null; bound: number } {
  const sorted = [...bins].sort((a, b) => a[0] - b[0]);
  let neg = 0;
  let pos = 0;
  for (const [, n, p] of sorted) {
    neg += n;
    pos += p;
  }
  if (pos <= 0 || neg <= 0) return { value: null, bound: 0 };
  let negBelow = 0;
  let above = 0;
  let tied = 0;
  for (const [, n, p] of sorted) {
    above += p * negBelow;
    tied += p * n;
    negBelow += n;
  }
  const pairs = pos * neg;
  return { value: (above + tied / 2) / pairs, bound: tied / 2 / pairs };
}

/**
 * Confidence-based performance estimation (NannyML's CBPE) for a binary classifier, from
 * [n ŷ=1, Σ score over ŷ=1, n ŷ=0, Σ score over ŷ=0]: if scores are calibrated, a row predicted
 * positive is a true positive with probability = its score, one predicted negative a false
 * negative with probability = its score. The expected confusion matrix gives the metrics.
 */
export function estimatedMetrics(x: ArrayLike<number>): MetricValue[] | null {
  const [nPos, sPos, nNeg, sNeg] = [x[0]!, x[1]!, x[2]!, x[3]!];
  if (nPos + nNeg <= 0) return null;
  const tp = sPos;
  const fp = nPos - sPos;
  const fn = sNeg;
  const tn = nNeg - sNeg;
  return binaryMetrics([tp, fp, fn, tn]);
}

/** Inference of the task when steward.yaml does not name it, from what the labelled pairs look like. */
export function inferTask(q: { pairs: number; fractional: number; binaryCounted: number; numericPairs: number; confusionPooled: boolean }): QualityTask | null {
  if (q.pairs <= 0) return null;
  if (q.binaryCounted === q.pairs) return 'binary';
  if (q.numericPairs === q.pairs && (q.fractional > 0 || q.confusionPooled)) return 'regression';
  if (!q.confusionPooled) return 'multiclass';
  return null;
}
