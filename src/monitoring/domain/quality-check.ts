import { CLASSIFIER_METRICS, type QualityMetricName, type QualityTask, REGRESSOR_METRICS } from './stats/quality.js';

/**
 * Quality checks, one vocabulary for --fail-on, policy gates and alerts:
 *   roc_auc<0.85                the live value is below 0.85
 *   roc_auc<registered-0.02     more than 0.02 below the value registered with the version
 *   rmse>registered+5           (lower-is-better metrics the other way round)
 * A check on a metric this run does not compute (MAE of a classifier, ROC AUC without scores) is
 * refused as bad input (`notComputed`); one on a metric that is computed but has no value yet (no
 * labels in the window, no registered value) does not fail; it says so.
 */
export interface QualityCheck {
  readonly metric: QualityMetricName;
  readonly op: '<' | '>';
  /** absolute threshold, or an offset from the registered value */
  readonly value: number;
  readonly relative: boolean;
  readonly text: string;
}

export const QUALITY_METRICS: readonly QualityMetricName[] = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'mae', 'rmse'];

const RE = /^([a-z_0-9]+)\s*([<>])\s*(?:(registered)\s*([+-])\s*)?(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

/** "roc_auc<registered-0.02,accuracy<0.9" → checks, or what is wrong (reads after "takes"). */
export function parseQualityChecks(raw: string): QualityCheck[] | { problem: string } {
  const out: QualityCheck[] = [];
  for (const part of raw.split(',').map((s) => s.trim())) {
    const m = RE.exec(part);
    if (!m || !(QUALITY_METRICS as readonly string[]).includes(m[1]!)) {
      return { problem: `takes METRIC<VALUE, METRIC>VALUE or METRIC<registered-DELTA with METRIC one of ${QUALITY_METRICS.join(', ')}; got "${part}"` };
    }
    const n = Number(m[5]);
    out.push({ metric: m[1] as QualityMetricName, op: m[2] as '<' | '>', relative: m[3] !== undefined, value: m[3] ? (m[4] === '-' ? -n : n) : n, text: part.replace(/\s+/g, '') });
  }
  return out;
}

export interface CheckedMetric {
  readonly name: QualityMetricName;
  readonly value: number | null;
  readonly registered: number | null;
}

/** Which checks the metrics cross, as text ("roc_auc 0.871 < registered 0.923 − 0.02"); and the checks that could not be evaluated. */
export function crossedQuality(metrics: readonly CheckedMetric[], checks: readonly QualityCheck[]): { crossed: string[]; unmeasured: string[] } {
  const crossed: string[] = [];
  const unmeasured: string[] = [];
  const fmt = (v: number) => String(Number(v.toPrecision(4)));
  for (const c of checks) {
    const m = metrics.find((x) => x.name === c.metric);
    if (!m || m.value === null || (c.relative && m.registered === null)) {
      unmeasured.push(`${c.text} (${!m || m.value === null ? `no live ${c.metric}` : `no registered ${c.metric}`})`);
      continue;
    }
    const limit = c.relative ? m.registered! + c.value : c.value;
    if (c.op === '<' ? m.value < limit : m.value > limit) crossed.push(`${c.metric} ${fmt(m.value)} ${c.op} ${c.relative ? `registered ${fmt(m.registered!)} ${c.value < 0 ? '−' : '+'} ${fmt(Math.abs(c.value))}` : fmt(limit)}`);
  }
  return { crossed, unmeasured };
}

/** The metrics a task has (ROC AUC: binary classifiers with scores). */
export function metricsOfTask(task: QualityTask): readonly QualityMetricName[] {
  if (task === 'regression') return REGRESSOR_METRICS;
  return task === 'binary' ? CLASSIFIER_METRICS : CLASSIFIER_METRICS.filter((m) => m !== 'roc_auc');
}

/**
 * The first check whose metric this run does not compute, as one line that names the check, why
 * and what to do ("--fail-on roc_auc<0.9: roc_auc is not computed here (it needs …); the metrics
 * are accuracy, …"), or null. `computed`: the metrics the run has, or null when it has none yet (no
 * labelled predictions: only a metric of another task is known not to be computed); `noScore`: why
 * ROC AUC is missing from a binary classifier's, and what to give. Null too when the task is not
 * known.
 */
export function notComputed(checks: readonly QualityCheck[], task: QualityTask | null, computed: readonly QualityMetricName[] | null, noScore: string): string | null {
  if (task === null) return null;
  const family = metricsOfTask(task);
  const kind = task === 'binary' ? 'a binary classifier' : task === 'multiclass' ? 'a multiclass classifier' : 'a regressor';
  for (const c of checks) {
    const other = !family.includes(c.metric);
    if (!other && (computed === null || computed.includes(c.metric))) continue;
    const why = other ? `${c.metric === 'roc_auc' ? 'ROC AUC is for binary classifiers' : REGRESSOR_METRICS.includes(c.metric) ? 'it is a regression metric' : 'it is a classifier metric'} and this is ${kind}` : noScore;
    return `--fail-on ${c.text}: ${c.metric} is not computed here (${why}); the metrics are ${(computed ?? family).join(', ')}`;
  }
  return null;
}
