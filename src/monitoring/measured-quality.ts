import type { QualityEvidence } from '../governance/domain/evaluation-source.js';
import { type ReportDeps, resolveScope } from './measure-drift.js';
import { measureQuality, type QualityMeasurement } from './measure-quality.js';

/**
 * The live quality the quality gate reads for `version` of `model`: its labelled predictions logged
 * in `env` over the window (default config.monitoring.window), next to the registered values — the
 * same numbers the quality report shows. What cannot be measured is said in `note`.
 */
export async function measuredQuality(deps: ReportDeps, model: string, version: number, env: string, opts: { window?: string } = {}): Promise<QualityEvidence> {
  const window = opts.window ?? deps.config.monitoring.window;
  const scope = await resolveScope(deps, { model, env, version, window });
  if (!scope.ok) return { environment: env, window, predictions: 0, labelled: 0, metrics: [], note: scope.error.message };
  const q = await measureQuality(deps, scope.value);
  if (!q.ok) return { environment: env, window: scope.value.windowLabel, predictions: 0, labelled: 0, metrics: [], note: q.error.message };
  return qualityEvidence(q.value);
}

/** A quality measurement as the evidence quality checks read (gates, the post-deploy check). */
export function qualityEvidence(m: QualityMeasurement): QualityEvidence {
  return {
    environment: m.scope.environment ?? 'all environments',
    window: m.scope.windowLabel,
    predictions: m.measure.rows,
    labelled: m.measure.labelled,
    metrics: m.metrics.map((x) => ({ name: x.name, value: x.value, registered: x.registered })),
    note: m.reason,
  };
}
