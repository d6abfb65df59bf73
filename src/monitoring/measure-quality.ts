import { ok, type Result } from '../core/result.js';
import { DAY_MS } from './domain/profile/profile-periods.js';
import { measureQualityProfile, type QualityMeasure } from './domain/profile/profile-quality.js';
import { LOWER_IS_BETTER, type MetricValue, type QualityMetricName } from './domain/stats/quality.js';
import { type ReportDeps, type ReportScope, scopeText } from './measure-drift.js';
import { HOUR_MS } from './profile-writes.js';
import { windowProfile } from './window-profile.js';

export type QualityBy = 'day' | 'hour';

/** The names a registered metric may have for each quality metric (`--metric auc=0.91` is ROC AUC). */
export const REGISTERED_NAMES: Readonly<Record<QualityMetricName, readonly string[]>> = {
  accuracy: ['accuracy'],
  precision: ['precision'],
  recall: ['recall'],
  f1: ['f1', 'f1_score'],
  roc_auc: ['roc_auc', 'auc'],
  mae: ['mae'],
  rmse: ['rmse'],
};

export interface QualityComparison extends MetricValue {
  /** the value registered with the version, and under which name; null when none was */
  readonly registered: number | null;
  readonly registeredAs: string | null;
  /** live − registered */
  readonly difference: number | null;
  /** the live value is worse than the registered one (by any amount: gates and alerts set the tolerance) */
  readonly worse: boolean | null;
  /** estimated from scores (binary classifiers with scores), null otherwise */
  readonly estimated: number | null;
}

export interface QualityPoint {
  readonly start: Date;
  readonly rows: number;
  readonly labelled: number;
  readonly values: Readonly<Partial<Record<QualityMetricName, number | null>>>;
  readonly estimated: Readonly<Partial<Record<QualityMetricName, number | null>>>;
}

export interface QualityMeasurement {
  readonly scope: ReportScope;
  readonly measure: QualityMeasure;
  readonly metrics: readonly QualityComparison[];
  readonly trend: { readonly by: QualityBy; readonly points: readonly QualityPoint[] };
  /** null when there is something to show; else why not (one line) */
  readonly reason: string | null;
  readonly notComparable: { readonly rows: number; readonly hours: number };
}

export function registeredValue(metrics: Readonly<Record<string, number>>, name: QualityMetricName): { value: number; as: string } | null {
  for (const as of REGISTERED_NAMES[name]) if (metrics[as] !== undefined) return { value: metrics[as]!, as };
  return null;
}

const byName = (ms: readonly MetricValue[]) => Object.fromEntries(ms.map((m) => [m.name, m.value]));

/**
 * Live quality of the scope's labelled predictions (from the window's profiles, never the rows),
 * next to the values registered with the version, with a trend per day or hour.
 */
export async function measureQuality(deps: ReportDeps, scope: ReportScope, by: QualityBy = 'day'): Promise<Result<QualityMeasurement>> {
  const periodMs = by === 'day' ? DAY_MS : HOUR_MS;
  const w = await windowProfile(deps, scope, undefined, (hour) => Math.floor(hour.getTime() / periodMs) * periodMs);
  const task = deps.config.monitoring.models[scope.model.name]?.task;
  const measure = measureQualityProfile(w.profile.quality, w.profile.rows, task);
  const estimated = measure.estimated ? byName(measure.estimated.metrics) : {};
  const metrics = measure.metrics.map((m): QualityComparison => {
    const reg = registeredValue(scope.version.metrics, m.name);
    const difference = reg && m.value !== null ? m.value - reg.value : null;
    return { ...m, registered: reg?.value ?? null, registeredAs: reg?.as ?? null, difference, worse: difference === null ? null : LOWER_IS_BETTER.has(m.name) ? difference > 0 : difference < 0, estimated: estimated[m.name] ?? null };
  });
  const points = [...w.periods]
    .sort(([a], [b]) => a - b)
    .map(([start, p]): QualityPoint => {
      const m = measureQualityProfile(p.quality, p.rows, measure.task ?? undefined);
      return { start: new Date(start), rows: p.rows, labelled: m.labelled, values: byName(m.metrics), estimated: m.estimated ? byName(m.estimated.metrics) : {} };
    });
  let reason: string | null = null;
  if (w.profile.rows === 0) reason = `No predictions were logged for ${scopeText(scope)} in the last ${scope.windowLabel}.`;
  else if (measure.labelled === 0 && !measure.estimated) reason = `None of the ${w.profile.rows} predictions of ${scopeText(scope)} in the last ${scope.windowLabel} is labelled yet: attach labels with POST /api/v1/labels (or log predictions with a "score" to see estimated quality).`;
  else if (measure.labelled > 0 && measure.task === null) reason = `Quality needs to know what ${scope.model.name} predicts: ${measure.problem}. Set monitoring.models.${scope.model.name}.task in steward.yaml to binary, multiclass or regression.`;
  return ok({ scope, measure, metrics, trend: { by, points }, reason, notComparable: w.notComparable });
}
